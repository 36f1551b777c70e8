import Testing

@testable import BazaarCore

extension TestChain {
    /// A volatility report by account `reporter` of `asset` at `expiry`, observed at the next
    /// block's time unless told.
    func volatilityReport(
        _ reporter: Int, _ asset: AssetSymbol = TestChain.btc, expiry: UInt64, _ volatilities: [UInt32],
        at time: UInt64? = nil
    ) -> VerifiedTransaction {
        transaction(from: reporter, [volatilityAction(asset, expiry: expiry, volatilities, at: time)])
    }

    func volatilityAction(
        _ asset: AssetSymbol = TestChain.btc, expiry: UInt64, _ volatilities: [UInt32], at time: UInt64? = nil
    ) -> Action {
        .oracle(
            .reportVolatility(
                OracleAction.VolatilityReport(
                    asset: asset, expiryMilliseconds: expiry, volatilities: volatilities,
                    timeMilliseconds: time ?? nextBlockTime)))
    }

    /// One block in which each of `reports` (reporter, volatilities) reports BTC at `expiry`.
    @discardableResult
    mutating func volatilityBlock(expiry: UInt64, _ reports: [(reporter: Int, volatilities: [UInt32])])
        -> FinalizedBlock
    {
        let block = executeBlock(reports.map { volatilityReport($0.reporter, expiry: expiry, $0.volatilities) })
        #expect(block.results.allSatisfy { $0.code == .ok }, "\(block.results.map(\.code))")
        return block
    }

    func smile(_ expiry: UInt64, of asset: AssetSymbol = TestChain.btc) -> VolatilitySmile? {
        state.derivatives.oracle.volatilitySmiles[VolatilityKey(asset: asset, expiryMilliseconds: expiry)]
    }
}

@Suite struct VolatilitySurfaceTests {
    static let btc = TestChain.btc
    static let day: UInt64 = 86_400_000

    static func flat(_ volatility: UInt32) -> [UInt32] {
        Array(repeating: volatility, count: VolatilityParameters.pointCount)
    }

    /// A smile with distinct values, points 70% … 130%.
    static let smile: [UInt32] = [800_000, 700_000, 620_000, 600_000, 580_000, 590_000, 600_000, 640_000, 700_000]

