public import BazaarCore
public import Foundation

/// The prices the devnet's reporters follow: a seeded random walk, or the steps of a file.
///
/// Prices are in base units of the oracle's quote asset per whole unit of each asset. Randomness
/// comes only from the seed, so the same seed gives the same path on every run.
public struct PricePath: Sendable {
    /// One step: each asset's price.
    public typealias Step = [(asset: AssetSymbol, quotePerUnit: UInt128)]

    enum Source: Sendable {
        /// Each step moves every price by a uniform −`stepBasisPoints`…+`stepBasisPoints`.
        case randomWalk(generator: SeededGenerator, prices: [(asset: AssetSymbol, quotePerUnit: UInt128)])
        /// The file's steps in order, then again from the first.
        case steps([Step], next: Int)
    }

    var source: Source
    /// The random walk's largest move per step.
    public static let stepBasisPoints: Int = 10
    /// How far apart one reporter's observation is from another's at the same step, at most.
    public static let reporterSpreadBasisPoints: Int = 3

    /// A random walk from `start` (sorted by asset) with `seed`.
    public static func randomWalk(seed: UInt64, start: Step) -> PricePath {
        PricePath(source: .randomWalk(generator: SeededGenerator(seed: seed), prices: start))
    }

    /// Reads a file of steps: one line per step of `ASSET=PRICE` pairs separated by spaces, prices in
    /// whole units of the quote asset (e.g. `BTC=65010.5 ETH=3001.25`); blank lines and lines
    /// starting with `#` are skipped.
    public static func file(_ url: URL, quoteDecimals: UInt8) throws -> PricePath {
        let text = try String(contentsOf: url, encoding: .utf8)
        return try PricePath(source: .steps(parse(text, quoteDecimals: quoteDecimals, name: url.path), next: 0))
    }

    public static func parse(_ text: String, quoteDecimals: UInt8, name: String) throws -> [Step] {
        var steps: [Step] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { continue }
            var step: Step = []
            for pair in trimmed.split(separator: " ", omittingEmptySubsequences: true) {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, let asset = AssetSymbol(validating: String(parts[0]).uppercased()),
                    let price = try? Amount(parsing: parts[1], decimals: quoteDecimals), !price.isZero
                else {
                    throw NodeError(
                        .configuration, "\(name) line \(index + 1): '\(pair)' is not ASSET=PRICE with a positive price")
                }
                step.append((asset, price.baseUnits))
            }
            steps.append(step.sorted { $0.asset < $1.asset })
        }
        guard !steps.isEmpty else { throw NodeError(.configuration, "\(name) has no price steps") }
        return steps
    }

    /// The next step's prices.
    public mutating func next() -> Step {
        switch source {
        case .randomWalk(var generator, let prices):
            let moved = prices.map { asset, price in
                let move = Int.random(in: -Self.stepBasisPoints...Self.stepBasisPoints, using: &generator)
                return (asset, max(Self.scale(price, basisPoints: move), 1))
            }
            source = .randomWalk(generator: generator, prices: moved)
            return moved
        case .steps(let steps, let next):
            source = .steps(steps, next: (next + 1) % steps.count)
            return steps[next]
        }
    }

    /// `price × (10,000 + basisPoints) / 10,000`, rounded down.
    static func scale(_ price: UInt128, basisPoints: Int) -> UInt128 {
        let (high, low) = price.multipliedFullWidth(by: UInt128(10_000 + basisPoints))
        return UInt128(10_000).dividingFullWidth((high, low)).quotient
    }
}

/// SplitMix64: a small generator driven only by its seed.
struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
