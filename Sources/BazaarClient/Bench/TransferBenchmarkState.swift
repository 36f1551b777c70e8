import Synchronization

/// The counters a transfer benchmark's concurrent submitters and its block follower share.
final class TransferBenchmarkState: Sendable {
    struct Counters {
        var submitTimes: [String: ContinuousClock.Instant] = [:]
        var inFlight = 0
        var submitted = 0
        var skipped = 0
        var accepted = 0
        var rejectedByCode: [String: Int] = [:]
        var committed = 0
        var committedOK = 0
        var latenciesNanoseconds: [UInt64] = []
        var lastCommit: ContinuousClock.Instant?
        var sendingFinished = false
    }

    let counters = Mutex(Counters())

    /// Claims a request slot, or records a skip when `inFlightMax` requests are already out.
    func beginSubmission(id: String, inFlightMax: Int, at instant: ContinuousClock.Instant) -> Bool {
        counters.withLock { counters in
            guard counters.inFlight < inFlightMax else {
                counters.skipped += 1
                return false
            }
            counters.inFlight += 1
            counters.submitted += 1
            counters.submitTimes[id] = instant
            return true
        }
    }

    func endSubmission(id: String, rejectionCode: String?) {
        counters.withLock { counters in
            counters.inFlight -= 1
            if let rejectionCode {
                counters.rejectedByCode[rejectionCode, default: 0] += 1
                counters.submitTimes[id] = nil
            } else {
                counters.accepted += 1
            }
        }
    }

    /// Records the commit of one of the benchmark's transactions; others in the block are ignored.
    func recordCommit(id: String, ok: Bool, at instant: ContinuousClock.Instant) {
        counters.withLock { counters in
            guard let submittedAt = counters.submitTimes.removeValue(forKey: id) else { return }
            counters.committed += 1
            if ok { counters.committedOK += 1 }
            let (seconds, attoseconds) = (instant - submittedAt).components
            counters.latenciesNanoseconds.append(UInt64(max(0, seconds * 1_000_000_000 + attoseconds / 1_000_000_000)))
            counters.lastCommit = instant
        }
    }

    func finishSending() {
        counters.withLock { $0.sendingFinished = true }
    }

    /// Whether every submission has returned and every accepted transaction committed.
    var isSettled: Bool {
        counters.withLock { $0.sendingFinished && $0.inFlight == 0 && $0.submitTimes.isEmpty }
    }
}
