import Foundation
import Testing

@testable import BazaarSim

/// A user's scenario file, CSV or JSON, parsed from its text (the CLI reads the file).
@Suite struct ScenarioFileTests {
    /// Parses `text` as the scenario file `name`.
    static func load(_ text: String, name: String = "path.csv", blockMilliseconds: UInt64 = 60_000) throws
        -> MarketScenario
    {
        try MarketScenario.parse(text, source: name, blockMilliseconds: blockMilliseconds)
    }

    /// The error's description for a file that must not load.
    static func failure(_ text: String, name: String = "path.csv", blockMilliseconds: UInt64 = 60_000) -> String {
        do {
            let scenario = try load(text, name: name, blockMilliseconds: blockMilliseconds)
            Issue.record("loaded \(scenario.stepCount) steps from a bad file")
            return ""
        } catch let error as MarketScenarioError {
            return error.description
        } catch {
            Issue.record("unexpected error \(error)")
            return ""
        }
    }

    @Test func csvRoundTripsAtItsOwnStep() throws {
        let scenario = try Self.load(
            "time_ms,BTC,ETH,liquidity\n0,65000,3000,1\n60000,60000,2500.5,0.5\n120000,61000,2600,0.25\n")
        #expect(scenario.assets == ["BTC", "ETH"])
        #expect(scenario.prices == [[65_000, 3_000], [60_000, 2_500.5], [61_000, 2_600]])
        #expect(scenario.liquidity == [1, 0.5, 0.25])
        #expect(scenario.stepMilliseconds == 60_000)
        #expect(scenario.name.hasSuffix("path.csv"))
    }

    @Test func jsonRoundTripsAtItsOwnStep() throws {
        let json = """
            {"stepMilliseconds": 60000, "assets": ["BTC", "ETH"], "steps": [
              {"prices": [65000, 3000], "liquidity": 1.0},
              {"prices": [60000, 2500.5], "liquidity": 0.5},
              {"prices": [61000, 2600]}
            ]}
            """
        let scenario = try Self.load(json, name: "path.json")
        #expect(scenario.prices == [[65_000, 3_000], [60_000, 2_500.5], [61_000, 2_600]])
        #expect(scenario.liquidity == [1, 0.5, 1])
    }

    /// A row every two minutes at one block a minute: the step between is the geometric mean.
    @Test func resamplesLinearlyInLogPrice() throws {
        let scenario = try Self.load("time_ms,BTC\n1000000,100\n1120000,400\n")
        #expect(scenario.stepCount == 3)
        let prices = scenario.prices.map { $0[0] }
        #expect(prices[0] == 100 && prices[2] == 400)  // Rows are kept exactly.
        #expect(abs(prices[1] - 200) < 1e-9)
        #expect(scenario.liquidity == [1, 1, 1])
        let coarse = try Self.load("time_ms,BTC\n0,100\n150000,400\n", blockMilliseconds: 60_000)
        #expect(coarse.stepCount == 3)  // 0, 60 and 120 s; 150 s falls between blocks.
    }

    @Test func skipsBlankLinesCommentsAndCarriageReturns() throws {
        let scenario = try Self.load("# a crash\r\ntime_ms, BTC ,liquidity\r\n\r\n0,100,1\r\n60000,50,0.5\r\n")
        #expect(scenario.assets == ["BTC"])
        #expect(scenario.prices == [[100], [50]])
    }

    @Test func emptyFilesAreRejected() {
        #expect(Self.failure("").contains("the file is empty"))
        #expect(Self.failure("\n  \n").contains("the file is empty"))
        #expect(Self.failure("time_ms,BTC\n").contains("no steps"))
    }

    @Test func missingColumnsAreNamed() {
        #expect(Self.failure("BTC,ETH\n1,2\n").contains("line 1: missing column 'time_ms'"))
        #expect(Self.failure("BTC,time_ms\n1,2\n").contains("'time_ms' must be the first column"))
        #expect(Self.failure("time_ms,liquidity\n0,1\n").contains("no asset is priced"))
        #expect(Self.failure("time_ms,BTC,BTC\n0,1,2\n").contains("'BTC' appears twice"))
    }

