/// What one block did to balances, fills, orders and funding, in facts the events do not carry:
/// an off-consensus record for history (fills with fees, order history, funding per account, a
/// per-account ledger of every balance change with its cause).
///
/// The journal is not state. It is recorded only when ``Application/recordsHistory`` is on (the
/// state holds `nil` otherwise, so consensus and the simulators pay one nil check per change),
/// and it is never encoded, snapshotted or hashed: the application hash is the same with it on or
/// off. ``FinalizedBlock/journal`` carries one block's journal; ``Application/genesisJournal``
/// the genesis state's.
///
/// Everything is appended in execution order and deterministic: the same block on the same state
/// gives the same journal on every node (entries of one account write are in (asset, bucket)
/// order, funding payments in account order). A failed transaction's entries are dropped with
/// its rollback, except the fee it paid, which is written before its actions run.
///
/// - Complexity: recording is O(assets changed) per account write and appends only to arrays.
public struct HistoryJournal: Sendable, Hashable {
    /// One per (account, asset, bucket) whose amount changed in an account write, in order.
    public var balanceChanges: [BalanceChange] = []
    /// One per fill settled: both sides of a continuous (spot, perpetual or option) fill, or one
    /// order's side of an auction fill.
    public var settlements: [FillSettlement] = []
    /// One per order the block opened (placed by a transaction, a route leg or the liquidation engine).
    public var ordersOpened: [OrderOpened] = []
    /// One per account and perpetual whose position paid or received funding.
    public var fundingPayments: [FundingPayment] = []
    /// One per position slice closed by auto-deleveraging, with the price it closed at.
    public var deleverages: [DeleverageFill] = []

    /// The cause of the changes recorded next (a register set at each step boundary).
    var cause: BalanceCause = .genesis
    /// The index in `settlements` of the fill being settled, while one is.
    var fill: Int32?

    public init() {}

    /// Where a balance lives: free, held by open orders, or a claim of the margin account.
    public enum Bucket: UInt8, Sendable, Hashable, Comparable, CaseIterable {
        case free = 0
        case locked = 1
        case margin = 2

        public static func < (lhs: Bucket, rhs: Bucket) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// The top-level kind of an action (``Action``'s case); the block holds the action itself.
    public enum ActionKind: UInt8, Sendable, Hashable, CaseIterable {
        case createAsset, mint, burn, transfer, createMarket, placeOrder, cancelOrder, cancelAllOrders, amendOrder
        case amm, escrow, derivatives

        public init(_ action: Action) {
            self =
                switch action {
                case .createAsset: .createAsset
                case .mint: .mint
                case .burn: .burn
                case .transfer: .transfer
                case .createMarket: .createMarket
                case .placeOrder: .placeOrder
                case .cancelOrder: .cancelOrder
                case .cancelAllOrders: .cancelAllOrders
                case .amendOrder: .amendOrder
                case .amm: .amm
                case .escrow: .escrow
                case .derivatives: .derivatives
                }
        }
    }

    /// The step of the block that made a change. Transactions are numbered by their index in
    /// the block (block order, which is also the order of `FinalizedBlock.results`).
    public enum BalanceCause: Sendable, Hashable {
        /// The genesis state (height 0).
        case genesis
        /// The fee transaction `transaction` paid (kept when the transaction fails).
        case fee(transaction: UInt32)
        /// Action `action` of transaction `transaction`.
        case action(transaction: UInt32, action: UInt16, kind: ActionKind)
        /// The batch auction of a market, at the end of the block.
        case auction(MarketID)
        /// Order expiry at the end of the block.
        case expiry
        /// Escrow deadlines (HTLC and trade escrow timeouts) at the end of the block.
        case escrowDeadline
        /// Lending pools' end of block.
        case lendingAccrual
        /// Funding of a perpetual market.
        case funding(MarketID)
        /// The settlement of an expired option series.
        case optionSettlement(MarketID)
        /// The liquidation engine: a position of `market` offered to the book or taken over by
        /// the insurance fund; nil for collateral settlement and the fund's debt repayment.
        case liquidation(MarketID?)
        /// Auto-deleveraging in a market: positions closed and the loss shared.
        case deleveraging(MarketID)
    }

    /// A signed amount as sign and magnitude: free and locked balances go up to 2¹²⁸ − 1 and margin
    /// claims are signed 128-bit values, so no one 128-bit type holds every balance and change.
    public struct SignedAmount: Sendable, Hashable, CustomStringConvertible {
        public var isNegative: Bool
        public var magnitude: UInt128

        public init(isNegative: Bool, magnitude: UInt128) {
            // Zero is never negative, so equal values compare equal.
            self.isNegative = isNegative && magnitude != 0
            self.magnitude = magnitude
        }

        public init(_ value: Int128) { self.init(isNegative: value < 0, magnitude: value.magnitude) }

        public init(_ amount: Amount) { self.init(isNegative: false, magnitude: amount.baseUnits) }

