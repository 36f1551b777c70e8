import BazaarConsensus
import Testing

@Suite struct BlockScheduleTests {
    let schedule = BlockSchedule(
        blockIntervalMilliseconds: 200, idleIntervalMilliseconds: 1000, nowMilliseconds: 10_000)

    @Test func waitsForTheBlockIntervalWhileTransactionsArePending() {
        #expect(schedule.next(nowMilliseconds: 10_050, hasPendingTransactions: true) == .wait(milliseconds: 150))
        #expect(schedule.next(nowMilliseconds: 10_200, hasPendingTransactions: true) == .proposeBlock)
    }

    @Test func proposesAtLeastOncePerIdleIntervalWithoutTransactions() {
        #expect(schedule.next(nowMilliseconds: 10_200, hasPendingTransactions: false) == .wait(milliseconds: 800))
        #expect(schedule.next(nowMilliseconds: 11_000, hasPendingTransactions: false) == .proposeBlock)
    }

    @Test func aTransactionAfterALongIdleSpellIsProposedAtOnce() {
        #expect(schedule.next(nowMilliseconds: 10_900, hasPendingTransactions: true) == .proposeBlock)
    }

    @Test func committingABlockRestartsTheInterval() {
        var schedule = schedule
        schedule.blockCommitted(atMilliseconds: 10_300)
        #expect(schedule.next(nowMilliseconds: 10_400, hasPendingTransactions: true) == .wait(milliseconds: 100))
    }

    @Test func aClockThatStepsBackwardsCountsAsNoTimeElapsed() {
        #expect(schedule.next(nowMilliseconds: 9_000, hasPendingTransactions: true) == .wait(milliseconds: 200))
    }

    @Test func blockTimeAlwaysAdvances() {
        #expect(BlockSchedule.blockTime(clockMilliseconds: 500, previousBlockMilliseconds: 400) == 500)
        #expect(BlockSchedule.blockTime(clockMilliseconds: 400, previousBlockMilliseconds: 400) == 401)
        #expect(BlockSchedule.blockTime(clockMilliseconds: 300, previousBlockMilliseconds: 400) == 401)
    }
}
