import Testing

@testable import BazaarCore

extension Action {
    static func oracle(_ action: OracleAction) -> Action { .derivatives(.oracle(action)) }
    static func lending(_ action: LendingAction) -> Action { .derivatives(.lending(action)) }
}

extension TestChain {
    /// A chain with the exchange assets whose oracle (quote USD) is configured by account 0 with
    /// `parameters`, and accounts `1...reporterCount` registered as reporters.
    static func withOracle(
        reporterCount: Int, accountCount: Int? = nil, staleness: UInt64 = 5_000, minimumReporters: UInt32 = 1,
        maximumMoveBasisPoints: UInt32 = 10_000, twapWindow: UInt64 = 10_000
    ) -> TestChain {
        var chain = TestChain(accountCount: accountCount ?? reporterCount + 2, exchange: true)
        let parameters = OracleParameters(
            quoteAsset: TestChain.usd, stalenessMilliseconds: staleness, minimumReporters: minimumReporters,
            maximumMoveBasisPoints: maximumMoveBasisPoints, twapWindowMilliseconds: twapWindow)
        var actions: [Action] = [.oracle(.configure(parameters))]
        actions += (1...max(reporterCount, 1)).prefix(reporterCount).map { .oracle(.addReporter(chain.id($0))) }
        chain.run(0, actions)
        return chain
    }

    /// The time of the next block.
    var nextBlockTime: UInt64 { state.timeMilliseconds + TestChain.blockIntervalMilliseconds }

    /// A report by account `reporter`, observed at the next block's time unless told.
    func report(_ reporter: Int, _ asset: AssetSymbol, _ price: UInt128, at time: UInt64? = nil)
        -> VerifiedTransaction
    {
        transaction(
            from: reporter,
            [
                .oracle(
                    .report(
                        OracleAction.Report(
                            asset: asset, quotePerUnit: Amount(baseUnits: price),
                            timeMilliseconds: time ?? nextBlockTime)))
            ])
    }

    /// One block in which accounts `reporters` report `prices` (pairwise) for `asset`.
    @discardableResult
    mutating func reportBlock(_ asset: AssetSymbol, _ prices: [(reporter: Int, price: UInt128)]) -> FinalizedBlock {
        let block = executeBlock(prices.map { report($0.reporter, asset, $0.price) })
        #expect(block.results.allSatisfy { $0.code == .ok })
        return block
    }

    func oraclePrice(_ asset: AssetSymbol) -> OraclePrice? { state.oraclePrice(of: asset) }
}
