/// When a single validator proposes the next block.
///
/// A pure state machine in the shape of the future BFT engine: the driver
/// feeds it the time and whether transactions wait, and carries out the
/// directive it returns. It proposes every `blockInterval` while transactions
/// are pending and at least every `idleInterval` otherwise, so an idle chain
/// still advances its block time and a busy one batches transactions.
///
/// Times are the node's monotonic milliseconds, never consensus state.
public struct BlockSchedule: Sendable, Equatable {
    public enum Directive: Sendable, Equatable {
        /// Propose and commit a block now, then report it with `blockCommitted(atMilliseconds:)`.
        case proposeBlock
        /// Ask again after this many milliseconds, or sooner when a transaction arrives.
        case wait(milliseconds: UInt64)
    }

    public let blockIntervalMilliseconds: UInt64
    public let idleIntervalMilliseconds: UInt64
    public private(set) var lastBlockAtMilliseconds: UInt64

    /// - Precondition: `0 < blockIntervalMilliseconds <= idleIntervalMilliseconds`.
    public init(blockIntervalMilliseconds: UInt64, idleIntervalMilliseconds: UInt64, nowMilliseconds: UInt64) {
        precondition(blockIntervalMilliseconds > 0, "block interval must be positive")
        precondition(blockIntervalMilliseconds <= idleIntervalMilliseconds, "idle interval below block interval")
        self.blockIntervalMilliseconds = blockIntervalMilliseconds
        self.idleIntervalMilliseconds = idleIntervalMilliseconds
        lastBlockAtMilliseconds = nowMilliseconds
    }

    /// What to do at `nowMilliseconds`, given whether the mempool holds transactions.
    public func next(nowMilliseconds: UInt64, hasPendingTransactions: Bool) -> Directive {
        let elapsed = nowMilliseconds >= lastBlockAtMilliseconds ? nowMilliseconds - lastBlockAtMilliseconds : 0
        let interval = hasPendingTransactions ? blockIntervalMilliseconds : idleIntervalMilliseconds
        return elapsed >= interval ? .proposeBlock : .wait(milliseconds: interval - elapsed)
    }

    public mutating func blockCommitted(atMilliseconds now: UInt64) {
        lastBlockAtMilliseconds = now
    }

    /// The header time of the next block: the proposer's clock, but strictly after the previous block.
    public static func blockTime(clockMilliseconds: UInt64, previousBlockMilliseconds: UInt64) -> UInt64 {
        max(clockMilliseconds, previousBlockMilliseconds + 1)
    }
}
