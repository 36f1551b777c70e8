public import BazaarAPI

extension BazaarAPIClient {
    /// `GET /v1/pools`: every AMM pool with its reserves and price.
    public func pools() async throws -> PoolsResponse {
        try await get("/v1/pools")
    }

    /// `GET /v1/pools/{id}`.
    ///
    /// - Throws: `APIError` with code `unknown_pool`.
    public func pool(_ id: UInt64) async throws -> PoolJSON {
        try await get("/v1/pools/\(id)")
    }

    /// `GET /v1/quote`: the best route for `amount` (whole units, e.g. "1000") of `assetIn` to `assetOut`
    /// across the pools: its legs, split, expected output, price impact and fees.
    ///
    /// - Throws: `APIError` with code `insufficient_liquidity` when no pool path can take it.
    public func quote(in assetIn: String, out assetOut: String, amount: String) async throws -> QuoteResponse {
        let allowed = (assetIn + assetOut + amount).utf8.allSatisfy { byte in
            byte == UInt8(ascii: ".") || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
        guard allowed else {
            throw BazaarClientError(.invalidInput, "assets are letters and digits, amounts decimal numbers")
        }
        return try await get("/v1/quote?in=\(assetIn)&out=\(assetOut)&amount=\(amount)")
    }
}
