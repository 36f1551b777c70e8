import BazaarAPI
import BazaarCore
import Foundation
import Hummingbird
import HummingbirdWebSocket

extension APIRoutes {
    /// The web page (docs/WEB.md): every embedded file at its path, `index.html` also at `/`.
    static func registerWebRoutes(on router: Router<BasicWebSocketRequestContext>) {
        for asset in WebAssets.assets {
            let response = WebAssets.response(asset)
            router.get(RouterPath(asset.urlPath)) { _, _ in response }
        }
    }

    /// `GET` and `POST /v1/faucet`: a devnet's faucet, or 403 `faucet_disabled` without one.
    static func registerFaucetRoutes(on v1: RouterGroup<BasicWebSocketRequestContext>, faucet: Faucet?, node: Node) {
        v1.get("faucet") { _, _ in
            let faucet = try enabled(faucet, node: node)
            let settings = faucet.settings
            return try JSONResponse.make(
                FaucetInfoResponse(
                    amounts: try await grantAmounts(settings, node: node),
                    perAddressIntervalSeconds: settings.perAddressIntervalMilliseconds / 1000,
                    globalGrantsMax: settings.globalGrantsMax,
                    globalWindowSeconds: settings.globalWindowMilliseconds / 1000))
        }
        v1.post("faucet") { request, _ in
            let faucet = try enabled(faucet, node: node)
            var request = request
            let body = try await request.collectBody(upTo: requestBodyBytesMax)
            guard let asked = try? JSONDecoder().decode(FaucetRequest.self, from: Data(buffer: body)) else {
                throw APIFailure.badRequest("body must be JSON {\"address\": \"bz1…\"}")
            }
            let recipient = try accountID(asked.address)
            let id: Hash
            switch await faucet.grant(to: recipient) {
            case .success(let granted): id = granted
            case .failure(let refusal): throw failure(refusal)
            }
            return try JSONResponse.make(
                FaucetGrantResponse(
                    id: id.hex, address: recipient.address, amounts: try await grantAmounts(faucet.settings, node: node)
                ),
                status: .accepted)
        }
    }

    private static func enabled(_ faucet: Faucet?, node: Node) throws -> Faucet {
        guard let faucet else {
            throw APIFailure(
                .forbidden, code: "faucet_disabled",
                message:
                    "this node (chain \(node.chainID)) has no faucet: only a devnet started by `bazaar devnet` gives funds"
            )
        }
        return faucet
    }

    private static func failure(_ refusal: Faucet.Refusal) -> APIFailure {
        switch refusal {
        case .rateLimited(.addressTooSoon(let wait)):
            APIFailure(
                .tooManyRequests, code: "rate_limited",
                message: "this address was funded recently; ask again in \(secondsRoundedUp(wait)) s")
        case .rateLimited(.globalLimit(let wait)):
            APIFailure(
                .tooManyRequests, code: "rate_limited",
                message: "the faucet has given all it may for now; ask again in \(secondsRoundedUp(wait)) s")
        case .rejected(let code):
            APIFailure(
                .serviceUnavailable, code: code.name, message: "the faucet's transfer was refused: \(code.message)")
        }
    }

    /// Whole seconds, rounded up so that asking again after them succeeds.
    private static func secondsRoundedUp(_ milliseconds: UInt64) -> UInt64 {
        milliseconds / 1000 + (milliseconds % 1000 == 0 ? 0 : 1)
    }

    private static func grantAmounts(_ settings: FaucetSettings, node: Node) async throws -> [BalanceJSON] {
        var amounts = [BalanceJSON]()
        for (asset, amount) in settings.grant {
            guard let decimals = await node.asset(asset)?.decimals else {
                throw APIFailure(
                    .serviceUnavailable, code: "unknown_asset",
                    message: "the faucet gives \(asset), which this chain lacks")
            }
            amounts.append(
                BalanceJSON(
                    asset: asset.description, amount: amount.formatted(decimals: decimals),
                    baseUnits: String(amount.baseUnits)))
        }
        return amounts
    }
}
