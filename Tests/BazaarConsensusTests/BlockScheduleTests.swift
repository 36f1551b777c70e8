import BazaarConsensus
import Testing

@Suite struct BlockScheduleTests {
    @Test func blockTimeAlwaysAdvances() {
        #expect(BlockSchedule.blockTime(clockMilliseconds: 500, previousBlockMilliseconds: 400) == 500)
        #expect(BlockSchedule.blockTime(clockMilliseconds: 400, previousBlockMilliseconds: 400) == 401)
        #expect(BlockSchedule.blockTime(clockMilliseconds: 300, previousBlockMilliseconds: 400) == 401)
    }
}
