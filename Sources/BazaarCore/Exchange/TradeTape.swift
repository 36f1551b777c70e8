internal import DequeModule

/// The most recent trades of each market, derived from finalized blocks' events.
///
/// Not part of the ledger state: nothing hashes or encodes it, so the API layer can keep one
/// beside the node's `Application` (feeding it each `FinalizedBlock`) and rebuild it by replaying
/// blocks. A continuous trade is one print; a batch auction prints once per auction at its
/// uniform price with the auction's volume.
public struct TradeTape: Sendable {
    /// One trade as the tape shows it.
    public struct Print: Sendable, Hashable {
        public var height: UInt64
        public var market: MarketID
        public var priceTicks: Int64
        public var lots: Int64
        /// The incoming order's side; nil for an auction.
        public var takerSide: MatchingEngine.Side?

        public init(height: UInt64, market: MarketID, priceTicks: Int64, lots: Int64, takerSide: MatchingEngine.Side?) {
            self.height = height
            self.market = market
            self.priceTicks = priceTicks
            self.lots = lots
            self.takerSide = takerSide
        }
    }

    /// Prints kept per market; older ones are dropped.
    public let printCountMax: Int
    private var prints: [MarketID: Deque<Print>] = [:]

    public init(printCountMax: Int = 1_000) {
        precondition(printCountMax > 0, "a tape keeps at least one print")
        self.printCountMax = printCountMax
    }

    /// Adds the trades of one finalized block, in the order they happened.
    ///
    /// - Complexity: O(events in the block).
    public mutating func record(_ finalized: FinalizedBlock) {
        let height = finalized.block.header.height
        for event in finalized.results.lazy.flatMap(\.events) + finalized.endBlockEvents {
            switch event {
            case .trade(let market, let price, let lots, let takerSide, _, _, _, _):
                append(Print(height: height, market: market, priceTicks: price, lots: lots, takerSide: takerSide))
            case .auctionCleared(let market, let price, let lots):
                append(Print(height: height, market: market, priceTicks: price, lots: lots, takerSide: nil))
            default:
                break
            }
        }
    }

    /// The latest prints of `market`, newest first, at most `limit`.
    public func recent(_ market: MarketID, limit: Int) -> [Print] {
        guard let tape = prints[market] else { return [] }
        return Array(tape.reversed().prefix(max(limit, 0)))
    }

    private mutating func append(_ print: Print) {
        prints[print.market, default: []].append(print)
        if prints[print.market]!.count > printCountMax { prints[print.market]!.removeFirst() }
    }
}
