/// Signature verifications per second, per worker and in total.
public struct VerificationBenchmarkResult: Sendable, Equatable, Codable {
    public var perWorkerPerSecond: [Double]

    public init(perWorkerPerSecond: [Double]) {
        self.perWorkerPerSecond = perWorkerPerSecond
    }

    public var totalPerSecond: Double { perWorkerPerSecond.reduce(0, +) }
}
