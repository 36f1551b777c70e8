/// The sweep's curves: each metric against the swept parameter's value, the target and the choice.
enum SweepSection {
    static let meetsColor = "#2ca02c"
    static let missesColor = "#d62728"

    static func render(_ sweep: MarketSweepReport) -> String {
        let points = sweep.points.sorted { $0.numericValue < $1.numericValue }
        let xs = points.map(\.numericValue)
        let xDomain = (xs.first ?? 0)...(xs.last ?? 1)
        let xLabel = "\(sweep.parameter) (\(sweep.unit))"
        let chosen = sweep.chosenValue.flatMap { value in points.first { $0.value == value } }
        var parts = [
            "<section id=\"sweep\"><h2>Sweep: \(ReportText.escape(sweep.parameter))</h2>",
            "<p class=\"note\">Each point is one value of the parameter run over every seed. Target: "
                + "\(ReportText.escape(sweep.target ?? "none"))"
                + "; chosen value: \(ReportText.escape(sweep.chosenValue ?? "none meets the target")). "
                + "Green points meet the target, red ones do not.</p>",
        ]

        let badDebt = points.map(\.meanBadDebtPercentOfFund)
        let targetLevel = sweep.target.flatMap(badDebtPercentTarget)
        var badDebtChart = SVGChart(
            id: "chart-sweep-bad-debt", title: "Mean bad debt beyond the fund, % of the fund", xLabel: xLabel,
            yLabel: "% of fund", xDomain: xDomain,
            yDomain: 0...max(badDebt.max() ?? 0, targetLevel ?? 0, 0.000_001), yFromZero: true)
        badDebtChart.xTickLabels = valueTicks(points)
        badDebtChart.line(points.map { (x: $0.numericValue, y: $0.meanBadDebtPercentOfFund) }, color: "#444444")
        for point in points {
            let color = point.meetsTarget == false ? missesColor : point.meetsTarget == true ? meetsColor : "#444444"
            badDebtChart.circle(x: point.numericValue, y: point.meanBadDebtPercentOfFund, color: color)
        }
        if let targetLevel {
            badDebtChart.horizontalRule(
                at: targetLevel, label: "target \(ReportText.compact(targetLevel))%", color: missesColor)
        }
        if let chosen {
            badDebtChart.verticalRule(at: chosen.numericValue, label: "chosen \(chosen.value)", color: meetsColor)
        }
        parts.append(badDebtChart.svg())

        parts.append(
            twoLines(
                id: "chart-sweep-value-at-risk", title: "Value at risk (bad debt beyond the fund)", xLabel: xLabel,
                points: points, chosen: chosen,
                lines: [("VaR 95%", "#ff7f0e", \.risk.valueAtRisk95), ("VaR 99%", "#d62728", \.risk.valueAtRisk99)]))
        parts.append(
            twoLines(
                id: "chart-sweep-liquidations", title: "Liquidation volume", xLabel: xLabel, points: points,
                chosen: chosen,
                lines: [
                    ("mean", "#9467bd", \.meanLiquidationVolume), ("LaR 95%", "#8c564b", \.risk.liquidationsAtRisk95),
                ]))
        parts.append(table(points))
        parts.append("</section>")
        return parts.joined(separator: "\n")
    }

    /// Each swept value as the user wrote it, when there are few enough to label them all.
    private static func valueTicks(_ points: [MarketSweepReport.Point]) -> [(x: Double, label: String)]? {
        points.count <= 12 ? points.map { (x: $0.numericValue, label: $0.value) } : nil
    }

    /// The number in `bad-debt<=0.1%-of-fund`, the form of target drawn as a line; nil for others.
    static func badDebtPercentTarget(_ target: String) -> Double? {
        let prefix = "bad-debt<="
        let suffix = "%-of-fund"
        guard target.hasPrefix(prefix), target.hasSuffix(suffix), target.count > prefix.count + suffix.count else {
            return nil
        }
        return Double(target.dropFirst(prefix.count).dropLast(suffix.count))
    }

    private static func twoLines(
        id: String, title: String, xLabel: String, points: [MarketSweepReport.Point], chosen: MarketSweepReport.Point?,
        lines: [(name: String, color: String, metric: KeyPath<MarketSweepReport.Point, Double>)]
    ) -> String {
        let values = lines.flatMap { line in points.map { $0[keyPath: line.metric] } }
        var chart = SVGChart(
            id: id, title: title, xLabel: xLabel, yLabel: "quote units",
            xDomain: (points.first?.numericValue ?? 0)...(points.last?.numericValue ?? 1),
            yDomain: 0...max(values.max() ?? 0, 0.000_001), yFromZero: true)
        chart.xTickLabels = valueTicks(points)
        for line in lines {
            chart.line(points.map { (x: $0.numericValue, y: $0[keyPath: line.metric]) }, color: line.color, width: 2)
            for point in points {
                chart.circle(x: point.numericValue, y: point[keyPath: line.metric], color: line.color, radius: 3)
            }
        }
        if let chosen {
            chart.verticalRule(at: chosen.numericValue, label: "chosen \(chosen.value)", color: meetsColor)
        }
        return chart.svg(legend: lines.map { .init(name: $0.name, color: $0.color) })
    }

    private static func table(_ points: [MarketSweepReport.Point]) -> String {
        var lines = [
            "<table id=\"sweep-table\">",
            "<tr><th>Value</th><th>Mean bad debt, % of fund</th><th>VaR 95%</th><th>VaR 99%</th>"
                + "<th>Mean liquidation volume</th><th>LaR 95%</th><th>Failed runs</th><th>Meets target</th></tr>",
        ]
        for point in points {
            let meets = point.meetsTarget.map { $0 ? "yes" : "no" } ?? "-"
            let cells = [
                ReportText.fixed(point.meanBadDebtPercentOfFund, decimals: 4),
                ReportText.amount(point.risk.valueAtRisk95),
                ReportText.amount(point.risk.valueAtRisk99), ReportText.amount(point.meanLiquidationVolume),
                ReportText.amount(point.risk.liquidationsAtRisk95), "\(point.risk.failedRuns)",
            ]
            lines.append(
                "<tr><th>\(ReportText.escape(point.value))</th>"
                    + cells.map { "<td class=\"number\">\($0)</td>" }.joined() + "<td>\(meets)</td></tr>")
        }
        lines.append("</table>")
        return lines.joined(separator: "\n")
    }
}
