/// Block time: the proposer's clock, kept strictly increasing.
public enum BlockSchedule {
    /// The header time of the next block: the proposer's clock, but strictly after the previous block.
    public static func blockTime(clockMilliseconds: UInt64, previousBlockMilliseconds: UInt64) -> UInt64 {
        max(clockMilliseconds, previousBlockMilliseconds + 1)
    }
}