        /// `after − before`, which always fits: both are in [−2¹²⁷, 2¹²⁸).
        static func difference(_ after: SignedAmount, _ before: SignedAmount) -> SignedAmount {
            if after.isNegative == before.isNegative {
                let increases = after.magnitude >= before.magnitude
                let magnitude = increases ? after.magnitude - before.magnitude : before.magnitude - after.magnitude
                return SignedAmount(isNegative: increases == after.isNegative, magnitude: magnitude)
            }
            // Opposite signs: the negative one is a margin claim, at most 2¹²⁷ in magnitude, and
            // the other is a claim too (a free or locked balance is never negative), so the sum fits.
            let (sum, overflow) = after.magnitude.addingReportingOverflow(before.magnitude)
            precondition(!overflow, "a balance change past 2¹²⁸")
            return SignedAmount(isNegative: after.isNegative, magnitude: sum)
        }

        /// The value as Int128, or nil when it does not fit.
        public var int128: Int128? {
            isNegative
                ? (magnitude <= UInt128(Int128.max) + 1 ? Int128(truncatingIfNeeded: 0 &- magnitude) : nil)
                : Int128(exactly: magnitude)
        }

        public var description: String { isNegative ? "-\(magnitude)" : "\(magnitude)" }
    }

    /// One change of one account's amount of one asset in one bucket.
    public struct BalanceChange: Sendable, Hashable {
        public var account: AccountID
        public var asset: AssetSymbol
        public var bucket: Bucket
        /// The change, `after` less the amount before (never zero).
        public var delta: SignedAmount
        /// The amount after the change.
        public var after: SignedAmount
        public var cause: BalanceCause
        /// The index in ``HistoryJournal/settlements`` of the fill that made the change, if one did.
        public var settlement: Int32?
    }

    /// One fill's settlement: price, size, and each side's order and fee.
    public struct FillSettlement: Sendable, Hashable {
        public enum Kind: UInt8, Sendable, Hashable {
            /// A continuous market's match, spot, perpetual or option series (both sides here).
            case continuous = 0
            /// One order's fill in a batch auction (the other side has its own settlements).
            case auction = 1
        }

        /// One side of a fill.
        public struct Side: Sendable, Hashable {
            public var order: UInt64
            public var owner: AccountID
            /// The fee the side paid, in the market's quote asset; negative is a rebate received.
            public var fee: SignedAmount
            /// Whether the side's order was the taker (false for a maker; false in an auction).
            public var isTaker: Bool
        }

        public var market: MarketID
        public var kind: Kind
        public var priceTicks: Int64
        public var lots: Int64
        /// Nil only for the seller's auction settlement.
        public var buyer: Side?
        /// Nil only for the buyer's auction settlement.
        public var seller: Side?
    }

    /// Who opened an order.
    public enum OrderOrigin: UInt8, Sendable, Hashable {
        /// A `placeOrder` action (or a genesis order).
        case transaction = 0
        /// A book leg of a route (`AMMAction.route`).
        case route = 1
        /// The liquidation engine, closing a position on the book.
        case liquidation = 2
    }

    /// An order opened in the block, with what the `orderPlaced` event leaves out.
    public struct OrderOpened: Sendable, Hashable {
        public var order: UInt64
        public var market: MarketID
        public var owner: AccountID
        public var side: MatchingEngine.Side
        public var priceTicks: Int64
        public var lots: Int64
        /// The type as placed: limit (good till cancelled), post-only, immediate-or-cancel,
        /// fill-or-kill or market; this is also the time in force.
        public var type: OrderType
        public var selfTradePrevention: SelfTradePrevention
        public var clientOrderID: UInt64?
        public var expiresAtMilliseconds: UInt64?
        public var origin: OrderOrigin
        /// The cause in force when it was placed (its transaction and action).
        public var cause: BalanceCause
    }

    /// One account's funding payment in one perpetual market.
    public struct FundingPayment: Sendable, Hashable {
        public var account: AccountID
        public var market: MarketID
        /// The position's size in base units (long > 0) when it paid.
        public var positionSize: Int128
        /// Quote units received (negative: paid).
        public var amount: Int128
    }

    /// A slice of a liquidated position closed against an opposite position by auto-deleveraging.
    public struct DeleverageFill: Sendable, Hashable {
        public var account: AccountID
        public var counterparty: AccountID
        public var market: MarketID
        /// The size closed, in base units, signed as the liquidated account's position.
        public var size: Int128
        /// The mark price it closed at, quote units per whole unit of the base.
        public var priceQuotePerUnit: UInt128
        /// The power of ten of a whole unit (`price × size / scale` is the value in quote units).
        public var scale: UInt128
        /// The loss the counterparty bore for this slice, in quote units.
        public var loss: UInt128
    }

    /// The number of entries of each kind, a point that ``truncate(to:)`` returns to.
    struct Mark: Sendable {
        var balanceChanges: Int
        var settlements: Int
        var ordersOpened: Int
        var fundingPayments: Int
        var deleverages: Int
    }

