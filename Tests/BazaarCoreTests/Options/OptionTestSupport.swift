import Testing

@testable import BazaarCore

extension MarginFixture {
    /// 2027-01-01T00:00:00Z, in milliseconds.
    static let optionExpiry: UInt64 = 1_798_761_600_000

    /// A BTC call struck at 60,000 USD expiring 2027-01-01 on a 1,000 USD strike grid: a lot is
    /// 0.01 BTC, a contract 1 BTC, a tick one cent per lot (so 2,000 ticks is a premium of
    /// 2,000 USD per BTC); maker fee 0, taker fee 0.5%, impact size 2 lots.
    static let callSpec = MarginAction.ListOption(
        underlying: btc, quote: usd, expiryMilliseconds: optionExpiry, strike: Amount(6_000_000),
        strikeStep: Amount(100_000), kind: .call, contractSize: Amount(100_000_000), lotSize: Amount(1_000_000),
        tickSize: Amount(1), minimumSize: Amount(1_000_000), maximumPriceTicks: 1_000_000, makerFeeBasisPoints: 0,
        takerFeeBasisPoints: 50, impactLots: 2)

    /// `callSpec` with another kind and strike.
    static func optionSpec(_ kind: OptionKind, strike: UInt128) -> MarginAction.ListOption {
        var spec = callSpec
        spec.kind = kind
        spec.strike = Amount(strike)
        return spec
    }

    /// Lists the series and returns its market id, after giving its expiry a fresh, flat
    /// volatility smile (``setSmile(_:expiry:)``) so that its orders may add risk.
    @discardableResult
    mutating func listOption(_ spec: MarginAction.ListOption = MarginFixture.callSpec) -> MarketID {
        setSmile(expiry: spec.expiryMilliseconds)
        let events = expectOK(0, .listOption(spec))
        guard case .marketCreated(let id, _, _) = events.first else {
            Issue.record("no series listed")
            return 0
        }
        return id
    }

    /// Gives `asset` at `expiry` a flat smile of `volatility` (parts per million) as of this
    /// block, as the oracle's aggregation of fresh reports would have left it.
    mutating func setSmile(
        _ volatility: UInt32 = 600_000, expiry: UInt64 = MarginFixture.optionExpiry, of asset: AssetSymbol = btc
    ) {
        state.derivatives.oracle.volatilitySmiles.write(
            VolatilitySmile(
                volatilities: Array(repeating: volatility, count: VolatilityParameters.pointCount),
                height: state.height, timeMilliseconds: state.timeMilliseconds, reporterCount: 1),
            for: VolatilityKey(asset: asset, expiryMilliseconds: expiry))
    }

    /// Gives the underlying a price history for settlement: each (milliseconds before expiry,
    /// price) point as the oracle's aggregation would have recorded it.
    mutating func setHistory(_ points: [(before: Int64, price: UInt128)], of asset: AssetSymbol = MarginFixture.btc) {
        let history = points.map {
            PriceFeed.Point(
                height: state.height, timeMilliseconds: UInt64(Int64(Self.optionExpiry) - $0.before),
                quotePerUnit: $0.price)
        }
        state.derivatives.oracle.feeds.write(PriceFeed(history: history), for: asset)
    }

    /// Sets the block time to the expiry (plus `milliseconds`) and runs the end of block.
    mutating func endBlockAtExpiry(plus milliseconds: UInt64 = 500) -> [MarginEvent] {
        state.timeMilliseconds = Self.optionExpiry + milliseconds
        return endBlock()
    }
}