    @Test func raggedRowsNameTheirLine() {
        let message = Self.failure("time_ms,BTC,ETH\n0,1,2\n60000,1\n")
        #expect(message.contains("line 3: 2 fields, but the header has 3"))
    }

    @Test func badValuesNameTheirLineAndColumn() {
        #expect(Self.failure("time_ms,BTC,ETH\n0,1,2\n60000,1,abc\n").contains("line 3, column 'ETH': 'abc'"))
        #expect(Self.failure("time_ms,BTC,ETH\n0,1,2\n60000,0,2\n").contains("line 3, column 'BTC': price 0.0"))
        #expect(Self.failure("time_ms,BTC\n0,-5\n").contains("line 2, column 'BTC': price -5.0 is not positive"))
        #expect(Self.failure("time_ms,BTC\n0,nan\n").contains("line 2, column 'BTC': price nan"))
        #expect(
            Self.failure("time_ms,BTC,liquidity\n0,1,0\n").contains("line 2, column 'liquidity': liquidity 0.0"))
        #expect(Self.failure("time_ms,BTC\n-1,1\n").contains("line 2, column 'time_ms': '-1' is not a number"))
        #expect(Self.failure("time_ms,BTC\n0,1\n0,2\n").contains("line 3: time_ms is not after"))
    }

    @Test func tooManyStepsIsAnError() {
        // 200 s at one block a millisecond: 200,001 steps, beyond the bound of 100,000.
        let message = Self.failure("time_ms,BTC\n0,1\n200000,2\n", blockMilliseconds: 1)
        #expect(message.contains("200001 steps"))
        #expect(message.contains("at most 100000"))
        let rows = (0...MarketScenario.stepCountMax).map { "\($0),1" }.joined(separator: "\n")
        #expect(Self.failure("time_ms,BTC\n" + rows, blockMilliseconds: 86_400_000).contains("at most 100000"))
    }

    @Test func badJSONNamesTheField() {
        func failure(_ json: String) -> String { Self.failure(json, name: "path.json") }
        #expect(failure(#"{"assets": ["BTC"], "steps": []}"#).contains("stepMilliseconds: missing"))
        #expect(failure(#"{"stepMilliseconds": 0, "assets": ["BTC"], "steps": []}"#).contains("must be > 0"))
        #expect(failure(#"{"stepMilliseconds": 1000, "steps": []}"#).contains("assets: missing"))
        #expect(failure(#"{"stepMilliseconds": 1000, "assets": ["BTC"], "steps": []}"#).contains("no steps"))
        #expect(
            failure(
                #"{"stepMilliseconds": 1000, "assets": ["BTC", "ETH"], "steps": [{"prices": [1, 2]}, {"prices": [1]}]}"#
            )
            .contains("steps[1].prices: 1 prices for 2 assets"))
        #expect(
            failure(#"{"stepMilliseconds": 1000, "assets": ["BTC", "ETH"], "steps": [{"prices": [1, -2]}]}"#)
                .contains("steps[0].prices[1] (ETH): price -2.0 is not positive"))
        #expect(
            failure(#"{"stepMilliseconds": 1000, "assets": ["BTC"], "steps": [{"prices": [1], "liquidity": 0}]}"#)
                .contains("steps[0].liquidity: liquidity 0.0 is not positive"))
        #expect(
            failure(#"{"stepMilliseconds": 1000, "assets": ["BTC"], "steps": [{"prices": ["high"]}]}"#)
                .contains("steps[0].prices[0]: expected Double"))
        #expect(
            failure(#"{"stepMilliseconds": 1000, "assets": ["BTC"], "steps": [{}]}"#).contains(
                "steps[0].prices: missing"))
        #expect(failure("{ not json").contains("not valid JSON"))
    }
}
