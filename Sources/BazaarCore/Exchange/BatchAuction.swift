/// A uniform-price batch auction: the orders a market collects during a block clear together,
/// at the end of the block, at one price that maximizes the executed volume.
///
/// Every order in the batch trades at the same price, and orders that arrived in the same block
/// are served equally (pro rata), so the position of an order inside a block gives no advantage.
/// That is the defence against front-running: a proposer or a fast sender who sees an order
/// cannot trade ahead of it by placing another order earlier in the same block.
///
/// This is the pure clearing rule only (no balances, fees or accounts); the state machine
/// collects the orders and settles the fills. The rules, in order (docs/AUCTIONS.md has a worked
/// example):
///
/// 1. **Candidate prices** are the orders' limit prices, so the price is one a trader asked for
///    and on the tick grid (or the reference price when only market orders trade, below). A
///    market order has no price of its own (a market buy is `Int64.max`, a market sell
///    `Int64.min`) and adds no candidate.
/// 2. At a candidate `p`, **demand** is the quantity of bids with limit ≥ `p` (market buys
///    included), **supply** the quantity of asks with limit ≤ `p` (market sells included), the
///    **volume** is `min(demand, supply)` and the **imbalance** `demand - supply`.
/// 3. The clearing price is a candidate with the **largest volume**; no volume anywhere means no
///    trade (`price == nil`).
/// 4. Of those, the ones with the **smallest absolute imbalance**: the fewest lots are turned
///    away at the price, so it is the price the batch comes closest to agreeing on.
/// 5. **Market pressure**: where the imbalance is positive (more demand than supply) the highest
///    such price, where negative the lowest. Any other of those prices would ration an order
///    strictly better than the price, breaking price priority (`bid 10 @ 102, ask 5 @ 100` clears
///    at 102: at 100 the bid would be better than the price and still get only half). What is
///    left is one price, or two, `low < high`, with the same fills at both (zero imbalance at
///    both, or excess demand at `low` and excess supply at `high`): only the price differs.
/// 6. Of two, the one **closest to `referencePrice`** (the last clearing or trade price): the
///    batch is indifferent, and this moves the market least.
/// 7. Then the **lower**. Without a reference (a market's first auction) or exactly halfway, any
///    fixed choice is as fair; a midpoint would not be a price anyone asked for.
///
/// **Market orders.** If only market orders trade at that price (they alone fill the volume on
/// both sides, so every limit order gets nothing), the price is `referencePrice` instead when
/// there is one, moved up to the highest limit bid or down to the lowest limit ask if it lies
/// beyond them: every price in that range fills those orders the same, a limit order that does
/// not trade (perhaps far off the market) should not set what market orders pay, and outside the
/// range a limit order strictly better than the price would get nothing, breaking price priority.
/// With no limit order at all, market orders on both sides trade at the reference price, and
/// without one nothing trades.
///
/// **Allocation.** Each side serves its orders that accept the price in price priority (market
/// orders first, then better limits first); every order better than the marginal level fills
/// completely, and the level where the volume runs out (the clearing price, or the market level
/// if market orders alone exceed the other side) is allocated by ``Order/priorityClass``
/// ascending (each class fully before the next), and within the class that runs out pro rata by
/// quantity: each order gets the floor of its share, and the few lots left go one each by the
/// largest fractional share, then the larger order, then the smaller ``Order/allocationKey``, then
/// the smaller id. The short side fills completely.
///
/// Deterministic: integers only (sums and products in `Int128`), no hashing order, and the result
/// does not depend on the order of the input array (orders are sorted by a total order first).
public enum BatchAuction {
    /// One order of the batch.
    public struct Order: Sendable, Hashable {
        /// Unique within one auction.
        public var id: UInt64
        public var side: MatchingEngine.Side
        /// The limit price in ticks; a market buy uses `Int64.max`, a market sell `Int64.min`.
        public var price: Int64
        /// Lots, greater than zero.
        public var quantity: Int64
        /// Lower classes are served first at the marginal price: the block height the order arrived in.
        /// Orders of the same class are treated equally (pro rata), so order inside a block gives no advantage.
        public var priorityClass: UInt64
        /// The last tie-break for a remainder lot at the marginal price, smaller first.
        ///
        /// It decides only between orders of the same class and level whose pro-rata shares have
        /// the same fraction and the same size, which in practice means equal orders; each gets at
        /// most one lot from it. It defaults to `id`, which is arrival order if ids are assigned as
        /// orders arrive; to keep arrival out of it entirely, derive it from something no sender
        /// controls and that does not depend on position, e.g. the first 8 bytes of
        /// SHA-256(hash of the block that carries the order ‖ order id).
        public var allocationKey: UInt64

