public import BazaarCore
import Foundation
public import Logging
public import ServiceLifecycle

/// The devnet's oracle reporters: every interval, each reporter key signs a report of every
/// asset of the next price-path step (with a small seeded spread between reporters) and hands it
/// to the node's mempool. A reporter whose previous report is still pending skips a turn.
public struct PriceReporter: Service {
    let node: Node
    let keys: [PrivateKey]
    let intervalMilliseconds: UInt64
    let path: PricePath
    let seed: UInt64
    let logger: Logger

    public init(
        node: Node, keys: [PrivateKey], path: PricePath, seed: UInt64, intervalMilliseconds: UInt64, logger: Logger
    ) {
        self.node = node
        self.keys = keys
        self.path = path
        self.seed = seed
        self.intervalMilliseconds = intervalMilliseconds
        self.logger = logger
    }

    /// Reports until cancelled or asked to shut down gracefully.
    public func run() async throws {
        // A chain made before the oracle existed has no parameters: reports would only fail.
        guard await node.oracleView.oracle.parameters != nil else {
            logger.notice("the chain's oracle is not configured; the devnet's reporters stay idle")
            return try await gracefulShutdown()
        }
        do {
            try await cancelWhenGracefulShutdown { try await report() }
        } catch is CancellationError {}
    }

    private func report() async throws {
        var path = self.path
        var spread = SeededGenerator(seed: seed ^ 0x5eed)
        var pending: [Hash?] = Array(repeating: nil, count: keys.count)
        while !Task.isCancelled {
            let step = path.next()
            let now = UInt64(Date().timeIntervalSince1970 * 1000)
            for (index, key) in keys.enumerated() {
                let prices = step.map { asset, price in
                    let offset = Int.random(
                        in: -PricePath.reporterSpreadBasisPoints...PricePath.reporterSpreadBasisPoints, using: &spread)
                    return (asset, max(PricePath.scale(price, basisPoints: offset), 1))
                }
                if let id = pending[index], await node.isPending(id) { continue }
                pending[index] = await submit(prices, key: key, timeMilliseconds: now)
            }
            try await Task.sleep(for: .milliseconds(intervalMilliseconds))
        }
    }

    private func submit(_ prices: PricePath.Step, key: PrivateKey, timeMilliseconds: UInt64) async -> Hash? {
        let context = await node.reporterContext(of: key.publicKey.accountID)
        let actions: [Action] = prices.map { asset, price in
            .derivatives(
                .oracle(
                    .report(
                        OracleAction.Report(
                            asset: asset, quotePerUnit: Amount(baseUnits: price), timeMilliseconds: timeMilliseconds))))
        }
        let signed = Transaction(
            chainID: node.chainID, sender: key.publicKey, nonce: context.nonce, fee: context.minimumFee,
            expiryHeight: context.height + 20, actions: actions
        ).signed(with: key)
        guard let verified = VerifiedTransaction(verifying: signed) else { return nil }
        let code = await node.submit(verified)
        if code != .ok { logger.debug("oracle report refused", metadata: ["code": "\(code)"]) }
        return code == .ok ? verified.id : nil
    }
}
