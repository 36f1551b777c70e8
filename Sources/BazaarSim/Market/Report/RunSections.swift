/// The report's sections about one run: its header, totals and charts; and the table of all runs.
enum RunSections {
    /// The unit the time axis counts in: minutes for runs up to 3 hours, hours up to 3 days, days beyond.
    struct TimeAxis {
        let millisecondsPerUnit: Double
        let label: String

        init(totalMilliseconds: UInt64) {
            switch totalMilliseconds {
            case ...10_800_000: (millisecondsPerUnit, label) = (60_000, "minutes since the first block")
            case ...259_200_000: (millisecondsPerUnit, label) = (3_600_000, "hours since the first block")
            default: (millisecondsPerUnit, label) = (86_400_000, "days since the first block")
            }
        }
    }

    static func header(_ run: MarketSimulationReport) -> String {
        let header = run.header
        var rows = [
            ("Seed", "\(header.seed)"), ("Scenario", header.scenario), ("Commit", header.commit ?? "unknown"),
            ("Blocks", "\(header.blocks)"), ("Block time", "\(header.blockMilliseconds) ms"),
            ("Accounts", "\(header.accounts)"), ("Quote asset", header.quoteAsset),
        ]
        rows += header.parameters.map { ($0.name, $0.value) }
        return "<section id=\"run\"><h2>Run</h2>\n" + MarketReportHTML.table(id: "run-header", rows, numeric: false)
            + "\n</section>"
    }

    static func totals(_ run: MarketSimulationReport) -> String {
        let totals = run.totals
        let quote = run.header.quoteAsset
        var rows = [
            ("Bad debt beyond the fund (\(quote))", ReportText.amount(totals.badDebtBeyondFund)),
            ("Bad debt (\(quote))", ReportText.amount(totals.badDebt)),
            ("Insurance fund at start (\(quote))", ReportText.amount(totals.insuranceFundStart)),
            ("Insurance fund at end (\(quote))", ReportText.amount(totals.insuranceFundEnd)),
            ("Liquidations", "\(totals.liquidations)"),
            ("Liquidation volume (\(quote))", ReportText.amount(totals.liquidationVolume)),
            ("Deleveragings", "\(totals.deleveragings)"),
            ("Lending write-offs (\(quote))", ReportText.amount(totals.lendingWriteOffs)),
            ("Funding paid by longs (\(quote))", ReportText.amount(totals.fundingPaid)),
            ("Largest oracle deviation (bp)", ReportText.fixed(totals.maxOracleDeviationBasisPoints, decimals: 1)),
            (
                "Slowest finalizeBlock (µs, block)",
                "\(totals.slowestFinalizeMicroseconds) at \(totals.slowestFinalizeHeight)"
            ),
            ("Transactions included / failed", "\(totals.transactionsIncluded) / \(totals.transactionsFailed)"),
            ("Final application hash", totals.finalAppHash),
        ]
        if let versusHolding = totals.liquidityProviderVersusHoldingPercent {
            rows.insert(
                ("Liquidity providers against holding (%)", ReportText.fixed(versusHolding, decimals: 2)), at: 9)
        }
        return "<section id=\"totals\"><h2>Totals</h2>\n" + MarketReportHTML.table(id: "totals-table", rows)
            + "\n</section>"
    }

    static func risk(_ risk: MarketRiskSummary) -> String {
        let rows = [
            ("Seeds", "\(risk.seeds.count)"),
            ("Value at risk, 95% (bad debt beyond the fund)", ReportText.amount(risk.valueAtRisk95)),
            ("Value at risk, 99%", ReportText.amount(risk.valueAtRisk99)),
            ("Liquidations at risk, 95% (liquidation volume)", ReportText.amount(risk.liquidationsAtRisk95)),
            ("Liquidations at risk, 99%", ReportText.amount(risk.liquidationsAtRisk99)),
            ("Runs with a failure", "\(risk.failedRuns)"),
        ]
        return "<section id=\"risk\"><h2>Risk across seeds</h2>\n"
            + "<p class=\"note\">Percentiles over the seeds' runs, as Gauntlet reports them.</p>\n"
            + MarketReportHTML.table(id: "risk-table", rows) + "\n</section>"
    }

    static func runsTable(_ runs: [MarketSimulationReport]) -> String {
        var lines = [
            "<section id=\"runs\"><h2>Every run</h2>", "<table id=\"runs-table\">",
            "<tr><th>Seed</th><th>Scenario</th><th>Bad debt beyond fund</th><th>Liquidations</th>"
                + "<th>Liquidation volume</th><th>Failures</th></tr>",
        ]
        for run in runs {
            lines.append(
                "<tr><td class=\"number\">\(run.header.seed)</td><td>\(ReportText.escape(run.header.scenario))</td>"
                    + "<td class=\"number\">\(ReportText.amount(run.totals.badDebtBeyondFund))</td>"
                    + "<td class=\"number\">\(run.totals.liquidations)</td>"
                    + "<td class=\"number\">\(ReportText.amount(run.totals.liquidationVolume))</td>"
                    + "<td class=\"number\">\(run.failures.count)</td></tr>")
        }
        return (lines + ["</table>", "</section>"]).joined(separator: "\n")
    }

