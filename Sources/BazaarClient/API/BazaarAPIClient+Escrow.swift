public import BazaarAPI
import Foundation

extension BazaarAPIClient {
    /// `GET /v1/htlcs/{id}`.
    public func htlc(id: UInt64) async throws -> HTLCJSON {
        try await get("/v1/htlcs/\(id)")
    }

    /// `GET /v1/htlcs?hashlock=…`: the newest HTLCs under a hashlock.
    public func htlcs(hashlock: String) async throws -> HTLCsResponse {
        try await get("/v1/htlcs?hashlock=\(hashlock)")
    }

    /// `GET /v1/swap-offers?status=…`.
    public func swapOffers(status: String = "open") async throws -> SwapOffersResponse {
        try await get("/v1/swap-offers?status=\(status)")
    }

    /// `GET /v1/swap-offers/{id}`.
    public func swapOffer(id: UInt64) async throws -> SwapOfferJSON {
        try await get("/v1/swap-offers/\(id)")
    }

    /// `GET /v1/escrows[?status=…&account=…]`.
    public func tradeEscrows(status: String? = nil, account: String? = nil) async throws -> TradeEscrowsResponse {
        var query: [String] = []
        if let status { query.append("status=\(status)") }
        if let account { query.append("account=\(account)") }
        return try await get("/v1/escrows" + (query.isEmpty ? "" : "?" + query.joined(separator: "&")))
    }

    /// `GET /v1/escrows/{id}`.
    public func tradeEscrow(id: UInt64) async throws -> TradeEscrowJSON {
        try await get("/v1/escrows/\(id)")
    }
}
