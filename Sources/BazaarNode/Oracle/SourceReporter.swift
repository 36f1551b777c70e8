public import BazaarCore
import Foundation
public import Logging
public import ServiceLifecycle

/// A node's oracle reporter: every interval it reads its `OracleSource`, signs reports of every
/// price and volatility smile the feed gives with its key, and hands them to the node's mempool.
///
/// The key reports only while it is a registered reporter of the chain (checked every interval;
/// the market authority registers reporters); until then the reporter waits and says so once.
/// Assets the chain does not know, the quote asset and past expiries are left out, so that one bad
/// entry does not sink the others. A read or parse failure is logged and retried next interval.
public struct SourceReporter: Service {
    let node: Node
    let key: PrivateKey
    let source: OracleSource
    let intervalMilliseconds: UInt64
    let logger: Logger

    public init(node: Node, key: PrivateKey, source: OracleSource, intervalMilliseconds: UInt64, logger: Logger) {
        self.node = node
        self.key = key
        self.source = source
        self.intervalMilliseconds = intervalMilliseconds
        self.logger = logger
    }

    public func run() async throws {
        do {
            try await cancelWhenGracefulShutdown { try await report() }
        } catch is CancellationError {}
    }

    private func report() async throws {
        var pending: [Hash] = []
        var warned = false
        while !Task.isCancelled {
            var stillPending: [Hash] = []
            for id in pending where await node.isPending(id) { stillPending.append(id) }
            pending = stillPending
            if pending.isEmpty {
                do {
                    pending = try await reportOnce(warned: &warned)
                } catch {
                    logger.warning("oracle source read failed", metadata: ["source": "\(source)", "error": "\(error)"])
                }
            }
            try await Task.sleep(for: .milliseconds(intervalMilliseconds))
        }
    }

    /// One read of the source and its reports, for a caller that schedules reporting itself (a
    /// test, a one-shot command): the ids of the transactions the mempool took, none while the
    /// key is not a registered reporter.
    public func reportOnce() async throws -> [Hash] {
        var warned = true
        return try await reportOnce(warned: &warned)
    }

    /// One read and its reports; the ids of the transactions the mempool took.
    private func reportOnce(warned: inout Bool) async throws -> [Hash] {
        let view = await node.oracleView
        let reporter = key.publicKey.accountID
        guard let quote = view.oracle.quoteAsset, view.oracle.reporters[reporter] != nil else {
            if !warned {
                logger.notice(
                    "oracle reporter idle: the oracle is not configured or this key is not a registered reporter",
                    metadata: ["reporter": "\(reporter.address)"])
                warned = true
            }
            return []
        }
        warned = false
        let feed = try OracleFeed.parse(try await source.read(), quoteDecimals: view.context.decimals(of: quote))
        let now = UInt64(Date().timeIntervalSince1970 * 1000)
        let actions = Self.actions(feed, known: { view.context.decimals[$0] != nil && $0 != quote }, now: now)
        let ids = await submit(actions)
        logger.debug(
            "oracle reports submitted", metadata: ["reports": "\(actions.count)", "transactions": "\(ids.count)"])
        return ids
    }

    /// The feed's reports at `now`: prices then smiles, of known assets other than the quote asset,
    /// smiles of future expiries only.
    public static func actions(_ feed: OracleFeed, known: (AssetSymbol) -> Bool, now: UInt64) -> [Action] {
        let prices = feed.prices.filter { known($0.asset) }.map { asset, price in
            Action.derivatives(
                .oracle(
                    .report(
                        OracleAction.Report(
                            asset: asset, quotePerUnit: Amount(baseUnits: price), timeMilliseconds: now))))
        }
        let smiles = feed.volatilities.filter { known($0.asset) && $0.expiryMilliseconds > now }.map { report in
            var report = report
            report.timeMilliseconds = now
            return Action.derivatives(.oracle(.reportVolatility(report)))
        }
        return prices + smiles
    }

    /// Signs `actions` in transactions of at most `SignedTransaction.actionCountMax`, consecutive nonces.
    private func submit(_ actions: [Action]) async -> [Hash] {
        guard !actions.isEmpty else { return [] }
        let context = await node.reporterContext(of: key.publicKey.accountID)
        var ids: [Hash] = []
        let chunks = stride(from: 0, to: actions.count, by: SignedTransaction.actionCountMax).map {
            Array(actions[$0..<min($0 + SignedTransaction.actionCountMax, actions.count)])
        }
        for (offset, chunk) in chunks.enumerated() {
            let signed = Transaction(
                chainID: node.chainID, sender: key.publicKey, nonce: context.nonce + UInt64(offset),
                fee: context.minimumFee, expiryHeight: context.height + 20, actions: chunk
            ).signed(with: key)
            guard let verified = VerifiedTransaction(verifying: signed) else { break }
            let code = await node.submit(verified)
            guard code == .ok else {
                logger.warning("oracle report refused", metadata: ["code": "\(code)"])
                break
            }
            ids.append(verified.id)
        }
        return ids
    }
}
