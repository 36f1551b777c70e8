import BazaarConsensus
import Foundation
import Logging
import ServiceLifecycle

/// Drives the single-validator `BlockSchedule`: sleeps, wakes on the first
/// pending transaction, and asks the node for a block when the schedule says so.
///
/// Keep it small: the BFT consensus driver will replace it and drive the same
/// `Node.produceBlock` boundary.
struct BlockProducer: Service {
    let node: Node
    let blockIntervalMilliseconds: UInt64
    let idleIntervalMilliseconds: UInt64
    let logger: Logger

    func run() async throws {
        let (wakeUps, wakeUp) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        await node.setPendingTransactionHandler { wakeUp.yield() }
        let clock = ContinuousClock()
        let start = clock.now
        func monotonicMilliseconds() -> UInt64 {
            let elapsed = clock.now - start
            return UInt64(elapsed.components.seconds) * 1000
                + UInt64(elapsed.components.attoseconds / 1_000_000_000_000_000)
        }
        var schedule = BlockSchedule(
            blockIntervalMilliseconds: blockIntervalMilliseconds, idleIntervalMilliseconds: idleIntervalMilliseconds,
            nowMilliseconds: monotonicMilliseconds())
        var timer: Task<Void, Never>?
        defer { timer?.cancel() }
        wakeUp.yield()
        for await _ in wakeUps.cancelOnGracefulShutdown() {
            let directive = schedule.next(
                nowMilliseconds: monotonicMilliseconds(), hasPendingTransactions: await node.hasPendingTransactions)
            switch directive {
            case .proposeBlock:
                let finalized = try await node.produceBlock(clockMilliseconds: BlockProducer.wallClockMilliseconds())
                schedule.blockCommitted(atMilliseconds: monotonicMilliseconds())
                logger.debug(
                    "committed block",
                    metadata: [
                        "height": "\(finalized.block.header.height)", "transactions": "\(finalized.results.count)",
                    ])
                wakeUp.yield()
            case .wait(let milliseconds):
                timer?.cancel()
                timer = Task {
                    try? await Task.sleep(for: .milliseconds(milliseconds))
                    if !Task.isCancelled { wakeUp.yield() }
                }
            }
        }
        try await node.saveSnapshot()
        logger.info("block producer stopped; snapshot saved")
    }

    /// The proposer's wall clock; block time comes from here and nowhere else.
    static func wallClockMilliseconds() -> UInt64 {
        UInt64(max(0, Date().timeIntervalSince1970 * 1000))
    }
}
