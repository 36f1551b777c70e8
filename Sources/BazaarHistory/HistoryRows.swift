public import BazaarCore

/// One block's account history as rows, the output of ``HistoryExtractor``: what the node's store
/// writes in the block's own SQLite transaction (and what an indexer would store alike).
///
/// Every row is keyed by (height, position or sequence number in the block), a key that never
/// changes once written, so a page read newest first by keyset neither repeats nor skips a row
/// while later blocks commit.
public struct HistoryRows: Sendable, Equatable {
    public var height: UInt64
    public var timeMilliseconds: UInt64
    /// One row per side of each fill, in the order the block settled them.
    public var fills: [FillRow] = []
    /// The orders the block opened, with the terms the `orderPlaced` event leaves out.
    public var ordersPlaced: [OrderPlacedRow] = []
    /// Every event of every order (placed, fill, amended, cancelled, expired), in block order.
    public var orderEvents: [OrderEventRow] = []
    /// Orders the block touched that are still open after it.
    public var openAfterBlock: Set<UInt64> = []
    /// One row per account and perpetual that paid or received funding.
    public var funding: [FundingRow] = []
    /// Balance changes netted per (step, account, asset, bucket), in the order they happened.
    public var ledger: [LedgerRow] = []

    public init(height: UInt64, timeMilliseconds: UInt64) {
        self.height = height
        self.timeMilliseconds = timeMilliseconds
    }

    /// Every account a row of this block names, sorted: the accounts that have history.
    public var accounts: [AccountID] {
        var seen = Set<AccountID>()
        for fill in fills { seen.insert(fill.account) }
        for order in ordersPlaced { seen.insert(order.account) }
        for payment in funding { seen.insert(payment.account) }
        for entry in ledger { seen.insert(entry.account) }
        return seen.sorted()
    }

    public var isEmpty: Bool {
        fills.isEmpty && ordersPlaced.isEmpty && orderEvents.isEmpty && funding.isEmpty && ledger.isEmpty
    }
}

/// What produced a fill.
public enum FillKind: UInt8, Sendable, Hashable, CaseIterable {
    /// A continuous market's match of an order a transaction placed.
    case trade = 0
    /// One order's fill in a batch auction.
    case auction = 1
    /// A match whose taker was the liquidation engine's order.
    case liquidation = 2
    /// A position slice closed by auto-deleveraging (not built yet; reserved).
    case deleveraging = 3
    /// A match whose taker was a route's book leg.
    case route = 4

    public var name: String {
        switch self {
        case .trade: "trade"
        case .auction: "auction"
        case .liquidation: "liquidation"
        case .deleveraging: "deleveraging"
        case .route: "route"
        }
    }
}

/// Which side of the match an account's order was.
public enum FillLiquidity: UInt8, Sendable, Hashable, CaseIterable {
    case maker = 0
    case taker = 1
    case auction = 2

    public var name: String {
        switch self {
        case .maker: "maker"
        case .taker: "taker"
        case .auction: "auction"
        }
    }
}

/// One account's side of one fill.
public struct FillRow: Sendable, Hashable {
    public var height: UInt64
    /// The fill's place among the block's fills (the journal's settlement order), from 0.
    public var position: UInt32
    /// The account's side: `bid` bought, `ask` sold. With `position` it names the row.
    public var side: MatchingEngine.Side
    public var market: MarketID
    public var kind: FillKind
    public var liquidity: FillLiquidity
    public var account: AccountID
    public var order: UInt64
    /// The other side's account and order; nil in an auction.
    public var counterparty: AccountID?
    public var counterpartyOrder: UInt64?
    public var priceTicks: Int64
    public var lots: Int64
    /// In the market's quote asset; negative is a rebate received.
    public var fee: HistoryJournal.SignedAmount
    public var timeMilliseconds: UInt64

    public init(
        height: UInt64, position: UInt32, side: MatchingEngine.Side, market: MarketID, kind: FillKind,
        liquidity: FillLiquidity, account: AccountID, order: UInt64, counterparty: AccountID?,
        counterpartyOrder: UInt64?, priceTicks: Int64, lots: Int64, fee: HistoryJournal.SignedAmount,
        timeMilliseconds: UInt64
    ) {
        self.height = height
        self.position = position
        self.side = side
        self.market = market
        self.kind = kind
        self.liquidity = liquidity
        self.account = account
        self.order = order
        self.counterparty = counterparty
        self.counterpartyOrder = counterpartyOrder
        self.priceTicks = priceTicks
        self.lots = lots
        self.fee = fee
        self.timeMilliseconds = timeMilliseconds
    }
}

/// An order the block opened.
public struct OrderPlacedRow: Sendable, Hashable {
    public var order: UInt64
    public var account: AccountID
    public var market: MarketID
    public var side: MatchingEngine.Side
    public var type: OrderType
    public var clientOrderID: UInt64?
    public var expiresAtMilliseconds: UInt64?
    public var priceTicks: Int64
    public var lots: Int64
    public var origin: HistoryJournal.OrderOrigin

    public init(
        order: UInt64, account: AccountID, market: MarketID, side: MatchingEngine.Side, type: OrderType,
        clientOrderID: UInt64?, expiresAtMilliseconds: UInt64?, priceTicks: Int64, lots: Int64,
        origin: HistoryJournal.OrderOrigin
    ) {
        self.order = order
        self.account = account
        self.market = market
        self.side = side
        self.type = type
        self.clientOrderID = clientOrderID
        self.expiresAtMilliseconds = expiresAtMilliseconds
        self.priceTicks = priceTicks
        self.lots = lots
        self.origin = origin
    }
}

