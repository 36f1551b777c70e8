import ArgumentParser
import BazaarClient
import Foundation

/// `bazaar bench quote`: times the router's best-route quote across many pools.
struct BenchQuoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quote",
        abstract:
            "Time the router's quote of USD → BTC across --pools pools and --books books (direct and two-hop paths).",
        discussion: """
            Pools are built in memory over five assets, half constant-product and half concentrated, fee tiers in \
            turn. Each iteration quotes the same amount from scratch; the median and the maximum are reported.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "How many pools.") var pools: Int = 100
    @Option(help: "How many order books.") var books: Int = 10
    @Option(help: "Timed quotes.") var iterations: Int = 200

    struct Report: Encodable {
        var pools: Int
        var books: Int
        var paths: Int
        var iterations: Int
        var medianMicroseconds: Double
        var maximumMicroseconds: Double
        var legs: Int
    }

    func validate() throws {
        guard (1...10_000).contains(pools) else { throw ValidationError("--pools must be 1...10000") }
        guard (0...1_000).contains(books) else { throw ValidationError("--books must be 0...1000") }
        guard (1...100_000).contains(iterations) else { throw ValidationError("--iterations must be 1...100000") }
    }

    func run() throws {
        let result = QuoteBenchmark.run(poolCount: pools, bookCount: books, iterations: iterations) {
            DispatchTime.now().uptimeNanoseconds
        }
        if global.json {
            return try Output.json(
                Report(
                    pools: result.poolCount, books: result.bookCount, paths: result.pathCount,
                    iterations: result.iterations,
                    medianMicroseconds: result.medianMicroseconds, maximumMicroseconds: result.maximumMicroseconds,
                    legs: result.legs))
        }
        Output.fields([
            ("pools", "\(result.poolCount)"), ("books", "\(result.bookCount)"), ("paths", "\(result.pathCount)"),
            ("iterations", "\(result.iterations)"),
            ("median", String(format: "%.1f µs", result.medianMicroseconds)),
            ("maximum", String(format: "%.1f µs", result.maximumMicroseconds)), ("legs in route", "\(result.legs)"),
        ])
    }
}
