import BazaarCore
import Foundation
import Testing

@testable import BazaarSim

/// The HTML report's structure, escaping, self-containment and size.
@Suite struct MarketReportHTMLTests {
    static func occurrences(of needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    static let chartIDs = [
        "chart-price-BTC", "chart-price-ETH", "chart-insurance-fund", "chart-liquidations", "chart-liquidation-volume",
        "chart-health", "chart-sweep-bad-debt", "chart-sweep-value-at-risk", "chart-sweep-liquidations",
    ]

    @Test func drawsOneSVGPerChart() {
        let html = MarketReportHTML.render(SyntheticMarketOutput.output())
        #expect(Self.occurrences(of: "<svg ", in: html) == Self.chartIDs.count)
        #expect(Self.occurrences(of: "</svg>", in: html) == Self.chartIDs.count)
        for id in Self.chartIDs { #expect(html.contains("<svg id=\"\(id)\""), "chart \(id)") }
        for title in [
            "BTC price", "ETH price", "Insurance fund and bad debt", "Liquidations per block",
            "Liquidation volume per block", "Health factors before and after block 135",
            "Mean bad debt beyond the fund, % of the fund", "Value at risk (bad debt beyond the fund)",
        ] {
            #expect(html.contains("<title>\(title)</title>"), "title \(title)")
        }
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.hasSuffix("</body></html>\n"))
    }

    @Test func withoutSweepRiskOrHealthThoseChartsAreAbsent() {
        var run = SyntheticMarketOutput.run(blocks: 50)
        run.health = nil
        let html = MarketReportHTML.render(MarketSimulationOutput(runs: [run]))
        #expect(Self.occurrences(of: "<svg ", in: html) == 5)
        #expect(!html.contains("chart-sweep"))
        #expect(!html.contains("id=\"risk\""))
        #expect(!html.contains("id=\"runs\""))
        #expect(html.contains("id=\"no-failures\""))
        #expect(!html.contains("id=\"failures\""))
    }

    @Test func showsTheRunHeaderRiskAndSweepTables() {
        let html = MarketReportHTML.render(SyntheticMarketOutput.output())
        for text in [
            "<th>Seed</th><td>7</td>", "<th>Scenario</th><td>black-thursday</td>", "<th>Commit</th><td>0123abc</td>",
            "<th>Block time</th><td>60000 ms</td>", "<th>maintenance-margin</th><td>5%</td>",
            "<th>Value at risk, 99%</th><td class=\"number\">95,000</td>",
            "<th>Runs with a failure</th><td class=\"number\">1</td>", "chosen value: 7%",
            "<tr><th>7%</th>",
        ] {
            #expect(html.contains(text), "\(text)")
        }
        #expect(Self.occurrences(of: "<tr><td class=\"number\">", in: html) == 2)  // Two runs in the runs table.
    }

    @Test func failuresComeFirstAndProminently() throws {
        let html = MarketReportHTML.render(SyntheticMarketOutput.output())
        let failures = try #require(html.range(of: "<section id=\"failures\" class=\"failures\">"))
        let run = try #require(html.range(of: "<section id=\"run\">"))
        #expect(failures.lowerBound < run.lowerBound)
        #expect(html.contains("<h2>2 failures</h2>"))
        #expect(html.contains("seed 7, block 140, account <code>acct-7</code>: equity 0.91 of maintenance"))
        #expect(html.contains("invariant &lt;conservation&gt; &amp; more"))
    }

    @Test func escapesHostileText() {
        let hostile = "<script>alert('x')</script>\"&"
        var output = SyntheticMarketOutput.output(blocks: 40, scenario: hostile)
        output.runs[0].header.parameters.append(.init(name: "<img src=x>", value: "<b>"))
        output.runs[0].header.commit = "\"><svg onload=alert(1)>"
        output.runs[0].assets[0].asset = "<i>BTC</i>"
        output.sweep?.parameter = "</table><script>"
        let html = MarketReportHTML.render(output)
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<b>"))
        #expect(!html.contains("<i>"))
        #expect(!html.contains("onload=alert(1)>"))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&amp;"))
        #expect(html.contains("<svg id=\"chart-price--i-BTC--i-\""))
    }

    @Test func referencesNothingOutside() {
        let html = MarketReportHTML.render(SyntheticMarketOutput.output())
        let lowered = html.lowercased()
        for forbidden in ["http://", "https://", "src=", "href=", "url(", "@import", "<script", "<link", "<img"] {
            #expect(!lowered.contains(forbidden), "\(forbidden)")
        }
    }

    /// The Content-Security-Policy allows exactly the page's style sheet, by its SHA-256.
    @Test func contentSecurityPolicyHashesTheStyleSheet() throws {
        let html = MarketReportHTML.render(SyntheticMarketOutput.output(blocks: 20))
        let start = try #require(html.range(of: "<style>"))
        let end = try #require(html.range(of: "</style>"))
        let style = String(html[start.upperBound..<end.lowerBound])
        let digest = Data(Hash.sha256(Data(style.utf8)).bytes).base64EncodedString()
        #expect(html.contains("content=\"default-src 'none'; style-src 'sha256-\(digest)';"))
        #expect(Self.occurrences(of: "<style>", in: html) == 1)
        #expect(!html.contains(" style=\""))
    }

    @Test func sameOutputGivesTheSameBytes() {
        #expect(
            MarketReportHTML.render(SyntheticMarketOutput.output())
                == MarketReportHTML.render(SyntheticMarketOutput.output()))
    }

