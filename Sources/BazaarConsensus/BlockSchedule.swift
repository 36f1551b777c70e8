/// Block time: the proposer's clock, kept strictly increasing, and never far ahead of the clocks
/// of the validators who vote for it.
public enum BlockSchedule {
    /// How far ahead of a validator's own clock a proposed block's time may be for it to vote for
    /// the block. Clocks of honest validators are assumed to agree within this bound; a faulty
    /// proposer can then move block time at most this far ahead of real time, however many blocks
    /// it proposes, since each validator checks against its own clock.
    public static let clockAheadMillisecondsMax: UInt64 = 10_000

    /// The header time of the next block: the proposer's clock, but strictly after the previous block.
    public static func blockTime(clockMilliseconds: UInt64, previousBlockMilliseconds: UInt64) -> UInt64 {
        max(clockMilliseconds, previousBlockMilliseconds + 1)
    }

    /// Whether a proposed block's time is acceptable to a validator whose clock reads
    /// `clockMilliseconds`: at most `clockAheadMillisecondsMax` ahead of it. (That the time
    /// advances on the previous block is the application's check.) A time far in the future would
    /// expire every HTLC and order at once, accrue years of interest and funding in one block, or,
    /// at the largest value, leave no later time for any next block.
    public static func isTimely(blockMilliseconds: UInt64, clockMilliseconds: UInt64) -> Bool {
        let (limit, overflow) = clockMilliseconds.addingReportingOverflow(clockAheadMillisecondsMax)
        return overflow || blockMilliseconds <= limit
    }
}
