import ArgumentParser
import BazaarCore
import BazaarSim
import Foundation
import Histogram

/// `bazaar bench matching`: replays an EC-1 stream through one `MatchingEngine` on one thread.
struct BenchMatchingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "matching",
        abstract: "Replay an EC-1 order stream through the matching engine on one thread.",
        discussion: """
            Throughput is the median of --runs timed passes over the stream, each on a fresh engine after the \
            #prefill commands, with no clock read per command. Latency comes from one more pass that reads the \
            monotonic clock around every command (that pass is slower, and its figures include about 20 ns of \
            clock overhead). --fill N instead places N resting orders and reports the memory they take.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "An EC-1 stream file (.gz is piped through gzip -dc).") var stream: String?
    @Option(help: "Generate an EC-1 stream of this many timed commands.") var generate: Int?
    @Option(help: "The generator's seed.") var seed: UInt64 = 1
    @Option(help: "Timed passes; the median is reported.") var runs: Int = 5
    @Option(help: "Orders the engine can hold.") var capacity: Int = 1 << 16
    @Option(help: "Instead of a stream, rest this many orders and report their memory.") var fill: Int?

    func validate() throws {
        guard [stream != nil, generate != nil, fill != nil].filter({ $0 }).count == 1 else {
            throw ValidationError("give exactly one of --stream FILE, --generate N or --fill N")
        }
        guard (1...101).contains(runs) else { throw ValidationError("--runs must be 1...101") }
        if let generate, !(1...EC1Parser.commandCountMax).contains(generate) {
            throw ValidationError("--generate must be 1...\(EC1Parser.commandCountMax)")
        }
        if let fill, !(1...MatchingEngine.Configuration.capacityMax).contains(fill) {
            throw ValidationError("--fill must be 1...\(MatchingEngine.Configuration.capacityMax)")
        }
        guard (1...MatchingEngine.Configuration.capacityMax).contains(capacity) else {
            throw ValidationError("--capacity must be 1...\(MatchingEngine.Configuration.capacityMax)")
        }
    }

    struct Report: Encodable {
        struct Latency: Encodable {
            var p50: UInt64
            var p99: UInt64
            var p999: UInt64
            var p9999: UInt64
        }
        var commands: Int
        var commandsPerSecond: Double
        var trades: Int
        var volume: Int64
        var rejected: Int
        var restingBids: Int
        var restingAsks: Int
        var latencyNanoseconds: Latency
        var peakMemoryBytes: Int
    }

    /// What one pass produced; identical for every pass over one stream.
    struct Counts: Equatable {
        var tally = MatchingTradeTally()
        var rejected = 0
        var restingBids = 0
        var restingAsks = 0
    }

    func run() throws {
        if let fill { return try runFill(fill) }
        let workload: EC1Stream
        if let generate {
            Output.note("generating \(generate) EC-1 commands from seed \(seed)")
            workload = EC1Generator.generate(commandCount: generate, seed: seed)
        } else {
            workload = try EC1Parser.parse(try Self.read(stream!))
        }
        let prices = workload.commands.lazy.map(\.price).filter { $0 > 0 }
        let configuration = MatchingEngine.Configuration(
            minimumPrice: prices.min() ?? 1, maximumPrice: prices.max() ?? 1, capacity: capacity)
        let commands = workload.commands.map(\.engineCommand)
        var rates: [Double] = []
        var reference: Counts?
        for _ in 0..<runs {
            let (counts, seconds) = Self.timedPass(commands, prefill: workload.prefillCount, configuration)
            if let reference, reference != counts { throw ValidationError("counts differ between runs") }
            reference = counts
            rates.append(Double(commands.count - workload.prefillCount) / seconds)
        }
        let (latencyCounts, histogram) = Self.latencyPass(commands, prefill: workload.prefillCount, configuration)
        guard let counts = reference, latencyCounts == counts else {
            throw ValidationError("counts differ between runs")
        }
        let report = Report(
            commands: commands.count - workload.prefillCount,
            commandsPerSecond: rates.sorted()[rates.count / 2].rounded(),
            trades: counts.tally.trades, volume: counts.tally.volume, rejected: counts.rejected,
            restingBids: counts.restingBids, restingAsks: counts.restingAsks,
            latencyNanoseconds: .init(
                p50: histogram.valueAtPercentile(50), p99: histogram.valueAtPercentile(99),
                p999: histogram.valueAtPercentile(99.9), p9999: histogram.valueAtPercentile(99.99)),
            peakMemoryBytes: Self.peakMemoryBytes())
        if global.json { return try Output.json(report) }
        Output.fields([
            ("commands", "\(report.commands) timed after \(workload.prefillCount) prefill, \(runs) runs"),
            (
                "commands/s",
                "\(BenchCommand.rate(report.commandsPerSecond)) (median; runs: \(rates.map { BenchCommand.rate($0) }.joined(separator: ", ")))"
            ),
            (
                "latency",
                "p50 \(report.latencyNanoseconds.p50) ns, p99 \(report.latencyNanoseconds.p99) ns, p99.9 \(report.latencyNanoseconds.p999) ns, p99.99 \(report.latencyNanoseconds.p9999) ns (separate pass, clock read per command)"
            ),
            ("trades", "\(report.trades)"), ("volume", "\(report.volume) lots"), ("rejected", "\(report.rejected)"),
            ("resting", "\(report.restingBids) bids, \(report.restingAsks) asks"),
            ("peak memory", "\(report.peakMemoryBytes / 1_048_576) MiB (VmHWM, stream included)"),
        ])
    }

    /// Prefills a fresh engine, then times the rest of the stream with one clock read at each end.
    static func timedPass(
        _ commands: [MatchingEngine.Command], prefill: Int, _ configuration: MatchingEngine.Configuration
    ) -> (Counts, Double) {
        var engine = MatchingEngine(configuration)
        var counts = Counts()
        var ignored = MatchingTradeTally()
        var seconds = 0.0
        commands.withUnsafeBufferPointer { buffer in
            for index in 0..<prefill { _ = engine.execute(buffer[index], trades: &ignored) }
            let start = ContinuousClock.now
            var rejected = 0
            for index in prefill..<buffer.count where engine.execute(buffer[index], trades: &counts.tally).isRejected {
                rejected &+= 1
            }
            let elapsed = ContinuousClock.now - start
            counts.rejected = rejected
            seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        }
        counts.restingBids = engine.restingOrderCount(.bid)
        counts.restingAsks = engine.restingOrderCount(.ask)
        return (counts, seconds)
    }

    /// Like `timedPass`, reading the monotonic clock around every command.
    static func latencyPass(
        _ commands: [MatchingEngine.Command], prefill: Int, _ configuration: MatchingEngine.Configuration
    ) -> (Counts, Histogram<UInt64>) {
        var engine = MatchingEngine(configuration)
        var counts = Counts()
        var ignored = MatchingTradeTally()
        var histogram = Histogram<UInt64>(highestTrackableValue: 60_000_000_000, numberOfSignificantValueDigits: .three)
        commands.withUnsafeBufferPointer { buffer in
            for index in 0..<prefill { _ = engine.execute(buffer[index], trades: &ignored) }
            var before = monotonicNanoseconds()
            for index in prefill..<buffer.count {
                if engine.execute(buffer[index], trades: &counts.tally).isRejected { counts.rejected &+= 1 }
                let after = monotonicNanoseconds()
                _ = histogram.record(after &- before)
                before = after
            }
        }
        counts.restingBids = engine.restingOrderCount(.bid)
        counts.restingAsks = engine.restingOrderCount(.ask)
        return (counts, histogram)
    }

    static func monotonicNanoseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
    }

    /// Rests `count` non-crossing orders (bids below 34,000 ticks, asks above) and reports memory.
    func runFill(_ count: Int) throws {
        let before = Self.peakMemoryBytes()
        var engine = MatchingEngine(.init(minimumPrice: 24_000, maximumPrice: 44_000, capacity: count))
        var random = SimulationRandom(seed: seed)
        var ignored = MatchingTradeTally()
        for id in 1...UInt64(count) {
            let side: MatchingEngine.Side = random.below(2) == 0 ? .bid : .ask
            let offset = 1 + Int64(random.below(10_000))
            let outcome = engine.place(
                id: id, side: side, price: side == .bid ? 34_000 - offset : 34_000 + offset,
                quantity: 1 + Int64(random.below(100)), timeInForce: .goodTillCancelled, trades: &ignored)
            guard outcome == .rested(filled: 0) else { throw ValidationError("order \(id): \(outcome)") }
        }
        let peak = Self.peakMemoryBytes()
        let fields: [(String, String)] = [
            ("resting orders", "\(engine.restingOrderCount(.bid)) bids, \(engine.restingOrderCount(.ask)) asks"),
            ("engine allocation", "\(engine.allocatedBytes) bytes (\(engine.allocatedBytes / 1_048_576) MiB)"),
            (
                "peak memory",
                "\(peak) bytes (\(peak / 1_048_576) MiB, VmHWM; \(before / 1_048_576) MiB before the engine)"
            ),
        ]
        if global.json {
            return try Output.json([
                "restingOrders": count, "engineBytes": engine.allocatedBytes, "peakMemoryBytes": peak,
            ])
        }
        Output.fields(fields)
    }

    /// `VmHWM` from `/proc/self/status`, in bytes; 0 where that file does not exist.
    static func peakMemoryBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kilobytes = line.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
            return kilobytes * 1024
        }
        return 0
    }

    /// The bytes of `path`, decompressed through `gzip -dc` when it ends in `.gz`.
    static func read(_ path: String) throws -> [UInt8] {
        guard path.hasSuffix(".gz") else { return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/gzip")
        process.arguments = ["-dc", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ValidationError("gzip -dc \(path) failed") }
        return [UInt8](data)
    }
}