    var mark: Mark {
        Mark(
            balanceChanges: balanceChanges.count, settlements: settlements.count, ordersOpened: ordersOpened.count,
            fundingPayments: fundingPayments.count, deleverages: deleverages.count)
    }

    /// Drops every entry recorded after `mark` (a rolled-back transaction's).
    mutating func truncate(to mark: Mark) {
        balanceChanges.removeSubrange(mark.balanceChanges...)
        settlements.removeSubrange(mark.settlements...)
        ordersOpened.removeSubrange(mark.ordersOpened...)
        fundingPayments.removeSubrange(mark.fundingPayments...)
        deleverages.removeSubrange(mark.deleverages...)
        fill = nil
    }

    /// Whether nothing was recorded.
    public var isEmpty: Bool {
        balanceChanges.isEmpty && settlements.isEmpty && ordersOpened.isEmpty && fundingPayments.isEmpty
            && deleverages.isEmpty
    }
}

// MARK: - Recording

extension HistoryJournal {
    /// Records the free and locked amounts that differ between `previous` and `account`.
    mutating func recordAccount(_ id: AccountID, from previous: Account?, to account: Account) {
        let start = balanceChanges.count
        record(id, .free, from: previous?.balances, to: account.balances)
        record(id, .locked, from: previous?.locked, to: account.locked)
        sortTail(from: start)
    }

    /// Records the margin claims that differ between `previous` and `row`.
    mutating func recordMargin(_ id: AccountID, from previous: MarginAccount?, to row: MarginAccount?) {
        let start = balanceChanges.count
        let before = previous?.collateral
        let after = row?.collateral
        for (asset, claim) in after ?? [:] where before?[asset] != claim {
            append(id, asset, .margin, before: SignedAmount(before?[asset] ?? 0), after: SignedAmount(claim))
        }
        for (asset, claim) in before ?? [:] where after?[asset] == nil {
            append(id, asset, .margin, before: SignedAmount(claim), after: SignedAmount(0))
        }
        sortTail(from: start)
    }

    private mutating func record(
        _ id: AccountID, _ bucket: Bucket, from before: [AssetSymbol: Amount]?, to after: [AssetSymbol: Amount]
    ) {
        for (asset, amount) in after where before?[asset] != amount {
            append(id, asset, bucket, before: SignedAmount(before?[asset] ?? .zero), after: SignedAmount(amount))
        }
        for (asset, amount) in before ?? [:] where after[asset] == nil {
            append(id, asset, bucket, before: SignedAmount(amount), after: SignedAmount(0))
        }
    }

    private mutating func append(
        _ id: AccountID, _ asset: AssetSymbol, _ bucket: Bucket, before: SignedAmount, after: SignedAmount
    ) {
        let delta = SignedAmount.difference(after, before)
        precondition(delta.magnitude != 0, "a balance change of zero")
        balanceChanges.append(
            BalanceChange(
                account: id, asset: asset, bucket: bucket, delta: delta, after: after, cause: cause,
                settlement: fill))
    }

    /// Puts one write's entries in (asset, bucket) order: dictionary order differs between processes.
    private mutating func sortTail(from start: Int) {
        guard balanceChanges.count - start > 1 else { return }
        balanceChanges[start...].sort { ($0.asset, $0.bucket) < ($1.asset, $1.bucket) }
    }

    /// The journal of a genesis state: every balance, lock and margin claim as a change from zero
    /// (cause ``BalanceCause/genesis``) in (account, asset, bucket) order, and every open order
    /// (origin ``OrderOrigin/transaction``).
    ///
    /// - Precondition: `state` is at height 0.
    public init(genesisOf state: LedgerState) {
        precondition(state.height == 0, "a genesis journal of a state at height \(state.height)")
        var journal = HistoryJournal()
        journal.cause = .genesis
        for id in state.accounts.keys.sorted() {
            journal.recordAccount(id, from: nil, to: state.accounts[id]!)
        }
        let marginAccounts = state.derivatives.margin.accounts.rows.keys.sorted()
        for id in marginAccounts {
            journal.recordMargin(id, from: nil, to: state.derivatives.margin.accounts[id])
        }
        journal.balanceChanges.sort { ($0.account, $0.asset, $0.bucket) < ($1.account, $1.asset, $1.bucket) }
        for book in state.markets {
            for id in book.orders.keys.sorted() {
                let order = book.orders[id]!
                journal.ordersOpened.append(
                    OrderOpened(
                        order: order.id, market: order.market, owner: order.owner, side: order.side,
                        priceTicks: order.priceTicks, lots: order.lots, type: order.type,
                        selfTradePrevention: order.selfTradePrevention, clientOrderID: order.clientOrderID,
                        expiresAtMilliseconds: order.expiresAtMilliseconds, origin: .transaction, cause: .genesis))
            }
        }
        self = journal
    }
}
