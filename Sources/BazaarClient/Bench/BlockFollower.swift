import BazaarAPI
import BazaarCore

/// Polls `GET /v1/blocks/{height}/results` block after block and reports the benchmark's transactions it finds.
///
/// Polling rather than the WebSocket stream: a block message carries no
/// transaction ids, so the block would be fetched anyway.
struct BlockFollower: Sendable {
    let api: BazaarAPIClient
    let state: TransferBenchmarkState
    let firstHeight: UInt64
    let pollInterval: Duration

    /// Follows blocks until `isDone` holds, or `drainTimeout` after `isDone`'s sending phase ends without it holding.
    func follow(until isDone: @Sendable () -> Bool, drainTimeout: Duration) async throws {
        let clock = ContinuousClock()
        var height = firstHeight
        var drainDeadline: ContinuousClock.Instant?
        while !isDone() {
            try Task.checkCancellation()
            if let block = try await api.blockResults(height: height) {
                let seen = clock.now
                for result in block.results {
                    state.recordCommit(id: result.id, ok: result.code == ResultCode.ok.name, at: seen)
                }
                height += 1
                continue
            }
            if drainDeadline == nil, state.counters.withLock({ $0.sendingFinished }) {
                drainDeadline = clock.now.advanced(by: drainTimeout)
            }
            if let drainDeadline, clock.now >= drainDeadline { return }
            try await Task.sleep(for: pollInterval)
        }
    }
}
