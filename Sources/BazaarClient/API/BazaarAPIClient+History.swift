public import BazaarAPI

extension BazaarAPIClient {
    /// `GET /v1/markets/{market}/trades`: prints, newest first; the page before the cursor
    /// `before` (a previous page's `next`) when given.
    public func trades(market: String, limit: Int? = nil, before: String? = nil) async throws -> TradesResponse {
        let query = try Self.query([("limit", limit.map(String.init)), ("before", try before.map(cursorComponent))])
        return try await get("/v1/markets/\(try marketComponent(market))/trades" + query)
    }

    /// `GET /v1/markets/{market}/candles`: candles of `resolution` (`1m`, `5m`, `15m`, `1h`, `4h`,
    /// `1d`) newest first, starting within `from`…`to` (Unix milliseconds) when given.
    public func candles(
        market: String, resolution: String, from: UInt64? = nil, to: UInt64? = nil, limit: Int? = nil,
        before: String? = nil
    ) async throws -> CandlesResponse {
        let query = try Self.query([
            ("resolution", try cursorComponent(resolution)), ("from", from.map(String.init)),
            ("to", to.map(String.init)), ("limit", limit.map(String.init)), ("before", try before.map(cursorComponent)),
        ])
        return try await get("/v1/markets/\(try marketComponent(market))/candles" + query)
    }

    /// `GET /v1/accounts/{address}/fills`: the account's side of each fill, newest first, in one
    /// market when given; the page before the cursor `before` (a previous page's `next`) when given.
    public func fills(address: String, market: String? = nil, limit: Int? = nil, before: String? = nil)
        async throws -> FillsResponse
    {
        let query = try Self.query([
            ("market", try market.map(marketComponent)), ("limit", limit.map(String.init)),
            ("before", try before.map(cursorComponent)),
        ])
        return try await get("/v1/accounts/\(try pathComponent(address))/fills" + query)
    }

    /// `GET /v1/accounts/{address}/orders/history`: the account's orders over their whole life,
    /// newest placed first.
    public func orderHistory(address: String, market: String? = nil, limit: Int? = nil, before: String? = nil)
        async throws -> OrderHistoryResponse
    {
        let query = try Self.query([
            ("market", try market.map(marketComponent)), ("limit", limit.map(String.init)),
            ("before", try before.map(cursorComponent)),
        ])
        return try await get("/v1/accounts/\(try pathComponent(address))/orders/history" + query)
    }

    /// `GET /v1/accounts/{address}/funding`: the account's funding payments, newest first.
    public func fundingPayments(address: String, market: String? = nil, limit: Int? = nil, before: String? = nil)
        async throws -> FundingPaymentsResponse
    {
        let query = try Self.query([
            ("market", try market.map(marketComponent)), ("limit", limit.map(String.init)),
            ("before", try before.map(cursorComponent)),
        ])
        return try await get("/v1/accounts/\(try pathComponent(address))/funding" + query)
    }

    /// `GET /v1/accounts/{address}/ledger`: the account's balance changes, newest first, of one
    /// asset when given.
    public func ledger(address: String, asset: String? = nil, limit: Int? = nil, before: String? = nil)
        async throws -> LedgerResponse
    {
        let query = try Self.query([
            ("asset", try asset.map(marketComponent)), ("limit", limit.map(String.init)),
            ("before", try before.map(cursorComponent)),
        ])
        return try await get("/v1/accounts/\(try pathComponent(address))/ledger" + query)
    }

    /// A cursor or resolution as a query value: base64url characters only, so nothing needs escaping.
    func cursorComponent(_ text: String) throws(BazaarClientError) -> String {
        let allowed = text.utf8.allSatisfy { byte in
            byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
                || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
        guard allowed, !text.isEmpty, text.utf8.count <= 128 else {
            throw BazaarClientError(.invalidInput, "'\(text)' is not a cursor or resolution")
        }
        return text
    }

    static func query(_ items: [(String, String?)]) -> String {
        let present = items.compactMap { name, value in value.map { "\(name)=\($0)" } }
        return present.isEmpty ? "" : "?" + present.joined(separator: "&")
    }
}
