import ArgumentParser
import BazaarClient
import Foundation
import Histogram

/// `bazaar bench verify|transfers|matching|orders`: workload benchmarks.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract:
            "Measure signature verification, transfers over HTTP, the matching engine and orders through the state machine.",
        subcommands: [
            Verify.self, Transfers.self, BenchMatchingCommand.self, BenchOrdersCommand.self,
            BenchLiquidationsCommand.self, BenchQuoteCommand.self, BenchBlackScholesCommand.self,
            BenchPortfolioMarginCommand.self,
            BenchOptionStormCommand.self,
        ])

    struct VerifyJSON: Encodable {
        var verifier: String
        var seconds: Double
        var cores: Int
        var perCorePerSecond: [Double]
        var totalPerSecond: Double

        init(_ result: VerificationBenchmarkResult, verifier: String, seconds: Double) {
            self.verifier = verifier
            self.seconds = seconds
            cores = result.perWorkerPerSecond.count
            perCorePerSecond = result.perWorkerPerSecond.map { $0.rounded() }
            totalPerSecond = result.totalPerSecond.rounded()
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Ed25519 transaction verifications per second on all cores.")

        @OptionGroup var global: GlobalOptions
        @Option(help: "How long to measure, in seconds.") var seconds: Double = 5
        @Option(
            help: """
                The Ed25519 implementation: libsodium (what the node runs) or swift-crypto (BoringSSL, \
                measured only to compare).
                """)
        var verifier: String = VerificationBenchmark.Verifier.libsodium.rawValue

        func validate() throws {
            guard seconds > 0, seconds <= 600 else {
                throw ValidationError("--seconds must be above 0 and at most 600")
            }
            guard VerificationBenchmark.Verifier(rawValue: verifier) != nil else {
                throw ValidationError("--verifier must be libsodium or swift-crypto")
            }
        }

        func run() async throws {
            try await Output.reportingErrors {
                let result = await VerificationBenchmark(
                    duration: .milliseconds(Int(seconds * 1000)), verifier: .init(rawValue: verifier)!
                ).run()
                if global.json { return try Output.json(VerifyJSON(result, verifier: verifier, seconds: seconds)) }
                var rows = result.perWorkerPerSecond.enumerated().map {
                    [String($0.offset), BenchCommand.rate($0.element)]
                }
                rows.append(["total", BenchCommand.rate(result.totalPerSecond)])
                Output.table(header: ["CORE", "VERIFICATIONS/S"], rows: rows, rightAligned: [1])
            }
        }
    }

    struct TransfersJSON: Encodable {
        var targetPerSecond: Int
        var durationSeconds: Double
        var accounts: Int
        var batchSize: Int
        var nodes: Int
        /// How often the batched sender wakes; absent with a batch size of 1.
        var batchTickMilliseconds: Double?
        var scheduled: Int
        var submitted: Int
        var skipped: Int
        var accepted: Int
        var rejectedByCode: [String: Int]
        var committed: Int
        var committedOK: Int
        var committedPerSecond: Double
        var latencyMillisecondsP50: Double
        var latencyMillisecondsP99: Double
        var latencyMillisecondsP999: Double
        var latencyMillisecondsMax: Double
        var sendLagMillisecondsMax: Double
        var verificationCeilingPerSecond: Double
        var ratioToCeiling: Double
    }

    struct Transfers: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send signed transfers to a running network at a target rate and measure commit latency.",
            discussion: "Senders are fresh keys funded by the key named by --funder (the devnet's alice).")

        @OptionGroup var global: GlobalOptions
        @Option(help: "Target transfers per second.") var tps: Int = 500
        @Option(help: "How long to send, in seconds.") var duration: Double = 10
        @Option(help: "Number of sending accounts.") var accounts: Int = 64
        @Option(help: "The key that funds the senders.") var funder: String = "alice"
        @Option(help: "Transactions per request: 1 posts each to /v1/tx, more post batches to /v1/txs.")
        var batch: Int = 100
        @Option(
            name: .customLong("also-node"),
            help: "Another node of the network to send to (repeat); each sender sticks to one node.")
        var otherNodes: [String] = []

        func validate() throws {
            guard tps > 0, tps <= 200_000 else { throw ValidationError("--tps must be 1 to 200000") }
            guard duration > 0, duration <= 3600 else {
                throw ValidationError("--duration must be above 0 and at most 3600")
            }
            guard (1...10_000).contains(accounts) else { throw ValidationError("--accounts must be 1 to 10000") }
            guard (1...TransferBenchmark.batchSizeMax).contains(batch) else {
                throw ValidationError("--batch must be 1 to \(TransferBenchmark.batchSizeMax)")
            }
        }

        func run() async throws {
            try await Output.reportingErrors {
                var configuration = TransferBenchmark.Configuration(
                    nodeURL: global.node, targetPerSecond: tps, duration: .milliseconds(Int(duration * 1000)),
                    senderCount: accounts, batchSize: batch)
                configuration.otherNodeURLs = otherNodes
                try configuration.validate()
                let funderKey = try global.keystore.load(name: funder)
                Output.note("measuring the verification ceiling for 2 s")
                let ceiling = await VerificationBenchmark(duration: .seconds(2)).run().totalPerSecond
                let result = try await TransferBenchmark(configuration: configuration, funder: funderKey).run {
                    Output.note($0)
                }
                try report(result, ceiling: ceiling, configuration: configuration)
            }
        }

        private func report(
            _ result: TransferBenchmarkResult, ceiling: Double, configuration: TransferBenchmark.Configuration
        ) throws {
            var histogram = Histogram<UInt64>(numberOfSignificantValueDigits: .three)
            for latency in result.latenciesNanoseconds { _ = histogram.record(max(1, latency / 1_000)) }
            func milliseconds(_ percentile: Double) -> Double {
                result.latenciesNanoseconds.isEmpty ? 0 : Double(histogram.valueAtPercentile(percentile)) / 1_000
            }
            let maxMilliseconds = result.latenciesNanoseconds.isEmpty ? 0 : Double(histogram.max) / 1_000
            let ratio = ceiling > 0 ? result.committedPerSecond / ceiling : 0
            let tickMilliseconds = batch == 1 ? nil : BenchCommand.milliseconds(configuration.batchTick)
            if global.json {
                return try Output.json(
                    TransfersJSON(
                        targetPerSecond: tps, durationSeconds: duration, accounts: accounts, batchSize: batch,
                        nodes: 1 + otherNodes.count,
                        batchTickMilliseconds: tickMilliseconds,
                        scheduled: result.scheduled,
                        submitted: result.submitted, skipped: result.skipped, accepted: result.accepted,
                        rejectedByCode: result.rejectedByCode, committed: result.committed,
                        committedOK: result.committedOK,
                        committedPerSecond: result.committedPerSecond.rounded(),
                        latencyMillisecondsP50: milliseconds(50), latencyMillisecondsP99: milliseconds(99),
                        latencyMillisecondsP999: milliseconds(99.9), latencyMillisecondsMax: maxMilliseconds,
                        sendLagMillisecondsMax: (result.sendLagSecondsMax * 1_000).rounded(),
                        verificationCeilingPerSecond: ceiling.rounded(), ratioToCeiling: ratio))
            }
            let rejected = result.rejectedByCode.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            Output.fields([
                ("target", "\(tps)/s for \(duration) s from \(accounts) accounts to \(1 + otherNodes.count) node(s)"),
                (
                    "batch",
                    tickMilliseconds.map { String(format: "%d per request (POST /v1/txs) every %.1f ms", batch, $0) }
                        ?? "1 per request (POST /v1/tx)"
                ),
                ("submitted", "\(result.submitted) of \(result.scheduled) (skipped \(result.skipped))"),
                ("accepted", String(result.accepted)),
                ("rejected", result.rejected == 0 ? "0" : "\(result.rejected) (\(rejected.joined(separator: ", ")))"),
                ("committed", "\(result.committed) (ok \(result.committedOK))"),
                ("committed/s", BenchCommand.rate(result.committedPerSecond)),
                ("latency p50", String(format: "%.1f ms", milliseconds(50))),
                ("latency p99", String(format: "%.1f ms", milliseconds(99))),
                ("latency p99.9", String(format: "%.1f ms", milliseconds(99.9))),
                ("latency max", String(format: "%.1f ms", maxMilliseconds)),
                ("send lag max", String(format: "%.1f ms", result.sendLagSecondsMax * 1_000)),
                ("verify ceiling", "\(BenchCommand.rate(ceiling))/s"),
                ("ratio", String(format: "%.3f", ratio)),
            ])
        }
    }

    static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1_000 + Double(attoseconds) / 1e15
    }

    static func rate(_ value: Double) -> String {
        String(Int(value.rounded()))
    }
}
