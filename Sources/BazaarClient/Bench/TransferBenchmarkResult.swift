/// What a transfer benchmark run observed.
public struct TransferBenchmarkResult: Sendable, Equatable {
    /// Transactions the benchmark tried to submit (the target rate times the duration).
    public var scheduled: Int
    /// Transactions sent to the node.
    public var submitted: Int
    /// Transactions never sent: with single requests, because too many were in flight at their
    /// instant; with batches, because the in-flight limit still held them back when the drain ended.
    public var skipped: Int
    /// Submissions the node accepted into its mempool.
    public var accepted: Int
    /// Submissions refused, by `APIError` code (or `transport` when the request failed).
    public var rejectedByCode: [String: Int]
    /// Accepted transactions seen in a block, whatever their result code.
    public var committed: Int
    /// Committed transactions whose result code is `ok`.
    public var committedOK: Int
    /// From the first submission to the last commit seen, in seconds.
    public var elapsedSeconds: Double
    /// Submit-to-commit latency of every committed transaction, in nanoseconds.
    public var latenciesNanoseconds: [UInt64]
    /// The longest, in seconds, a request left after its first transaction fell due: about a tick
    /// while the node keeps up; with batches it grows when the in-flight limit holds requests back.
    public var sendLagSecondsMax: Double

    public init(
        scheduled: Int, submitted: Int, skipped: Int, accepted: Int, rejectedByCode: [String: Int], committed: Int,
        committedOK: Int, elapsedSeconds: Double, latenciesNanoseconds: [UInt64], sendLagSecondsMax: Double = 0
    ) {
        self.scheduled = scheduled
        self.submitted = submitted
        self.skipped = skipped
        self.accepted = accepted
        self.rejectedByCode = rejectedByCode
        self.committed = committed
        self.committedOK = committedOK
        self.elapsedSeconds = elapsedSeconds
        self.latenciesNanoseconds = latenciesNanoseconds
        self.sendLagSecondsMax = sendLagSecondsMax
    }

    public var rejected: Int { rejectedByCode.values.reduce(0, +) }

    /// Transfers committed with result `ok` per second of the run.
    public var committedPerSecond: Double {
        elapsedSeconds > 0 ? Double(committedOK) / elapsedSeconds : 0
    }
}
