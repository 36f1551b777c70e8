public import BazaarCore
import Foundation
public import Logging
public import ServiceLifecycle

/// The devnet's oracle reporters: every interval, each reporter key signs a report of every
/// asset of the next price-path step (with a small seeded spread between reporters) and hands it
/// to the node's mempool. A reporter whose previous report is still pending skips a turn.
///
/// With `volatility`, each report also carries a smile of that underlying at each of its expiries
/// still ahead: a gentle seeded walk of the at-the-money level around 60% with a fixed skew
/// (`VolatilityWalk`).
public struct PriceReporter: Service {
    let node: Node
    let keys: [PrivateKey]
    let intervalMilliseconds: UInt64
    let path: PricePath
    let seed: UInt64
    let volatility: VolatilityWalk?
    let logger: Logger

    public init(
        node: Node, keys: [PrivateKey], path: PricePath, seed: UInt64, intervalMilliseconds: UInt64,
        volatility: VolatilityWalk? = nil, logger: Logger
    ) {
        self.node = node
        self.keys = keys
        self.path = path
        self.seed = seed
        self.intervalMilliseconds = intervalMilliseconds
        self.volatility = volatility
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
        var rounds = self.rounds()
        while !Task.isCancelled {
            await rounds.next()
            try await Task.sleep(for: .milliseconds(intervalMilliseconds))
        }
    }

    /// The reporters' rounds one at a time, for a caller that paces them itself (a test that
    /// makes a block after each round, however slow its machine): `run()` is these rounds with
    /// the interval between them.
    public func rounds() -> Rounds {
        Rounds(
            reporter: self, path: path, spread: SeededGenerator(seed: seed ^ 0x5eed),
            pending: Array(repeating: nil, count: keys.count), volatility: volatility)
    }

    /// The state the reporters carry from one round to the next.
    public struct Rounds {
        let reporter: PriceReporter
        var path: PricePath
        var spread: SeededGenerator
        /// Each reporter's last transaction: it reports again once that one left the mempool.
        var pending: [Hash?]
        var volatility: VolatilityWalk?

        /// One round: every reporter whose last report is not pending reports the path's next
        /// step (and the next smiles), at the wall-clock time.
        public mutating func next() async {
            let step = path.next()
            let now = UInt64(Date().timeIntervalSince1970 * 1000)
            let smiles = volatility?.next(now: now) ?? []
            let width = path.reporterSpreadBasisPoints
            for (index, key) in reporter.keys.enumerated() {
                let prices = step.map { asset, price in
                    let offset = Int.random(in: -width...width, using: &spread)
                    return (asset, max(PricePath.scale(price, basisPoints: offset), 1))
                }
                if let id = pending[index], await reporter.node.isPending(id) { continue }
                pending[index] = await reporter.submit(prices, smiles: smiles, key: key, timeMilliseconds: now)
            }
        }
    }

    fileprivate func submit(
        _ prices: PricePath.Step, smiles: [OracleAction.VolatilityReport], key: PrivateKey, timeMilliseconds: UInt64
    ) async -> Hash? {
        let context = await node.reporterContext(of: key.publicKey.accountID)
        var actions: [Action] = prices.map { asset, price in
            .derivatives(
                .oracle(
                    .report(
                        OracleAction.Report(
                            asset: asset, quotePerUnit: Amount(baseUnits: price), timeMilliseconds: timeMilliseconds))))
        }
        actions += smiles.map { .derivatives(.oracle(.reportVolatility($0))) }
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

/// The devnet's volatility walk: one underlying's smiles at fixed expiries, the at-the-money level
/// a seeded random walk (±0.2 volatility points per step, kept within 40%–90%, starting at 60%),
/// the wings a fixed skew, each later expiry one point higher.
public struct VolatilityWalk: Sendable {
    public let asset: AssetSymbol
    public let expiries: [UInt64]
    var level: Int
    var generator: SeededGenerator

    /// Each point's volatility relative to at the money, in basis points (70% … 130% moneyness).
    public static let skewBasisPoints: [Int] = [13_333, 12_000, 11_000, 10_333, 10_000, 10_167, 10_500, 11_167, 12_000]

    public init(asset: AssetSymbol, expiries: [UInt64], seed: UInt64) {
        self.asset = asset
        self.expiries = expiries.sorted()
        self.level = 600_000
        self.generator = SeededGenerator(seed: seed ^ 0x0b01)
    }

    /// The next step's smiles of the expiries after `now` (report times `now`).
    public mutating func next(now: UInt64) -> [OracleAction.VolatilityReport] {
        level = min(max(level + Int.random(in: -2_000...2_000, using: &generator), 400_000), 900_000)
        return expiries.enumerated().filter { $0.element > now }.map { index, expiry in
            let atTheMoney = level + index * 10_000
            return OracleAction.VolatilityReport(
                asset: asset, expiryMilliseconds: expiry,
                volatilities: Self.skewBasisPoints.map { UInt32(atTheMoney * $0 / 10_000) }, timeMilliseconds: now)
        }
    }
}
