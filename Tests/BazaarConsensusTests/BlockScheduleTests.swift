import BazaarConsensus
import Testing

@Suite struct BlockScheduleTests {
    @Test func blockTimeAlwaysAdvances() {
        #expect(BlockSchedule.blockTime(clockMilliseconds: 500, previousBlockMilliseconds: 400) == 500)
        #expect(BlockSchedule.blockTime(clockMilliseconds: 400, previousBlockMilliseconds: 400) == 401)
        #expect(BlockSchedule.blockTime(clockMilliseconds: 300, previousBlockMilliseconds: 400) == 401)
    }

    @Test func aBlockTimeUpToTheBoundAheadOfTheClockIsTimelyAndOneMillisecondMoreIsNot() {
        let clock: UInt64 = 1_700_000_000_000
        #expect(BlockSchedule.clockAheadMillisecondsMax == 10_000)
        #expect(BlockSchedule.isTimely(blockMilliseconds: clock - 60_000, clockMilliseconds: clock))
        #expect(BlockSchedule.isTimely(blockMilliseconds: clock + 10_000, clockMilliseconds: clock))
        #expect(!BlockSchedule.isTimely(blockMilliseconds: clock + 10_001, clockMilliseconds: clock))
        #expect(!BlockSchedule.isTimely(blockMilliseconds: .max, clockMilliseconds: clock))
    }
}
