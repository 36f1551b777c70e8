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
        /// The longest a request left after its first transaction fell due.
        var sendLagMax = Duration.zero
        var sendingFinished = false
    }

    let counters = Mutex(Counters())

    /// Claims in-flight slots for one request carrying `ids`, the first of them due at `due`;
    /// `false`, recording nothing, when fewer than `ids.count` of the `inFlightMax` slots are free.
    func beginSubmission(
        ids: some Collection<String>, inFlightMax: Int, due: ContinuousClock.Instant,
        at instant: ContinuousClock.Instant
    ) -> Bool {
        counters.withLock { counters in
            guard counters.inFlight + ids.count <= inFlightMax else { return false }
            counters.inFlight += ids.count
            counters.submitted += ids.count
            counters.sendLagMax = max(counters.sendLagMax, instant - due)
            for id in ids { counters.submitTimes[id] = instant }
            return true
        }
    }

    /// Records transactions that were never sent.
    func recordSkipped(count: Int) {
        precondition(count >= 0, "a negative skip count")
        counters.withLock { $0.skipped += count }
    }

    /// Releases one transaction's slot: accepted when `rejectionCode` is `nil`, else counted under it.
    func endSubmission(id: String, rejectionCode: String?) {
        counters.withLock { counters in
            counters.end(id: id, rejectionCode: rejectionCode)
        }
    }

    /// Releases the slots of one request, one outcome per transaction, under a single lock.
    func endSubmissions(_ outcomes: [(id: String, rejectionCode: String?)]) {
        counters.withLock { counters in
            for outcome in outcomes { counters.end(id: outcome.id, rejectionCode: outcome.rejectionCode) }
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

extension TransferBenchmarkState.Counters {
    fileprivate mutating func end(id: String, rejectionCode: String?) {
        precondition(inFlight > 0, "a submission ended that never began")
        inFlight -= 1
        if let rejectionCode {
            rejectedByCode[rejectionCode, default: 0] += 1
            submitTimes[id] = nil
        } else {
            accepted += 1
        }
    }
}
