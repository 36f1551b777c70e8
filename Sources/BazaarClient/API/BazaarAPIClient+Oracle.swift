public import BazaarAPI

extension BazaarAPIClient {
    /// `GET /v1/oracle`: the oracle's parameters, reporters and every asset's price.
    public func oracle() async throws -> OracleResponse {
        try await get("/v1/oracle")
    }

    /// `GET /v1/oracle/{asset}`: one asset's price, observations, TWAP and newest `history` points.
    public func oraclePrice(asset: String, history: Int? = nil) async throws -> OraclePriceJSON {
        try await get("/v1/oracle/\(try pathComponent(asset))" + (history.map { "?history=\($0)" } ?? ""))
    }

    /// `GET /v1/oracle/vol/{asset}`: the underlying's volatility surface, one smile per expiry.
    public func volatilitySurface(asset: String) async throws -> VolatilitySurfaceJSON {
        try await get("/v1/oracle/vol/\(try pathComponent(asset))")
    }

    /// `GET /v1/lending`: every lending pool.
    public func lendingPools() async throws -> LendingPoolsResponse {
        try await get("/v1/lending")
    }

    /// `GET /v1/lending/{asset}`: one lending pool.
    public func lendingPool(asset: String) async throws -> LendingPoolJSON {
        try await get("/v1/lending/\(try pathComponent(asset))")
    }

    /// `GET /v1/accounts/{address}/lending`: what the account supplied and owes.
    public func lendingPositions(address: String) async throws -> LendingPositionsResponse {
        try await get("/v1/accounts/\(try pathComponent(address))/lending")
    }
}
