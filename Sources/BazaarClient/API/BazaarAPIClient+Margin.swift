public import BazaarAPI

extension BazaarAPIClient {
    /// `GET /v1/accounts/{address}/margin`: equity, requirements, health factor, collateral,
    /// positions with their liquidation prices, and debts.
    public func margin(address: String) async throws -> MarginAccountResponse {
        try await get("/v1/accounts/\(try pathComponent(address))/margin")
    }

    /// `GET /v1/accounts/{address}/margin/scenarios`: the portfolio margin scenario matrix of each
    /// underlying in which the account holds an option, and its requirements.
    public func marginScenarios(address: String) async throws -> MarginScenariosResponse {
        try await get("/v1/accounts/\(try pathComponent(address))/margin/scenarios")
    }

    /// `GET /v1/markets/{market}/funding`: a perpetual's funding and margin rules.
    public func funding(market: String) async throws -> FundingResponse {
        try await get("/v1/markets/\(try marketComponent(market))/funding")
    }

    /// `GET /v1/perpetuals`: every perpetual market's funding and margin rules.
    public func perpetuals() async throws -> PerpetualsResponse {
        try await get("/v1/perpetuals")
    }

    /// The perpetual named `BASE-PERP` (or by its market id).
    public func perpetual(_ name: String) async throws -> FundingResponse {
        let list = try await perpetuals().perpetuals
        if let id = UInt32(name), let found = list.first(where: { $0.marketId == id }) { return found }
        if let found = list.first(where: { $0.market == name.uppercased() }) { return found }
        let known = list.map { "\($0.market) (\($0.marketId))" }.joined(separator: ", ")
        throw BazaarClientError(
            .invalidInput, "no perpetual market '\(name)'; perpetuals: \(known.isEmpty ? "none" : known)")
    }
}