    /// Prices, solvency, liquidations and health: the charts of one run.
    static func charts(_ run: MarketSimulationReport) -> String {
        let blockMilliseconds = run.header.blockMilliseconds
        let count = max(run.blocks.count, run.assets.map { $0.oraclePrices.count }.max() ?? 0)
        let elapsed = (0..<count).map { index in
            index < run.blocks.count ? run.blocks[index].elapsedMilliseconds : UInt64(index) * blockMilliseconds
        }
        let axis = TimeAxis(totalMilliseconds: elapsed.last ?? 0)
        let times = elapsed.map { Double($0) / axis.millisecondsPerUnit }
        let quote = ReportText.escape(run.header.quoteAsset)
        var parts = ["<section id=\"prices\"><h2>Prices</h2>"]
        parts.append(
            "<p class=\"note\">The scenario's price (dashed, what reporters were told) and the oracle's price after "
                + "each block (solid). A gap between them is oracle lag or a lying reporter.</p>")
        parts += run.assets.map { priceChart($0, times: times, axis: axis, quote: quote) }
        parts.append("</section>")
        parts.append(solvencyChart(run, times: times, axis: axis, quote: quote))
        parts.append(liquidationCharts(run, times: times, axis: axis, quote: quote))
        if let health = run.health { parts.append(HealthSection.render(health)) }
        return parts.joined(separator: "\n")
    }

    private static func series(_ values: [Double], times: [Double]) -> [(x: Double, y: Double)] {
        SeriesDownsampling.line(zip(times, values).map { (x: $0, y: $1) })
    }

    private static func extent(_ values: [[Double]]) -> ClosedRange<Double> {
        let finite = values.joined().filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return 0...1 }
        return low...high
    }

    private static func priceChart(
        _ path: MarketSimulationReport.AssetPath, times: [Double], axis: TimeAxis, quote: String
    ) -> String {
        var chart = SVGChart(
            id: "chart-price-\(MarketReportHTML.idFragment(path.asset))", title: "\(path.asset) price",
            xLabel: axis.label, yLabel: "\(path.asset) in \(quote)", xDomain: (times.first ?? 0)...(times.last ?? 1),
            yDomain: extent([path.scenarioPrices, path.oraclePrices]))
        chart.line(series(path.scenarioPrices, times: times), color: MarketReportHTML.scenarioColor, dashed: true)
        chart.line(series(path.oraclePrices, times: times), color: MarketReportHTML.oracleColor)
        return chart.svg(legend: [
            .init(name: "scenario", color: MarketReportHTML.scenarioColor, dashed: true),
            .init(name: "oracle", color: MarketReportHTML.oracleColor),
        ])
    }

    private static func solvencyChart(
        _ run: MarketSimulationReport, times: [Double], axis: TimeAxis, quote: String
    ) -> String {
        let fund = run.blocks.map(\.insuranceFund)
        let badDebt = run.blocks.map(\.badDebt)
        var chart = SVGChart(
            id: "chart-insurance-fund", title: "Insurance fund and bad debt", xLabel: axis.label,
            yLabel: quote, xDomain: (times.first ?? 0)...(times.last ?? 1), yDomain: extent([fund, badDebt]),
            yFromZero: true)
        chart.line(series(fund, times: times), color: MarketReportHTML.fundColor, width: 2)
        chart.line(series(badDebt, times: times), color: MarketReportHTML.badDebtColor, width: 2)
        let note =
            "<p class=\"note\">The insurance fund after each block, and bad debt (cumulative) the fund did not "
            + "cover. Solvent while the red line stays at zero.</p>"
        return "<section id=\"solvency\"><h2>Solvency</h2>\n\(note)\n"
            + chart.svg(legend: [
                .init(name: "insurance fund", color: MarketReportHTML.fundColor),
                .init(name: "bad debt", color: MarketReportHTML.badDebtColor),
            ]) + "\n</section>"
    }

    private static func liquidationCharts(
        _ run: MarketSimulationReport, times: [Double], axis: TimeAxis, quote: String
    ) -> String {
        let counts = SeriesDownsampling.bars(run.blocks.map { Double($0.liquidations) })
        let volumes = SeriesDownsampling.bars(run.blocks.map(\.liquidationVolume))
        let blockWidth =
            run.blocks.count > 1 ? (times[run.blocks.count - 1] - times[0]) / Double(run.blocks.count - 1) : 1
        let xDomain = (times.first ?? 0)...((times.last ?? 0) + blockWidth)
        var countChart = SVGChart(
            id: "chart-liquidations", title: "Liquidations per block", xLabel: axis.label, yLabel: "liquidations",
            xDomain: xDomain, yDomain: 0...(counts.values.max() ?? 1), yFromZero: true)
        countChart.bars(
            x: counts.indices.map { times[$0] }, values: counts.values,
            barWidth: blockWidth * Double(counts.bucketSize), color: MarketReportHTML.countColor)
        var volumeChart = SVGChart(
            id: "chart-liquidation-volume", title: "Liquidation volume per block", xLabel: axis.label,
            yLabel: quote, xDomain: xDomain, yDomain: 0...(volumes.values.max() ?? 1), yFromZero: true)
        volumeChart.bars(
            x: volumes.indices.map { times[$0] }, values: volumes.values,
            barWidth: blockWidth * Double(volumes.bucketSize), color: MarketReportHTML.volumeColor)
        let bucketNote =
            counts.bucketSize > 1
            ? " Each bar is the largest block among \(counts.bucketSize) consecutive blocks." : ""
        return "<section id=\"liquidations\"><h2>Liquidations</h2>\n"
            + "<p class=\"note\">Positions closed by the liquidation engine in each block, and the notional they "
            + "closed.\(bucketNote)</p>\n" + countChart.svg() + "\n" + volumeChart.svg() + "\n</section>"
    }
}
