// TEMPORARY — to be deleted at merge: the scenarios helper provides the real `builtIn`, `load` and
// `MarketReportHTML.render`. These stand-ins only let the market command compile and run before that.

public struct TemporaryScenarioError: Error, CustomStringConvertible {
    public let description: String
}

extension MarketScenario {
    /// TEMPORARY: straight-line stand-ins for the crash scenarios and a plain GBM for `random`.
    public static func builtIn(named name: String, seed: UInt64, blockMilliseconds: UInt64) throws -> MarketScenario {
        let steps = Int(86_400_000 / blockMilliseconds)
        func line(_ from: [Double], _ to: [Double], liquidityTo: Double) -> MarketScenario {
            let calm = steps / 4
            var prices: [[Double]] = []
            var liquidity: [Double] = []
            for step in 0..<steps {
                let progress = step < calm ? 0 : Double(step - calm) / Double(max(steps - calm - 1, 1))
                prices.append(zip(from, to).map { $0 + ($1 - $0) * progress })
                liquidity.append(1 + (liquidityTo - 1) * progress)
            }
            return MarketScenario(
                name: name, assets: ["BTC", "ETH"], prices: prices, liquidity: liquidity,
                stepMilliseconds: blockMilliseconds)
        }
        switch name {
        case "black-thursday": return line([7_900, 195], [4_800, 110], liquidityTo: 0.3)
        case "luna": return line([40_000, 2_900], [26_000, 1_800], liquidityTo: 0.4)
        case "ftx": return line([21_000, 1_600], [15_700, 1_100], liquidityTo: 0.2)
        case "random":
            var random = SimulationRandom(seed: seed)
            var prices: [[Double]] = [[65_000, 3_000]]
            for _ in 1..<steps {
                let shock = Double(random.int(in: -1_000...1_000)) / 1_000 * 0.002
                let last = prices[prices.count - 1]
                prices.append([last[0] * (1 + shock), last[1] * (1 + shock * 1.2)])
            }
            return MarketScenario(
                name: name, assets: ["BTC", "ETH"], prices: prices, liquidity: Array(repeating: 1, count: steps),
                stepMilliseconds: blockMilliseconds)
        default: throw TemporaryScenarioError(description: "unknown scenario '\(name)'")
        }
    }

    /// TEMPORARY: no file loader yet.
    public static func load(path: String, blockMilliseconds: UInt64) throws -> MarketScenario {
        throw TemporaryScenarioError(description: "scenario files are not supported yet (\(path))")
    }
}

/// TEMPORARY: the real report is an HTML page with charts.
public enum MarketReportHTML {
    public static func render(_ output: MarketSimulationOutput) -> String {
        "<!doctype html><title>market simulation</title><p>\(output.runs.count) runs</p>"
    }
}
