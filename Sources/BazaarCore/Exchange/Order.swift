/// What happens when an incoming order would trade with a resting order of the same account.
///
/// The default, ``cancelResting``, follows the newest instruction: the account's older quote is
/// taken off the book and the incoming order goes on matching past it.
public enum SelfTradePrevention: UInt8, Sendable, Hashable, CaseIterable {
    /// Cancel each of the account's resting orders the incoming order meets; keep matching.
    case cancelResting = 0
    /// Trade up to the account's first resting order, then cancel the incoming order's remainder.
    case cancelIncoming = 1
    /// Cancel the first resting order met and the incoming order's remainder.
    case cancelBoth = 2
}

/// An order's type: a limit order with its time in force, or a market order.
public enum OrderType: UInt8, Sendable, Hashable, CaseIterable {
    /// Good till cancelled (or until its expiry): the remainder rests.
    case limit = 0
    /// Immediate or cancel: trades what it can now; the remainder is released.
    case immediateOrCancel = 1
    /// Fill or kill: trades its whole size now or fails (`cannot_fill`), changing nothing.
    case fillOrKill = 2
    /// Rests without trading, or fails (`would_cross`) if it would trade.
    case postOnly = 3
    /// Trades now at any price up to the order's worst-price bound; the remainder is released.
    case market = 4

    /// Whether an unfilled remainder rests on the book.
    public var rests: Bool { self == .limit || self == .postOnly }
}

/// Names an open order of the sender: by the id the ledger gave it or by the sender's client id.
public enum OrderReference: Sendable, Hashable {
    case id(UInt64)
    case clientID(UInt64)
}

/// Why an order left the book without filling.
public enum CancelReason: UInt8, Sendable, Hashable, CaseIterable {
    /// Its owner cancelled it (cancel, cancel-all).
    case requested = 0
    /// The unfilled remainder of an immediate-or-cancel or market order, or of a batch order
    /// that does not rest.
    case unfilled = 1
    /// Self-trade prevention.
    case selfTrade = 2
    /// Its owner's margin account was liquidated (perpetual markets).
    case liquidation = 3
}

/// An open order: resting on a continuous book, or waiting for its batch market's next auction.
///
/// The matching engine holds only id, side, price, size and queue position; this record holds the
/// rest. `priority` makes the queue position part of the state: within a price level the engine's
/// queue is in increasing `priority`, which is how a snapshot restores it.
public struct Order: Sendable, Hashable {
    public var id: UInt64
    public var market: MarketID
    public var owner: AccountID
    public var side: MatchingEngine.Side
    /// The limit price in ticks.
    public var priceTicks: Int64
    /// The unfilled size in lots; always positive while the order is open.
    public var lots: Int64
    /// `limit` or `postOnly` for a resting order; a batch order placed as immediate-or-cancel or
    /// market waits for the end of its block as `immediateOrCancel`.
    public var type: OrderType
    public var selfTradePrevention: SelfTradePrevention
    /// The owner's own id, unique among the owner's open orders.
    public var clientOrderID: UInt64?
    /// The order expires at the end of the first block whose time is at or after this.
    public var expiresAtMilliseconds: UInt64?
    /// Time priority: later placements and price changes get larger values.
    public var priority: UInt64
    /// The height of the block that placed it or last changed its price (a batch auction serves
    /// earlier heights first at the marginal price).
    public var height: UInt64

    public init(
        id: UInt64, market: MarketID, owner: AccountID, side: MatchingEngine.Side, priceTicks: Int64, lots: Int64,
        type: OrderType, selfTradePrevention: SelfTradePrevention, clientOrderID: UInt64?,
        expiresAtMilliseconds: UInt64?, priority: UInt64, height: UInt64
    ) {
        self.id = id
        self.market = market
        self.owner = owner
        self.side = side
        self.priceTicks = priceTicks
        self.lots = lots
        self.type = type
        self.selfTradePrevention = selfTradePrevention
        self.clientOrderID = clientOrderID
        self.expiresAtMilliseconds = expiresAtMilliseconds
        self.priority = priority
        self.height = height
    }

    /// The market-wide key of the order.
    public var key: OrderKey { OrderKey(market: market, id: id) }
}

/// An order's address: its market and its id. Ids are unique across markets too.
public struct OrderKey: Sendable, Hashable, Comparable {
    public var market: MarketID
    public var id: UInt64

    public init(market: MarketID, id: UInt64) {
        self.market = market
        self.id = id
    }

    public static func < (lhs: OrderKey, rhs: OrderKey) -> Bool {
        (lhs.market, lhs.id) < (rhs.market, rhs.id)
    }
}

extension OrderReference: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        switch self {
        case .id(let id):
            writer.write(UInt8(0))
            writer.write(id)
        case .clientID(let id):
            writer.write(UInt8(1))
            writer.write(id)
        }
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        let tag = try reader.read(UInt8.self)
        switch tag {
        case 0: self = .id(try reader.read(UInt64.self))
        case 1: self = .clientID(try reader.read(UInt64.self))
        default: throw DecodingError(reason: .unknownTag(tag), offset: reader.offset - 1)
        }
    }
}

extension CanonicalReader {
    /// Reads a one-byte enum tag into `Value`, failing with `unknownTag` for any other byte.
    mutating func readTag<Value: RawRepresentable<UInt8>>(_: Value.Type) throws(DecodingError) -> Value {
        let raw = try read(UInt8.self)
        guard let value = Value(rawValue: raw) else {
            throw DecodingError(reason: .unknownTag(raw), offset: offset - 1)
        }
        return value
    }

    /// Reads a `u64` that must be a positive `Int64` (a price in ticks, a size in lots).
    mutating func readPositiveInt64() throws(DecodingError) -> Int64 {
        let value = try read(UInt64.self)
        guard value >= 1, value <= UInt64(Int64.max) else { throw error(.invalidValue("\(value) is out of range")) }
        return Int64(value)
    }
}

extension Order: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(id)
        writer.write(market)
        writer.write(owner)
        writer.write(side.rawValue)
        writer.write(UInt64(priceTicks))
        writer.write(UInt64(lots))
        writer.write(type.rawValue)
        writer.write(selfTradePrevention.rawValue)
        writer.write(clientOrderID)
        writer.write(expiresAtMilliseconds)
        writer.write(priority)
        writer.write(height)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        id = try reader.read(UInt64.self)
        market = try reader.read(MarketID.self)
        owner = try reader.read(AccountID.self)
        side = try reader.readTag(MatchingEngine.Side.self)
        priceTicks = try reader.readPositiveInt64()
        lots = try reader.readPositiveInt64()
        type = try reader.readTag(OrderType.self)
        selfTradePrevention = try reader.readTag(SelfTradePrevention.self)
        clientOrderID = try reader.read(UInt64?.self)
        expiresAtMilliseconds = try reader.read(UInt64?.self)
        priority = try reader.read(UInt64.self)
        height = try reader.read(UInt64.self)
    }
}
