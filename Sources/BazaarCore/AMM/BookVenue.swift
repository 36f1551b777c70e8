/// A continuous market's book as a route venue: its rules and price levels, best first. The router
/// walks copies of it to quote, and the ledger plans a route's book hop on the live book with it.
///
/// Taking a book is a market order for the trader: selling base for quote (all whole lots of the
/// input, at any price) or buying base with a quote budget (the most whole lots whose price plus
/// taker fee fits the budget, with the last level's price as the worst price). Input that is not a
/// whole lot stays with the trader.
public struct BookVenue: Sendable, Hashable {
    public var market: Market
    public var bids: [MatchingEngine.Level]
    public var asks: [MatchingEngine.Level]

    public init(market: Market, bids: [MatchingEngine.Level], asks: [MatchingEngine.Level]) {
        self.market = market
        self.bids = bids
        self.asks = asks
    }

    public func contains(_ asset: AssetSymbol) -> Bool { asset == market.base || asset == market.quote }

    /// A plan for one market order: its side, lots and worst price, and what it spends and receives.
    public struct Plan: Sendable, Hashable {
        public var side: MatchingEngine.Side
        public var lots: Int64
        public var worstPriceTicks: Int64
        public var amountIn: Amount
        public var amountOut: Amount
        public var fee: Amount
        public var assetOut: AssetSymbol
    }

    private var takerBasisPoints: Int16 { max(market.takerFeeBasisPoints, 0) }

    /// What a market order for `amount` of `assetIn` would do on these levels; nil when it trades nothing.
    public func plan(assetIn: AssetSymbol, amount: Amount) -> Plan? {
        guard contains(assetIn), !amount.isZero else { return nil }
        let selling = assetIn == market.base
        var remaining = selling ? amount.baseUnits / market.lotSize.baseUnits : amount.baseUnits
        var lots: Int64 = 0
        var worst: Int64 = 0
        var notional = Amount.zero
        var fee = Amount.zero
        for level in selling ? bids : asks {
            guard remaining > 0, level.quantity > 0, let perLot = market.notional(priceTicks: level.price, lots: 1)
            else { break }
            var take: UInt128
            if selling {
                take = min(remaining, UInt128(level.quantity))
            } else {
                // The most lots whose notional plus the taker fee on it fits the budget left.
                let rate = UInt128(10_000 + Int(takerBasisPoints))
                take = min(UInt128(level.quantity), remaining * 10_000 / (perLot.baseUnits * rate))
                while take > 0 {
                    let cost = perLot.multiplied(by: take)!
                    if cost.adding(Market.fee(on: cost, basisPoints: takerBasisPoints))!.baseUnits <= remaining {
                        break
                    }
                    take -= 1
                }
            }
            guard take > 0, let levelNotional = perLot.multiplied(by: take) else { break }
            let levelFee = Market.fee(on: levelNotional, basisPoints: takerBasisPoints)
            lots += Int64(take)
            worst = level.price
            notional = notional.adding(levelNotional)!
            fee = fee.adding(levelFee)!
            if selling {
                remaining -= take
            } else {
                remaining -= levelNotional.adding(levelFee)!.baseUnits
                if take < UInt128(level.quantity) { break }
            }
        }
        let size = market.lotSize.multiplied(by: UInt128(lots)) ?? .zero
        guard lots > 0, size >= market.minimumSize else { return nil }
        if selling {
            guard notional > fee else { return nil }
            return Plan(
                side: .ask, lots: lots, worstPriceTicks: worst, amountIn: size, amountOut: notional.subtracting(fee)!,
                fee: fee, assetOut: market.quote)
        }
        return Plan(
            side: .bid, lots: lots, worstPriceTicks: worst, amountIn: notional.adding(fee)!, amountOut: size, fee: fee,
            assetOut: market.base)
    }

    /// Takes a plan's lots off the levels, as its order would.
    public mutating func take(_ plan: Plan) {
        var remaining = plan.lots
        if plan.side == .ask {
            Self.consume(&bids, &remaining)
        } else {
            Self.consume(&asks, &remaining)
        }
    }

    private static func consume(_ levels: inout [MatchingEngine.Level], _ remaining: inout Int64) {
        var index = 0
        while remaining > 0, index < levels.count {
            let taken = min(remaining, levels[index].quantity)
            levels[index].quantity -= taken
            remaining -= taken
            index += 1
        }
        levels.removeAll { $0.quantity == 0 }
    }
}
