public import BazaarAPI

/// A local copy of one market's book kept from the stream's book channel: a `book_snapshot`,
/// then `book_update`s applied in sequence.
///
/// Updates carry consecutive sequence numbers; one that does not follow the last applied is a
/// gap (a message was lost, or the subscription restarted), which ``apply(_:)`` reports without
/// applying anything: the client re-subscribes and starts from the next snapshot.
public struct BookMirror: Sendable, Equatable {
    /// What applying one message did.
    public enum Outcome: Sendable, Equatable {
        /// The book now reflects the message.
        case applied
        /// An update whose sequence does not follow the book's (nil before any snapshot):
        /// nothing was applied; re-subscribe.
        case gap(expected: UInt64?, received: UInt64?)
        /// Not a book message of this market.
        case ignored
    }

    /// The market's name, e.g. `BTC-USD`.
    public let market: String
    /// Levels per side, from the snapshot.
    public private(set) var depth = 0
    /// The sequence of the last message applied; nil before the snapshot.
    public private(set) var sequence: UInt64?
    /// The height of the block the book reflects.
    public private(set) var height: UInt64 = 0
    /// Best first.
    public private(set) var bids: [BookLevelJSON] = []
    public private(set) var asks: [BookLevelJSON] = []

    public init(market: String) { self.market = market }

    /// Applies a `book_snapshot` (always) or a `book_update` (when it follows the last message).
    public mutating func apply(_ message: StreamMessage) -> Outcome {
        guard message.market == market else { return .ignored }
        switch message.type {
        case "book_snapshot":
            depth = message.depth ?? 0
            sequence = message.sequence
            height = message.height ?? 0
            bids = message.bids ?? []
            asks = message.asks ?? []
            return .applied
        case "book_update":
            guard let sequence, let received = message.sequence, received == sequence &+ 1 else {
                return .gap(expected: sequence.map { $0 &+ 1 }, received: message.sequence)
            }
            bids = Self.merge(message.bids ?? [], into: bids, descending: true, depth: depth)
            asks = Self.merge(message.asks ?? [], into: asks, descending: false, depth: depth)
            self.sequence = received
            height = message.height ?? height
            return .applied
        default:
            return .ignored
        }
    }

    /// Replaces or adds each changed level, drops those whose size is zero, keeps `depth` best.
    static func merge(_ changes: [BookLevelJSON], into levels: [BookLevelJSON], descending: Bool, depth: Int)
        -> [BookLevelJSON]
    {
        var byPrice = Dictionary(levels.map { ($0.priceTicks, $0) }, uniquingKeysWith: { first, _ in first })
        for change in changes {
            byPrice[change.priceTicks] = change.sizeLots == "0" ? nil : change
        }
        let sorted = byPrice.values.sorted {
            descending ? $0.priceTicks > $1.priceTicks : $0.priceTicks < $1.priceTicks
        }
        return Array(sorted.prefix(depth))
    }
}
