import BazaarCore
import Crypto
public import Foundation

/// Measures how many transaction signatures this machine verifies per second, on every core.
///
/// Ed25519 verification bounds the throughput of a signed-order system
/// (DESIGN.md, Performance design), so this is the ceiling the transfer
/// benchmark compares itself with.
public struct VerificationBenchmark: Sendable {
    /// Transactions signed up front per worker and verified round-robin.
    static let transactionCountPerWorker = 256
    /// The clock is read once per this many verifications, so reading it costs nothing measurable.
    static let verificationsPerClockRead = 64

    /// Which Ed25519 implementation verifies.
    public enum Verifier: String, Sendable, CaseIterable {
        /// libsodium's `crypto_sign_verify_detached`, through `VerifiedTransaction`: what every node runs.
        case libsodium
        /// swift-crypto's BoringSSL, which the node used before; measured only to compare.
        case swiftCrypto = "swift-crypto"
    }

    public var duration: Duration
    public var workerCount: Int
    public var verifier: Verifier

    /// - Parameters:
    ///   - duration: how long each worker verifies.
    ///   - workerCount: concurrent workers; one per active core by default.
    ///   - verifier: the implementation measured; the node's own by default.
    public init(
        duration: Duration, workerCount: Int = ProcessInfo.processInfo.activeProcessorCount,
        verifier: Verifier = .libsodium
    ) {
        precondition(workerCount > 0, "a benchmark needs at least one worker")
        self.duration = duration
        self.workerCount = workerCount
        self.verifier = verifier
    }

    /// Runs one task per worker, each verifying pre-signed transfers until `duration` passes.
    public func run() async -> VerificationBenchmarkResult {
        let samples = VerificationBenchmark.makeTransactions(count: VerificationBenchmark.transactionCountPerWorker)
        let (duration, verifier) = (duration, verifier)
        let rates = await withTaskGroup(of: (Int, Double).self) { group in
            for worker in 0..<workerCount {
                group.addTask { (worker, VerificationBenchmark.verify(samples, for: duration, with: verifier)) }
            }
            var rates = [Double](repeating: 0, count: workerCount)
            for await (worker, rate) in group { rates[worker] = rate }
            return rates
        }
        return VerificationBenchmarkResult(perWorkerPerSecond: rates)
    }

    /// Verifies `samples` round-robin for `duration`.
    ///
    /// - Returns: verifications per second.
    static func verify(_ samples: [SignedTransaction], for duration: Duration, with verifier: Verifier) -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start.advanced(by: duration)
        var verified = 0
        var index = 0
        // The loop is bounded by the deadline; the cap guards against a clock that never advances.
        let iterationMax = 1_000_000_000
        while verified < iterationMax {
            for _ in 0..<verificationsPerClockRead {
                // A failure here means Core's signing or verification is broken.
                precondition(isValid(samples[index], verifier), "a freshly signed transaction failed to verify")
                index = (index + 1) % samples.count
            }
            verified += verificationsPerClockRead
            if clock.now >= deadline { break }
        }
        let elapsed = clock.now - start
        return Double(verified) / elapsed.seconds
    }

    /// The same work for either verifier: encode, verify, hash the id.
    private static func isValid(_ signed: SignedTransaction, _ verifier: Verifier) -> Bool {
        switch verifier {
        case .libsodium:
            return VerifiedTransaction(verifying: signed) != nil
        case .swiftCrypto:
            guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: signed.transaction.sender.bytes),
                key.isValidSignature(signed.signature.bytes, for: signed.transaction.signingBytes)
            else { return false }
            return Hash.sha256(signed.canonicalBytes) != Hash.sha256([])
        }
    }

    /// Transfers signed by distinct keys, as a mempool would see them.
    static func makeTransactions(count: Int) -> [SignedTransaction] {
        let recipient = PrivateKey().publicKey.accountID
        return (0..<count).map { index in
            let key = PrivateKey()
            let transfer = Action.transfer(
                Action.Transfer(recipient: recipient, asset: "USD", amount: Amount(baseUnits: UInt128(index + 1))))
            return Transaction(
                chainID: "bench", sender: key.publicKey, nonce: 0, fee: Amount(baseUnits: 1_000), expiryHeight: 1_000,
                actions: [transfer]
            ).signed(with: key)
        }
    }
}

extension Duration {
    /// The duration in seconds as a floating-point number, for rates (never for money).
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