        /// An order whose ``allocationKey`` is its id.
        public init(id: UInt64, side: MatchingEngine.Side, price: Int64, quantity: Int64, priorityClass: UInt64) {
            self.init(
                id: id, side: side, price: price, quantity: quantity, priorityClass: priorityClass, allocationKey: id)
        }

        public init(
            id: UInt64, side: MatchingEngine.Side, price: Int64, quantity: Int64, priorityClass: UInt64,
            allocationKey: UInt64
        ) {
            self.id = id
            self.side = side
            self.price = price
            self.quantity = quantity
            self.priorityClass = priorityClass
            self.allocationKey = allocationKey
        }

        /// Whether this is a market order (a buy at `Int64.max` or a sell at `Int64.min`).
        public var isMarket: Bool { price == (side == .bid ? Int64.max : Int64.min) }

        /// Whether the order accepts trading at `price`.
        public func accepts(_ price: Int64) -> Bool { side == .bid ? self.price >= price : self.price <= price }
    }

    /// The lots one order trades.
    public struct Fill: Sendable, Hashable {
        public var id: UInt64
        public var quantity: Int64

        public init(id: UInt64, quantity: Int64) {
            self.id = id
            self.quantity = quantity
        }
    }

    /// The outcome of one auction.
    public struct Result: Sendable, Hashable {
        /// The clearing price; nil when nothing crosses.
        public var price: Int64?
        /// Lots executed on each side.
        public var volume: Int64
        /// Sorted by id; only orders that trade (quantity > 0).
        public var fills: [Fill]

        public init(price: Int64?, volume: Int64, fills: [Fill]) {
            self.price = price
            self.volume = volume
            self.fills = fills
        }

        /// No trade.
        public static let noTrade = Result(price: nil, volume: 0, fills: [])
    }

    /// Clears one batch at a uniform price; see ``BatchAuction`` for the rules.
    ///
    /// The executed volume is at most `Int64.max` lots (``Result/volume`` is an `Int64`); a batch
    /// whose volume at the chosen price would exceed it executes `Int64.max`, rationing both
    /// sides by the same allocation rule. A state machine that bounds the size of a block's orders
    /// never gets there.
    ///
    /// - Parameters:
    ///   - orders: the batch, in any order.
    ///   - referencePrice: the last clearing or trade price of the market (nil if none): the
    ///     tie-break between equally good prices, and the price when only market orders trade.
    /// - Returns: the price, the volume and each trading order's fill, sorted by id. Bid fills and
    ///   ask fills each sum to the volume; no order fills more than its quantity or at a price its
    ///   limit refuses.
    /// - Precondition: every quantity is greater than zero and ids are unique.
    /// - Complexity: O(n log n) for n orders.
    public static func clear(_ orders: [Order], referencePrice: Int64?) -> Result {
        precondition(orders.allSatisfy { $0.quantity > 0 }, "batch auction order with a quantity of zero or less")
        let ids = orders.map(\.id).sorted()
        precondition(zip(ids, ids.dropFirst()).allSatisfy { $0 < $1 }, "batch auction order ids are not unique")

        // Best first, then class, then id: a total order, so the input's order cannot matter.
        let bids = orders.filter { $0.side == .bid }.sorted {
            ($1.price, $0.priorityClass, $0.id) < ($0.price, $1.priorityClass, $1.id)
        }
        let asks = orders.filter { $0.side == .ask }.sorted {
            ($0.price, $0.priorityClass, $0.id) < ($1.price, $1.priorityClass, $1.id)
        }
        guard let cleared = clearingPrice(bids: bids, asks: asks, referencePrice: referencePrice) else {
            return .noTrade
        }

        let price = cleared.price
        let volume = Int64(min(cleared.volume, Int128(Int64.max)))
        var fills = allocate(volume, among: bids.prefix { $0.accepts(price) })
        fills += allocate(volume, among: asks.prefix { $0.accepts(price) })
        fills.sort { $0.id < $1.id }
        return Result(price: price, volume: volume, fills: fills)
    }
}