/// What happened to an order.
public enum OrderEventKind: UInt8, Sendable, Hashable, CaseIterable {
    case placed = 0
    case fill = 1
    case amended = 2
    case cancelled = 3
    case expired = 4

    public var name: String {
        switch self {
        case .placed: "placed"
        case .fill: "fill"
        case .amended: "amended"
        case .cancelled: "cancelled"
        case .expired: "expired"
        }
    }
}

/// One event of one order.
public struct OrderEventRow: Sendable, Hashable {
    public var height: UInt64
    /// The event's place among the block's order events, from 0.
    public var position: UInt32
    public var order: UInt64
    public var account: AccountID
    public var market: MarketID
    public var kind: OrderEventKind
    /// Why a cancelled order left the book.
    public var reason: CancelReason?
    /// The price: placed and amended at the order's price, a fill at the fill's; nil for
    /// cancelled and expired.
    public var priceTicks: Int64?
    /// Placed: its size; fill: lots filled; amended: lots now resting; cancelled or expired: lots released.
    public var lots: Int64
    /// A fill's fee (negative a rebate); nil for the other kinds.
    public var fee: HistoryJournal.SignedAmount?
    /// A fill's ``FillRow/position``.
    public var fillPosition: UInt32?
    public var timeMilliseconds: UInt64

    public init(
        height: UInt64, position: UInt32, order: UInt64, account: AccountID, market: MarketID, kind: OrderEventKind,
        reason: CancelReason?, priceTicks: Int64?, lots: Int64, fee: HistoryJournal.SignedAmount?,
        fillPosition: UInt32?, timeMilliseconds: UInt64
    ) {
        self.height = height
        self.position = position
        self.order = order
        self.account = account
        self.market = market
        self.kind = kind
        self.reason = reason
        self.priceTicks = priceTicks
        self.lots = lots
        self.fee = fee
        self.fillPosition = fillPosition
        self.timeMilliseconds = timeMilliseconds
    }
}

/// One account's funding payment in one perpetual.
public struct FundingRow: Sendable, Hashable {
    public var height: UInt64
    public var sequence: UInt32
    public var account: AccountID
    public var market: MarketID
    /// Base units, long > 0.
    public var positionSize: Int128
    /// Quote units received; negative is paid.
    public var amount: Int128
    /// The block's funding rate of the market, parts per million per 8 hours.
    public var ratePPM: Int64
    public var timeMilliseconds: UInt64

    public init(
        height: UInt64, sequence: UInt32, account: AccountID, market: MarketID, positionSize: Int128, amount: Int128,
        ratePPM: Int64, timeMilliseconds: UInt64
    ) {
        self.height = height
        self.sequence = sequence
        self.account = account
        self.market = market
        self.positionSize = positionSize
        self.amount = amount
        self.ratePPM = ratePPM
        self.timeMilliseconds = timeMilliseconds
    }
}

/// What changed a balance, as the ledger names it.
public enum LedgerCause: UInt8, Sendable, Hashable, CaseIterable {
    case genesis = 0
    case fee = 1
    case action = 2
    case auction = 3
    case expiry = 4
    case escrowDeadline = 5
    case lendingAccrual = 6
    case funding = 7
    case optionSettlement = 8
    case liquidation = 9
    case deleveraging = 10

    public var name: String {
        switch self {
        case .genesis: "genesis"
        case .fee: "fee"
        case .action: "action"
        case .auction: "auction"
        case .expiry: "expiry"
        case .escrowDeadline: "escrow_deadline"
        case .lendingAccrual: "lending_accrual"
        case .funding: "funding"
        case .optionSettlement: "option_settlement"
        case .liquidation: "liquidation"
        case .deleveraging: "deleveraging"
        }
    }
}

/// The net change of one account's amount of one asset in one bucket over one step of a block.
public struct LedgerRow: Sendable, Hashable {
    public var height: UInt64
    public var sequence: UInt32
    public var account: AccountID
    public var asset: AssetSymbol
    public var bucket: HistoryJournal.Bucket
    /// The net change (never zero).
    public var delta: HistoryJournal.SignedAmount
    /// The amount after the step.
    public var after: HistoryJournal.SignedAmount
    public var cause: LedgerCause
    /// The transaction, for a fee or an action.
    public var transaction: Hash?
    /// For an action, its index in the transaction and its kind.
    public var action: UInt16?
    public var actionKind: HistoryJournal.ActionKind?
    /// The market of an auction, funding, option settlement, liquidation or deleveraging step.
    public var market: MarketID?
    public var timeMilliseconds: UInt64

    public init(
        height: UInt64, sequence: UInt32, account: AccountID, asset: AssetSymbol, bucket: HistoryJournal.Bucket,
        delta: HistoryJournal.SignedAmount, after: HistoryJournal.SignedAmount, cause: LedgerCause, transaction: Hash?,
        action: UInt16?, actionKind: HistoryJournal.ActionKind?, market: MarketID?, timeMilliseconds: UInt64
    ) {
        self.height = height
        self.sequence = sequence
        self.account = account
        self.asset = asset
        self.bucket = bucket
        self.delta = delta
        self.after = after
        self.cause = cause
        self.transaction = transaction
        self.action = action
        self.actionKind = actionKind
        self.market = market
        self.timeMilliseconds = timeMilliseconds
    }
}