    @Test func aSmileIsTheMedianPerPointOfFreshReports() {
        var chain = TestChain.withOracle(reporterCount: 3)
        let expiry = chain.state.timeMilliseconds + Self.day
        let block = chain.volatilityBlock(
            expiry: expiry,
            [
                (1, Self.flat(600_000)),
                (2, [900_000, 800_000, 700_000, 650_000, 600_000, 620_000, 640_000, 700_000, 750_000]),
                (3, [700_000, 500_000, 650_000, 550_000, 600_000, 610_000, 500_000, 800_000, 100_000]),
            ])
        let medians: [UInt32] = [700_000, 600_000, 650_000, 600_000, 600_000, 610_000, 600_000, 700_000, 600_000]
        #expect(
            chain.smile(expiry)
                == VolatilitySmile(
                    volatilities: medians, height: chain.state.height, timeMilliseconds: chain.state.timeMilliseconds,
                    reporterCount: 3))
        #expect(
            block.endBlockEvents.contains(
                .derivatives(
                    .oracle(
                        .volatilityUpdated(
                            asset: Self.btc, expiryMilliseconds: expiry, volatilities: medians, reporterCount: 3,
                            isStale: false, clamped: false)))))
        // Reporter 1's fresh report still counts with 2's new one: an even count takes the mean of
        // the middle two, rounded down.
        chain.run(0, [.oracle(.removeReporter(chain.id(3)))])
        chain.volatilityBlock(expiry: expiry, [(2, Self.flat(600_003))])
        #expect(chain.smile(expiry)?.volatilities == Self.flat(600_001))
        #expect(chain.smile(expiry)?.reporterCount == 2)
    }

    @Test func aSmileWithoutFreshReportsTurnsStaleAndTheQueryRefusesIt() throws {
        var chain = TestChain.withOracle(reporterCount: 2, minimumReporters: 1)
        chain.run(
            0, [.oracle(.configureVolatility(VolatilityParameters(stalenessMilliseconds: 5_000, minimumReporters: 2)))])
        let expiry = chain.state.timeMilliseconds + Self.day
        chain.volatilityBlock(expiry: expiry, [(1, Self.flat(500_000))])
        // One report of two required: no smile yet.
        #expect(chain.smile(expiry)?.isAggregated == false)
        #expect(chain.query(expiry: expiry) == .failure(.missing))
        chain.volatilityBlock(expiry: expiry, [(2, Self.flat(520_000))])
        #expect(chain.smile(expiry)?.volatilities == Self.flat(510_000))
        #expect(chain.query(expiry: expiry) == .success(510_000))
        // Reporter 1's report is a block older than 2's: it ages out first, after 5 s.
        for _ in 0..<4 { chain.executeBlock([]) }
        #expect(chain.smile(expiry)?.isStale == false)
        let block = chain.executeBlock([])
        let smile = try #require(chain.smile(expiry))
        #expect(smile.isStale && smile.volatilities == Self.flat(510_000) && smile.reporterCount == 1)
        #expect(
            block.endBlockEvents == [
                .derivatives(
                    .oracle(
                        .volatilityUpdated(
                            asset: Self.btc, expiryMilliseconds: expiry, volatilities: Self.flat(510_000),
                            reporterCount: 1, isStale: true, clamped: false)))
            ])
        #expect(chain.query(expiry: expiry) == .failure(.stale))
        #expect {
            try chain.state.requireImpliedVolatility(
                underlying: Self.btc, expiryMilliseconds: expiry, strike: 100, spot: 100)
        } throws: { ($0 as? ActionFailure)?.code == .stalePrice }
        // Marked once: the next block writes nothing.
        #expect(chain.executeBlock([]).endBlockEvents.isEmpty)
    }

    @Test func aSmileAggregatedLongerAgoThanTheStalenessWindowIsStale() {
        var chain = TestChain.withOracle(reporterCount: 1)
        chain.run(0, [.oracle(.configureVolatility(VolatilityParameters(stalenessMilliseconds: 5_000)))])
        let expiry = chain.state.timeMilliseconds + Self.day
        chain.volatilityBlock(expiry: expiry, [(1, Self.flat(500_000))])
        let aggregated = chain.state.timeMilliseconds
        #expect(chain.query(expiry: expiry, at: aggregated + 5_000) == .success(500_000))
        #expect(chain.query(expiry: expiry, at: aggregated + 5_001) == .failure(.stale))
    }

    @Test func eachPointMovesAtMostTheLimitPerBlock() {
        var chain = TestChain.withOracle(reporterCount: 1)
        chain.run(0, [.oracle(.configureVolatility(VolatilityParameters(maximumMoveBasisPoints: 1_000)))])
        let expiry = chain.state.timeMilliseconds + Self.day
        chain.volatilityBlock(expiry: expiry, [(1, Self.flat(500_000))])
        var rising = Self.flat(1_000_000)
        rising[4] = 520_000
        let block = chain.volatilityBlock(expiry: expiry, [(1, rising)])
        var expected = Self.flat(550_000)
        expected[4] = 520_000
        #expect(chain.smile(expiry)?.volatilities == expected)
        #expect(chain.smile(expiry)?.unclampedVolatilities == rising)
        #expect(
            block.endBlockEvents.contains(
                .derivatives(
                    .oracle(
                        .volatilityUpdated(
                            asset: Self.btc, expiryMilliseconds: expiry, volatilities: expected, reporterCount: 1,
                            isStale: false, clamped: true)))))
        // Down: 10% of 550,000 is 55,000; of 520,000, 52,000.
        chain.volatilityBlock(expiry: expiry, [(1, Self.flat(10_000))])
        expected = Self.flat(495_000)
        expected[4] = 468_000
        #expect(chain.smile(expiry)?.volatilities == expected)
        // Within the limit: no clamp, nothing recorded as unclamped.
        chain.volatilityBlock(expiry: expiry, [(1, expected)])
        #expect(chain.smile(expiry)?.unclampedVolatilities == nil)
    }

    @Test func badVolatilityReportsAreRefusedWithDistinctCodesAndChangeOnlyNonceAndFee() {
        var unconfigured = TestChain(accountCount: 2, exchange: true)
        let someExpiry = unconfigured.state.timeMilliseconds + Self.day
        #expect(
            unconfigured.execute(unconfigured.volatilityReport(1, expiry: someExpiry, Self.smile)).code
                == .oracleNotConfigured)
        var chain = TestChain.withOracle(reporterCount: 1)
        let expiry = chain.nextBlockTime + Self.day
        var outOfRange = Self.smile
        outOfRange[8] = 10_000_001
        var belowRange = Self.smile
        belowRange[0] = 9_999
        let horizon = VolatilityParameters.expiryHorizonMillisecondsMax
        // Each built just before its block (block time `now`).
        let cases: [((TestChain, UInt64) -> VerifiedTransaction, ResultCode)] = [
            ({ chain, _ in chain.volatilityReport(2, expiry: expiry, Self.smile) }, .notReporter),
            ({ chain, _ in chain.volatilityReport(1, "XYZ", expiry: expiry, Self.smile) }, .unknownAsset),
            ({ chain, _ in chain.volatilityReport(1, TestChain.usd, expiry: expiry, Self.smile) }, .invalidObservation),
            ({ chain, _ in chain.volatilityReport(1, expiry: expiry, outOfRange) }, .invalidVolatility),
            ({ chain, _ in chain.volatilityReport(1, expiry: expiry, belowRange) }, .invalidVolatility),
            (
                { chain, _ in chain.volatilityReport(1, expiry: expiry, Array(Self.smile.prefix(8))) },
                .invalidVolatility
            ),
            ({ chain, _ in chain.volatilityReport(1, expiry: expiry, []) }, .invalidVolatility),
            ({ chain, now in chain.volatilityReport(1, expiry: now, Self.smile) }, .invalidVolatilityExpiry),
            (
                { chain, now in chain.volatilityReport(1, expiry: now + horizon + 1, Self.smile) },
                .invalidVolatilityExpiry
            ),
            (
                { chain, now in chain.volatilityReport(1, expiry: expiry, Self.smile, at: now + 10_001) },
                .invalidObservationTime
            ),
            (
                { chain, now in chain.volatilityReport(1, expiry: expiry, Self.smile, at: now - 60_001) },
                .invalidObservationTime
            ),
        ]
        for (make, code) in cases {
            let transaction = make(chain, chain.nextBlockTime)
            let sender = transaction.signed.transaction.sender.accountID
            let before = chain.state
            let result = chain.execute(transaction)
            #expect(result.code == code)
            #expect(chain.state.derivatives.oracle.canonicalBytes == before.derivatives.oracle.canonicalBytes)
            #expect(chain.state.account(sender)?.nonce == before.account(sender).map { $0.nonce + 1 })
            #expect(
                chain.state.balance(of: sender, asset: TestChain.feeAsset).baseUnits
                    == before.balance(of: sender, asset: TestChain.feeAsset).baseUnits - TestChain.minimumFee.baseUnits)
        }
        // The horizon itself is allowed.
        #expect(chain.execute(chain.volatilityReport(1, expiry: chain.nextBlockTime + horizon, Self.smile)).code == .ok)
        // A replay or an older report of the same expiry.
        let time = chain.nextBlockTime
        #expect(chain.execute(chain.volatilityReport(1, expiry: expiry, Self.smile, at: time)).code == .ok)
        #expect(
            chain.execute(chain.volatilityReport(1, expiry: expiry, Self.smile, at: time)).code
                == .invalidObservationTime)
    }

    @Test func anUnderlyingHasABoundedNumberOfExpiries() {
        var chain = TestChain.withOracle(reporterCount: 1)
        let start = chain.state.timeMilliseconds + Self.day
        let reports = (0..<VolatilityParameters.expiryCountMax).map { index in
            chain.volatilityAction(expiry: start + UInt64(index), Self.smile)
        }
        chain.run(1, reports)
        #expect(chain.state.derivatives.oracle.smiles(of: Self.btc).count == VolatilityParameters.expiryCountMax)
        let extra = chain.volatilityReport(1, expiry: start + 100, Self.smile)
        #expect(chain.execute(extra).code == .tooManyVolatilityExpiries)
        // A listed expiry can still be updated.
        #expect(chain.execute(chain.volatilityReport(1, expiry: start, Self.smile)).code == .ok)
    }

    @Test func expiredSmilesAreDroppedWithTheirReports() {
        var chain = TestChain.withOracle(reporterCount: 2)
        let expiry = chain.nextBlockTime + 3_000
        let later = chain.nextBlockTime + Self.day
        chain.volatilityBlock(expiry: expiry, [(1, Self.smile), (2, Self.smile)])
        chain.volatilityBlock(expiry: later, [(1, Self.smile)])
        #expect(chain.state.derivatives.oracle.volatilityObservations.count == 3)
        chain.executeBlock([])
        #expect(chain.smile(expiry) != nil)
        let block = chain.executeBlock([])
        #expect(chain.state.timeMilliseconds == expiry)
        #expect(chain.smile(expiry) == nil)
        #expect(chain.state.derivatives.oracle.volatilityObservations.count == 1)
        #expect(chain.smile(later)?.isAggregated == true)
        #expect(
            block.endBlockEvents.contains(
                .derivatives(.oracle(.volatilityExpired(asset: Self.btc, expiryMilliseconds: expiry)))))
    }

    @Test func aRemovedReportersVolatilitiesNoLongerCount() {
        var chain = TestChain.withOracle(reporterCount: 2)
        let expiry = chain.state.timeMilliseconds + Self.day
        chain.volatilityBlock(expiry: expiry, [(1, Self.flat(400_000)), (2, Self.flat(600_000))])
        chain.run(0, [.oracle(.removeReporter(chain.id(2)))])
        #expect(chain.smile(expiry)?.volatilities == Self.flat(400_000))
        #expect(
            chain.state.derivatives.oracle.volatilityObservations(
                of: VolatilityKey(asset: Self.btc, expiryMilliseconds: expiry)
            ).map(\.reporter) == [chain.id(1)])
    }

    @Test func configurationBelongsToTheMarketAuthorityAndIsChecked() {
        var chain = TestChain.withOracle(reporterCount: 1)
        #expect(chain.state.derivatives.oracle.volatilityParameters == VolatilityParameters())
        let parameters = VolatilityParameters(
            stalenessMilliseconds: 30_000, minimumReporters: 2, maximumMoveBasisPoints: 500)
        chain.run(1, [.oracle(.configureVolatility(parameters))], expect: .notMarketAuthority)
        for broken in [
            VolatilityParameters(stalenessMilliseconds: 0), VolatilityParameters(stalenessMilliseconds: 86_400_001),
            VolatilityParameters(minimumReporters: 0), VolatilityParameters(minimumReporters: 101),
            VolatilityParameters(maximumMoveBasisPoints: 0), VolatilityParameters(maximumMoveBasisPoints: 10_001),
        ] {
            chain.run(0, [.oracle(.configureVolatility(broken))], expect: .invalidOracleParameters)
        }
        #expect(chain.state.derivatives.oracle.volatilityConfiguration.count == 0)
        chain.run(0, [.oracle(.configureVolatility(parameters))])
        #expect(chain.state.derivatives.oracle.volatilityParameters == parameters)
    }

    // MARK: Interpolation

    @Test func moneynessInterpolationIsLinearBetweenPointsAndFlatBeyond() {
        let smile = Self.smile
        func volatility(_ strike: UInt128, _ spot: UInt128) -> UInt64 {
            OracleState.volatility(in: smile, strike: strike, spot: spot)
        }
        #expect(volatility(100_000, 100_000) == 580_000)
        #expect(volatility(70_000, 100_000) == 800_000)
        #expect(volatility(130_000, 100_000) == 700_000)
        #expect(volatility(50_000, 100_000) == 800_000)
        #expect(volatility(1, 100_000) == 800_000)
        #expect(volatility(200_000, 100_000) == 700_000)
        #expect(volatility(UInt128.max, 1) == 700_000)
        // 97.5%: halfway from 600,000 at 95% to 580,000 at 100%.
        #expect(volatility(97_500, 100_000) == 590_000)
        // 115%: halfway from 600,000 at 110% to 640,000 at 120%.
        #expect(volatility(115_000, 100_000) == 620_000)
        // 370,001 / 300,000 = 123.33366…% (floored at 10⁻¹⁰: 12,333,366,666): 640,000 + 60,000 ×
        // 333,366,666 / 10⁹ = 660,001.99… rounded down.
        #expect(volatility(370_001, 300_000) == 660_001)
        // 220,001 / 300,000 = 73.33366…%: 800,000 − ⌈100,000 × 333,366,666 / 10⁹⌉ = 800,000 − 33,337.
        #expect(volatility(220_001, 300_000) == 766_663)
    }

    @Test func timeInterpolationIsLinearInTotalVariance() {
        // σ₁ = 50% at T = 1,000, σ₂ = 40% at T = 4,000; at T = 2,500 the total variance is
        // (2.5·10¹⁴ + 6.4·10¹⁴) / 2 = 4.45·10¹⁴, over T 1.78·10¹¹, whose root is 421,900.46….
        #expect(
            OracleState.interpolateInTotalVariance(lower: (1_000, 500_000), upper: (4_000, 400_000), at: 2_500)
                == 421_900)
        // Falling total variance: (3.6·10¹⁴ + 3.2·10¹⁴) / 2 = 3.4·10¹⁴ over 1,500 is
        // 226,666,666,666 (rounded down), whose root is 476,095.65….
        #expect(
            OracleState.interpolateInTotalVariance(lower: (1_000, 600_000), upper: (2_000, 400_000), at: 1_500)
                == 476_095)
        // Equal volatilities give exactly that volatility.
        #expect(
            OracleState.interpolateInTotalVariance(lower: (7, 10_000), upper: (1_000_000, 10_000), at: 99_999) == 10_000
        )
        #expect(OracleState.squareRoot(0) == 0 && OracleState.squareRoot(1) == 1 && OracleState.squareRoot(3) == 1)
        #expect(OracleState.squareRoot(UInt128.max) == UInt128(UInt64.max))
    }

    @Test func theQueryInterpolatesTheChainsSurface() {
        var chain = TestChain.withOracle(reporterCount: 1)
        let now = chain.nextBlockTime
        let (near, far) = (now + 10_000_000, now + 40_000_000)
        chain.run(
            1,
            [chain.volatilityAction(expiry: near, Self.flat(500_000)), chain.volatilityAction(expiry: far, Self.smile)])
        #expect(chain.state.timeMilliseconds == now)
        // At the money the far smile is 580,000: total variance 2.5·10¹⁸ and 1.3456·10¹⁹ at
        // T = 10⁷ and 4·10⁷; halfway in time (T = 2.5·10⁷) 7.978·10¹⁸, over T 319,120,000,000,
        // whose root is 564,907.07….
        #expect(chain.query(expiry: now + 25_000_000) == .success(564_907))
        #expect(chain.query(expiry: near) == .success(500_000))
        #expect(chain.query(expiry: far) == .success(580_000))
        #expect(chain.query(expiry: far, strike: 115) == .success(620_000))
        // Flat before the first expiry and after the last.
        #expect(chain.query(expiry: now + 1) == .success(500_000))
        #expect(chain.query(expiry: far + Self.day) == .success(580_000))
        #expect(chain.query(expiry: now) == .failure(.expired))
        #expect(chain.query(expiry: near, strike: 0) == .failure(.invalidInput))
        #expect(chain.query(expiry: near, asset: TestChain.feeAsset) == .failure(.missing))
        // Seen long after the last aggregation, the surface is stale.
        #expect(chain.query(expiry: now + 25_000_000, at: near) == .failure(.stale))
    }

    // MARK: Invariants and encoding

    @Test func theInvariantsCatchABrokenSurface() throws {
        var chain = TestChain.withOracle(reporterCount: 1)
        let expiry = chain.state.timeMilliseconds + Self.day
        chain.volatilityBlock(expiry: expiry, [(1, Self.smile)])
        try chain.state.checkFullConservation()
        let key = VolatilityKey(asset: Self.btc, expiryMilliseconds: expiry)

        var orphan = chain.state
        orphan.derivatives.oracle.volatilityObservations.write(
            VolatilityObservation(volatilities: Self.smile, timeMilliseconds: 0, height: 0),
            for: VolatilityObservationKey(smile: key, reporter: chain.id(2)))
        #expect(throws: InvariantViolation.self) { try orphan.checkFullConservation() }

        var short = chain.state
        short.derivatives.oracle.volatilitySmiles.write(VolatilitySmile(volatilities: [500_000]), for: key)
        #expect(throws: InvariantViolation.self) { try short.checkFullConservation() }

        var outOfRange = chain.state
        outOfRange.derivatives.oracle.volatilitySmiles.write(VolatilitySmile(volatilities: Self.flat(5_000)), for: key)
        #expect(throws: InvariantViolation.self) { try outOfRange.checkFullConservation() }

        var expired = chain.state
        expired.derivatives.oracle.volatilitySmiles.write(
            VolatilitySmile(), for: VolatilityKey(asset: Self.btc, expiryMilliseconds: chain.state.timeMilliseconds))
        #expect(throws: InvariantViolation.self) { try expired.checkFullConservation() }

        var crowded = chain.state
        for index in 1...UInt64(VolatilityParameters.expiryCountMax) {
            crowded.derivatives.oracle.volatilitySmiles.write(
                VolatilitySmile(), for: VolatilityKey(asset: Self.btc, expiryMilliseconds: expiry + index))
        }
        #expect(throws: InvariantViolation.self) { try crowded.checkFullConservation() }
    }

    @Test func theSurfaceRoundTripsThroughTheSnapshotEncoding() throws {
        var chain = TestChain.withOracle(reporterCount: 2)
        chain.run(0, [.oracle(.configureVolatility(VolatilityParameters(maximumMoveBasisPoints: 100)))])
        let expiry = chain.state.timeMilliseconds + Self.day
        chain.volatilityBlock(expiry: expiry, [(1, Self.smile), (2, Self.flat(300_000))])
        chain.volatilityBlock(expiry: expiry, [(1, Self.flat(900_000))])
        #expect(chain.smile(expiry)?.unclampedVolatilities != nil)
        let oracle = chain.state.derivatives.oracle
        let decoded = try OracleState(canonicalBytes: oracle.canonicalBytes)
        #expect(decoded.canonicalBytes == oracle.canonicalBytes)
        #expect(
            decoded.volatilitySmiles[VolatilityKey(asset: Self.btc, expiryMilliseconds: expiry)] == chain.smile(expiry))
        #expect(decoded.volatilityParameters == oracle.volatilityParameters)
        let state = try LedgerState(canonicalBytes: chain.state.canonicalBytes)
        #expect(state.canonicalBytes == chain.state.canonicalBytes)
    }

    @Test func volatilityActionsAndEventsRoundTrip() throws {
        let reporter = TestChain.key(1).publicKey.accountID
        let actions: [OracleAction] = [
            .reportVolatility(
                OracleAction.VolatilityReport(
                    asset: "BTC", expiryMilliseconds: 7, volatilities: Self.smile, timeMilliseconds: 3)),
            .reportVolatility(
                OracleAction.VolatilityReport(
                    asset: "BTC", expiryMilliseconds: 7, volatilities: [], timeMilliseconds: 3)),
            .configureVolatility(
                VolatilityParameters(stalenessMilliseconds: 9, minimumReporters: 2, maximumMoveBasisPoints: 3)),
        ]
        for action in actions { #expect(try OracleAction(canonicalBytes: action.canonicalBytes) == action) }
        // Tags 04 and 05, after the price oracle's.
        #expect(actions[0].canonicalBytes.first == 4 && actions[2].canonicalBytes.first == 5)
        // More volatilities than points do not decode.
        var tooMany = actions[0].canonicalBytes
        let countOffset = 1 + Self.btc.canonicalBytes.count + 8
        tooMany[countOffset] = UInt8(VolatilityParameters.pointCount + 1)
        #expect(throws: DecodingError.self) { try OracleAction(canonicalBytes: tooMany) }
        let events: [OracleEvent] = [
            .volatilityConfigured(authority: reporter, parameters: VolatilityParameters()),
            .volatilityObserved(reporter: reporter, asset: "BTC", expiryMilliseconds: 5, timeMilliseconds: 4),
            .volatilityUpdated(
                asset: "BTC", expiryMilliseconds: 5, volatilities: Self.smile, reporterCount: 2, isStale: true,
                clamped: true),
            .volatilityExpired(asset: "BTC", expiryMilliseconds: 5),
        ]
        for event in events { #expect(try OracleEvent(canonicalBytes: event.canonicalBytes) == event) }
    }
}

extension TestChain {
    /// The surface's volatility of BTC (or `asset`) at `strike` with spot 100, seen at `at` (the
    /// block time unless told).
    func query(expiry: UInt64, strike: UInt128 = 100, asset: AssetSymbol = TestChain.btc, at: UInt64? = nil)
        -> Result<UInt64, VolatilityUnavailable>
    {
        state.impliedVolatility(
            underlying: asset, expiryMilliseconds: expiry, strike: strike, spot: 100,
            atMilliseconds: at ?? state.timeMilliseconds)
    }
}
