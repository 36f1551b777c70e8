import Foundation
import Testing

@testable import BazaarCore

@Suite struct OracleTests {
    static let onCI = ProcessInfo.processInfo.environment["CI"] != nil
    static let btc = TestChain.btc

    @Test func aPriceIsTheMedianOfFreshObservations() {
        var chain = TestChain.withOracle(reporterCount: 5)
        let block = chain.reportBlock(Self.btc, [(1, 100), (2, 300), (3, 200), (4, 250), (5, 150)])
        #expect(chain.oraclePrice(Self.btc) == OraclePrice(quotePerUnit: 200, height: chain.state.height))
        #expect(
            block.endBlockEvents.contains(
                .derivatives(
                    .oracle(
                        .priceUpdated(
                            asset: Self.btc, quoteAsset: TestChain.usd, quotePerUnit: Amount(baseUnits: 200),
                            reporterCount: 5, isStale: false, unclamped: nil)))))
        // The other reporters' observations are still fresh: 150, 200, 201, 250, 290.
        chain.reportBlock(Self.btc, [(1, 201), (2, 290)])
        #expect(chain.oraclePrice(Self.btc)?.quotePerUnit == 201)
        // An even count takes the mean of the middle two, rounded down.
        var pair = TestChain.withOracle(reporterCount: 2)
        pair.reportBlock(Self.btc, [(1, 201), (2, 204)])
        #expect(pair.oraclePrice(Self.btc)?.quotePerUnit == 202)
    }

    @Test func theQuoteAssetIsWorthOneUnitAndNeverStale() {
        let chain = TestChain.withOracle(reporterCount: 1)
        #expect(chain.oraclePrice(TestChain.usd) == OraclePrice(quotePerUnit: 100, height: chain.state.height))
        #expect(chain.oraclePrice(Self.btc) == nil)
    }

    /// With 3f+1 reporters of which f report anything at all, the median stays within the range of
    /// the honest reports. Seeded; the seed is printed on failure.
    @Test(arguments: [(1, 11), (2, 12), (3, 13)] as [(Int, UInt64)])
    func byzantineReportersCannotMoveTheMedianOutsideTheHonestRange(faulty: Int, seed: UInt64) {
        var random = TestRandom(seed: seed)
        let reporters = 3 * faulty + 1
        var chain = TestChain.withOracle(reporterCount: reporters)
        let rounds = Self.onCI ? 5 : 20
        for _ in 0..<rounds {
            let liars = Set((1...reporters).shuffled(using: &random).prefix(faulty))
            var honest: [UInt128] = []
            var reports: [(reporter: Int, price: UInt128)] = []
            for reporter in 1...reporters {
                if liars.contains(reporter) {
                    let lie: UInt128 =
                        switch UInt64.random(in: 0...2, using: &random) {
                        case 0: 1
                        case 1: UInt128(UInt64.max) * UInt128(UInt64.random(in: 1...1_000, using: &random))
                        default: UInt128(UInt64.random(in: 1...1_000_000_000, using: &random))
                        }
                    reports.append((reporter, lie))
                } else {
                    let price = UInt128(UInt64.random(in: 6_200_000...6_800_000, using: &random))
                    honest.append(price)
                    reports.append((reporter, price))
                }
            }
            chain.reportBlock(Self.btc, reports)
            let price = chain.oraclePrice(Self.btc)!.quotePerUnit
            #expect(
                honest.min()! <= price && price <= honest.max()!,
                "seed \(seed): median \(price) outside honest \(honest.min()!)...\(honest.max()!) with liars \(liars)")
        }
    }

    @Test(arguments: [7 as UInt64, 2_026_112_205])
    func theMedianIsWithinTheHonestRangeForAnyMinorityOfLiars(seed: UInt64) {
        var random = TestRandom(seed: seed)
        for _ in 0..<(Self.onCI ? 200 : 2_000) {
            let faulty = Int.random(in: 0...10, using: &random)
            let honest = (0...(faulty + Int.random(in: 0...10, using: &random))).map { _ in
                UInt128(UInt64.random(in: 1_000...2_000, using: &random))
            }
            let lies = (0..<faulty).map { _ in UInt128.random(in: 0 ... .max, using: &random) }
            let median = LedgerState.median((honest + lies).shuffled(using: &random))
            #expect(honest.min()! <= median && median <= honest.max()!, "seed \(seed)")
        }
    }

    @Test func tooFewFreshObservationsLeaveNoPriceOrAStaleOne() {
        var chain = TestChain.withOracle(reporterCount: 3, minimumReporters: 2)
        chain.reportBlock(Self.btc, [(1, 100)])
        #expect(chain.oraclePrice(Self.btc) == nil)
        chain.reportBlock(Self.btc, [(2, 110)])
        let fresh = chain.oraclePrice(Self.btc)!
        #expect(fresh.quotePerUnit == 105 && !fresh.isStale)
        // Staleness 5 s and one block a second: after the observations age out, the price is stale.
        for _ in 0..<4 { chain.executeBlock([]) }
        let lastFresh = chain.oraclePrice(Self.btc)!
        #expect(!lastFresh.isStale && lastFresh.height == fresh.height + 4)
        let block = chain.executeBlock([])
        #expect(chain.oraclePrice(Self.btc) == OraclePrice(quotePerUnit: 105, height: lastFresh.height, isStale: true))
        #expect(block.endBlockEvents.count == 1)
        // Fresh again once enough reporters report.
        chain.reportBlock(Self.btc, [(1, 120), (3, 130)])
        #expect(chain.oraclePrice(Self.btc) == OraclePrice(quotePerUnit: 125, height: chain.state.height))
    }

    @Test func aRemovedReportersObservationsNoLongerCount() {
        var chain = TestChain.withOracle(reporterCount: 2, minimumReporters: 2)
        chain.reportBlock(Self.btc, [(1, 100), (2, 100)])
        chain.run(0, [.oracle(.removeReporter(chain.id(2)))])
        #expect(chain.oraclePrice(Self.btc)?.isStale == true)
        #expect(chain.state.derivatives.oracle.observations(of: Self.btc).map(\.reporter) == [chain.id(1)])
    }

    @Test func aMoveBeyondTheLimitIsClampedPerBlock() {
        var chain = TestChain.withOracle(reporterCount: 1, maximumMoveBasisPoints: 1_000)
        chain.reportBlock(Self.btc, [(1, 1_000)])
        let block = chain.reportBlock(Self.btc, [(1, 2_000)])
        #expect(chain.oraclePrice(Self.btc)?.quotePerUnit == 1_100)
        #expect(
            block.endBlockEvents.contains(
                .derivatives(
                    .oracle(
                        .priceUpdated(
                            asset: Self.btc, quoteAsset: TestChain.usd, quotePerUnit: Amount(baseUnits: 1_100),
                            reporterCount: 1, isStale: false, unclamped: Amount(baseUnits: 2_000))))))
        chain.reportBlock(Self.btc, [(1, 2_001)])
        #expect(chain.oraclePrice(Self.btc)?.quotePerUnit == 1_210)
        chain.reportBlock(Self.btc, [(1, 1)])
        #expect(chain.oraclePrice(Self.btc)?.quotePerUnit == 1_089)
    }

    @Test func twapWeighsEachPriceByHowLongItHeld() {
        var chain = TestChain.withOracle(reporterCount: 1, twapWindow: 3_000)
        chain.reportBlock(Self.btc, [(1, 100)])
        #expect(chain.state.derivatives.oracle.feeds[Self.btc]?.twapQuotePerUnit == 100)
        chain.reportBlock(Self.btc, [(1, 200)])
        // 100 for 1 s, then 200 for 0 s so far.
        #expect(chain.state.derivatives.oracle.feeds[Self.btc]?.twapQuotePerUnit == 100)
        chain.reportBlock(Self.btc, [(1, 400)])
        #expect(chain.state.derivatives.oracle.feeds[Self.btc]?.twapQuotePerUnit == 150)
        chain.reportBlock(Self.btc, [(1, 400)])
        // Window of 3 s: 100, 200, 400 for one second each.
        #expect(chain.state.derivatives.oracle.feeds[Self.btc]?.twapQuotePerUnit == 233)
        #expect(chain.state.derivatives.oracle.feeds[Self.btc]?.history.map(\.quotePerUnit) == [100, 200, 400, 400])
    }

    @Test func historyIsBounded() {
        let history = (0..<(OracleParameters.historyCountMax + 10)).map {
            PriceFeed.Point(height: UInt64($0), timeMilliseconds: UInt64($0), quotePerUnit: 7)
        }
        #expect(PriceFeed.twap(of: history, now: 10_000, window: 100) == 7)
        var chain = TestChain.withOracle(reporterCount: 1)
        for price in 1...UInt128(OracleParameters.historyCountMax + 2) { chain.reportBlock(Self.btc, [(1, price)]) }
        let kept = chain.state.derivatives.oracle.feeds[Self.btc]!.history
        #expect(kept.count == OracleParameters.historyCountMax)
        #expect(kept.last?.quotePerUnit == UInt128(OracleParameters.historyCountMax + 2))
    }

    @Test func configurationAndRegistryBelongToTheMarketAuthority() {
        var chain = TestChain.withOracle(reporterCount: 1)
        let parameters = chain.state.derivatives.oracle.parameters!
        chain.run(1, [.oracle(.configure(parameters))], expect: .notMarketAuthority)
        chain.run(1, [.oracle(.addReporter(chain.id(2)))], expect: .notMarketAuthority)
        chain.run(1, [.oracle(.removeReporter(chain.id(1)))], expect: .notMarketAuthority)
        chain.run(0, [.oracle(.addReporter(chain.id(1)))], expect: .reporterExists)
        chain.run(0, [.oracle(.removeReporter(chain.id(2)))], expect: .unknownReporter)
        var other = parameters
        other.quoteAsset = TestChain.feeAsset
        chain.run(0, [.oracle(.configure(other))], expect: .invalidOracleParameters)
        other = parameters
        other.quoteAsset = "XYZ"
        chain.run(0, [.oracle(.configure(other))], expect: .unknownAsset)
        for broken in [
            OracleParameters(quoteAsset: TestChain.usd, stalenessMilliseconds: 0),
            OracleParameters(quoteAsset: TestChain.usd, stalenessMilliseconds: 86_400_001),
            OracleParameters(quoteAsset: TestChain.usd, minimumReporters: 0),
            OracleParameters(quoteAsset: TestChain.usd, minimumReporters: 101),
            OracleParameters(quoteAsset: TestChain.usd, maximumMoveBasisPoints: 0),
            OracleParameters(quoteAsset: TestChain.usd, maximumMoveBasisPoints: 10_001),
            OracleParameters(quoteAsset: TestChain.usd, twapWindowMilliseconds: 0),
        ] {
            chain.run(0, [.oracle(.configure(broken))], expect: .invalidOracleParameters)
        }
        // Changing the other parameters is allowed.
        other = parameters
        other.minimumReporters = 3
        chain.run(0, [.oracle(.configure(other))])
        #expect(chain.state.derivatives.oracle.parameters == other)
    }

    @Test func theRegistryIsBounded() {
        var chain = TestChain.withOracle(reporterCount: 0)
        var registered = 0
        var seed: UInt8 = 100
        while registered < OracleParameters.reporterCountMax {
            let batch = (0..<min(32, OracleParameters.reporterCountMax - registered)).map { _ -> Action in
                seed &+= 1
                return .oracle(.addReporter(PrivateKey(seed: [UInt8](repeating: seed, count: 32))!.publicKey.accountID))
            }
            chain.run(0, batch)
            registered += batch.count
        }
        chain.run(0, [.oracle(.addReporter(chain.id(1)))], expect: .tooManyReporters)
    }

    @Test func badReportsAreRefusedAndChangeNothing() {
        var unconfigured = TestChain(accountCount: 2, exchange: true)
        #expect(unconfigured.execute(unconfigured.report(1, Self.btc, 100)).code == .oracleNotConfigured)
        var chain = TestChain.withOracle(reporterCount: 1)
        let reporterCount = chain.state.derivatives.oracle.reporters.count
        #expect(chain.execute(chain.report(2, Self.btc, 100)).code == .notReporter)
        #expect(chain.execute(chain.report(1, "XYZ", 100)).code == .unknownAsset)
        #expect(chain.execute(chain.report(1, Self.btc, 0)).code == .invalidObservation)
        #expect(chain.execute(chain.report(1, TestChain.usd, 100)).code == .invalidObservation)
        let now = chain.nextBlockTime
        #expect(
            chain.execute(chain.report(1, Self.btc, 100, at: now + TestChain.blockIntervalMilliseconds + 10_001)).code
                == .invalidObservationTime)
        #expect(
            chain.execute(chain.report(1, Self.btc, 100, at: chain.nextBlockTime - 5_001)).code
                == .invalidObservationTime)
        #expect(chain.state.derivatives.oracle.observations.count == 0)
        #expect(chain.state.derivatives.oracle.feeds.count == 0)
        let time = chain.nextBlockTime
        #expect(chain.execute(chain.report(1, Self.btc, 100, at: time)).code == .ok)
        // Not after the reporter's last observation: a replay or an older one.
        #expect(chain.execute(chain.report(1, Self.btc, 100, at: time)).code == .invalidObservationTime)
        #expect(chain.state.derivatives.oracle.reporters.count == reporterCount)
    }

    @Test func oracleStateRoundTripsThroughTheSnapshotEncoding() throws {
        var chain = TestChain.withOracle(reporterCount: 3)
        chain.reportBlock(Self.btc, [(1, 100), (2, 110), (3, 120)])
        let state = chain.state.derivatives.oracle
        let decoded = try OracleState(canonicalBytes: state.canonicalBytes)
        #expect(decoded.canonicalBytes == state.canonicalBytes)
        #expect(decoded.prices[Self.btc] == state.prices[Self.btc])
    }

    @Test func actionsAndEventsRoundTrip() throws {
        let reporter = TestChain.key(1).publicKey.accountID
        let actions: [OracleAction] = [
            .configure(OracleParameters(quoteAsset: "USD")), .addReporter(reporter), .removeReporter(reporter),
            .report(OracleAction.Report(asset: "BTC", quotePerUnit: Amount(baseUnits: 5), timeMilliseconds: 9)),
        ]
        for action in actions { #expect(try OracleAction(canonicalBytes: action.canonicalBytes) == action) }
        let events: [OracleEvent] = [
            .configured(authority: reporter, parameters: OracleParameters(quoteAsset: "USD")),
            .reporterAdded(reporter: reporter), .reporterRemoved(reporter: reporter),
            .observed(
                reporter: reporter, asset: "BTC", quoteAsset: "USD", quotePerUnit: Amount(baseUnits: 5),
                timeMilliseconds: 3),
            .priceUpdated(
                asset: "BTC", quoteAsset: "USD", quotePerUnit: Amount(baseUnits: 5), reporterCount: 2, isStale: true,
                unclamped: Amount(baseUnits: 9)),
        ]
        for event in events { #expect(try OracleEvent(canonicalBytes: event.canonicalBytes) == event) }
    }
}
