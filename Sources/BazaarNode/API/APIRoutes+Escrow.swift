import BazaarAPI
import BazaarCore
import Hummingbird

/// The escrow routes: HTLCs, cross-ledger swap offers and peer-to-peer trade escrows.
extension APIRoutes {
    static func registerEscrowRoutes(on v1: RouterGroup<some RequestContext>, node: Node) {
        v1.get("htlcs") { request, _ in try await htlcs(request, node: node) }
        v1.get("htlcs/{id}") { _, context in try await htlc(context.parameters.require("id"), node: node) }
        v1.get("swap-offers") { request, _ in try await swapOffers(request, node: node) }
        v1.get("swap-offers/{id}") { _, context in try await swapOffer(context.parameters.require("id"), node: node) }
        v1.get("escrows") { request, _ in try await tradeEscrows(request, node: node) }
        v1.get("escrows/{id}") { _, context in try await tradeEscrow(context.parameters.require("id"), node: node) }
    }

    /// `GET /v1/htlcs/{id}`.
    static func htlc(_ text: String, node: Node) async throws -> Response {
        let (htlc, context) = await node.htlc(try escrowID(text, "HTLC"))
        guard let htlc else {
            throw APIFailure(.notFound, code: ResultCode.unknownHTLC.name, message: "no HTLC \(text)")
        }
        return try JSONResponse.make(HTLCJSON(htlc, context: context))
    }

    /// `GET /v1/htlcs[?hashlock=HEX][&account=ADDRESS]`: the newest 100 that match, newest first.
    static func htlcs(_ request: Request, node: Node) async throws -> Response {
        var hashlock: Hash?
        if let text = request.uri.queryParameters["hashlock"] {
            guard let hash = Hash(hex: text) else { throw APIFailure.badRequest("hashlock must be 64 hex digits") }
            hashlock = hash
        }
        let account = try request.uri.queryParameters["account"].map { try accountID(String($0)) }
        let (found, context) = await node.htlcs(hashlock: hashlock, account: account, limit: HTLCsResponse.countMax)
        return try JSONResponse.make(HTLCsResponse(htlcs: found.map { HTLCJSON($0, context: context) }))
    }

    /// `GET /v1/swap-offers/{id}`.
    static func swapOffer(_ text: String, node: Node) async throws -> Response {
        let (offer, context) = await node.swapOffer(try escrowID(text, "swap offer"))
        guard let offer else {
            throw APIFailure(.notFound, code: ResultCode.unknownSwapOffer.name, message: "no swap offer \(text)")
        }
        return try JSONResponse.make(SwapOfferJSON(offer, context: context))
    }

    /// `GET /v1/swap-offers[?status=open|taken|cancelled|expired|all]` (default `open`): the newest 100, newest first.
    static func swapOffers(_ request: Request, node: Node) async throws -> Response {
        let text = request.uri.queryParameters["status"].map(String.init) ?? "open"
        var status: SwapOffer.Status?
        if text != "all" {
            guard let named = SwapOffer.Status.allCases.first(where: { $0.name == text }) else {
                throw APIFailure.badRequest(
                    "status must be open, taken, cancelled, expired or all, not \(EchoedInput.quoted(text))")
            }
            status = named
        }
        let (found, context) = await node.swapOffers(status: status, limit: SwapOffersResponse.countMax)
        return try JSONResponse.make(SwapOffersResponse(offers: found.map { SwapOfferJSON($0, context: context) }))
    }

    /// `GET /v1/escrows/{id}`.
    static func tradeEscrow(_ text: String, node: Node) async throws -> Response {
        let (trade, context) = await node.tradeEscrow(try escrowID(text, "escrow"))
        guard let trade else {
            throw APIFailure(.notFound, code: ResultCode.unknownTrade.name, message: "no escrow \(text)")
        }
        return try JSONResponse.make(TradeEscrowJSON(trade, context: context))
    }

    /// `GET /v1/escrows[?status=S][&account=ADDRESS]`: the newest 100 that match, and the registered resolvers.
    static func tradeEscrows(_ request: Request, node: Node) async throws -> Response {
        var status: TradeEscrow.Status?
        if let text = request.uri.queryParameters["status"], text != "all" {
            guard let named = TradeEscrow.Status.allCases.first(where: { $0.name == text }) else {
                let names = TradeEscrow.Status.allCases.map(\.name).joined(separator: ", ")
                throw APIFailure.badRequest("status must be one of \(names) or all, not \(EchoedInput.quoted(text))")
            }
            status = named
        }
        let account = try request.uri.queryParameters["account"].map { try accountID(String($0)) }
        let (found, resolvers, context) = await node.tradeEscrows(
            status: status, account: account, limit: TradeEscrowsResponse.countMax)
        return try JSONResponse.make(
            TradeEscrowsResponse(
                escrows: found.map { TradeEscrowJSON($0, context: context) },
                mediators: resolvers.filter { $0.1.isMediator }.map { $0.0.address },
                arbitrators: resolvers.filter { $0.1.isArbitrator }.map { $0.0.address }))
    }

    private static func escrowID(_ text: String, _ what: String) throws -> UInt64 {
        guard let id = UInt64(text), id > 0 else {
            throw APIFailure.badRequest("\(what) id must be a positive whole number, not \(EchoedInput.quoted(text))")
        }
        return id
    }
}