    /// 10,000 blocks with a sweep: lines thinned to 2,000 points, bars to 1,000, well under 1 MB.
    @Test func longRunsStaySmall() throws {
        let html = MarketReportHTML.render(SyntheticMarketOutput.output(blocks: 10_000))
        #expect(html.utf8.count < 1_000_000, "\(html.utf8.count) bytes")
        for polyline in html.components(separatedBy: "<polyline").dropFirst() {
            let points = try #require(polyline.components(separatedBy: "points=\"").last?.prefix { $0 != "\"" })
            #expect(points.split(separator: " ").count <= SeriesDownsampling.linePointsMax)
        }
        #expect(html.contains("Each bar is the largest block among 10 consecutive blocks."))
    }

    @Test func lineThinningKeepsEverySpikeAndTrough() {
        var points = (0..<10_000).map { (x: Double($0), y: 100 + Double($0 % 7)) }
        points[5_003].y = 1_000
        points[7_777].y = 3
        let thinned = SeriesDownsampling.line(points)
        #expect(thinned.count <= 2_000)
        #expect(thinned.contains { $0.x == 5_003 && $0.y == 1_000 })
        #expect(thinned.contains { $0.x == 7_777 && $0.y == 3 })
        #expect(zip(thinned, thinned.dropFirst()).allSatisfy { $0.x < $1.x })
        #expect(SeriesDownsampling.line(Array(points.prefix(2_000))).count == 2_000)
    }

    @Test func barBucketsKeepTheLargestBlock() {
        var values = Array(repeating: 1.0, count: 2_500)
        values[1_234] = 99
        let bars = SeriesDownsampling.bars(values)
        #expect(bars.bucketSize == 3)
        #expect(bars.values.count == 834)
        #expect(bars.values.max() == 99)
        #expect(bars.indices[411] == 1_233)
        #expect(bars.values[411] == 99)
    }

    @Test func numbersFormatWithoutLocale() {
        #expect(ReportText.fixed(1_234_567.891, decimals: 2) == "1,234,567.89")
        #expect(ReportText.fixed(-0.004, decimals: 2) == "0.00")
        #expect(ReportText.fixed(-12.5, decimals: 0) == "-13")
        #expect(ReportText.fixed(.nan, decimals: 2) == "n/a")
        #expect(ReportText.compact(12_500) == "12.5k")
        #expect(ReportText.compact(3_000_000) == "3M")
        #expect(ReportText.compact(0.25) == "0.25")
        #expect(ReportText.compact(0) == "0")
        #expect(ReportText.coordinate(-3.14) == "-3.1")
        #expect(ReportText.coordinate(12) == "12")
        #expect(SVGChart.ticks(0...1_000) == [0, 200, 400, 600, 800, 1_000])
        #expect(SVGChart.ticks(3...10) == [4, 6, 8, 10])
    }
}
