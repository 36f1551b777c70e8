/// The paired histogram of health factors before and after the block with the most liquidation volume.
enum HealthSection {
    static func render(_ health: MarketSimulationReport.HealthDistribution) -> String {
        let buckets = health.bucketLowerEdges.count
        precondition(health.before.count == buckets && health.after.count == buckets, "one count per bucket")
        let note =
            "<p class=\"note\">Margin accounts with positions or debts by health factor (equity over the maintenance "
            + "requirement), just before block \(health.height), the block with the most liquidation volume (grey), "
            + "and just after it (orange). Below 1 an account is under maintenance and must be liquidated; a "
            + "healthy engine moves the grey bars left of 1 to the right of it, or to zero.</p>"
        guard buckets > 0 else {
            return "<section id=\"health\"><h2>Health factors</h2>\n\(note)\n<p>No buckets recorded.</p>\n</section>"
        }
        let peak = Double(max(health.before.max() ?? 0, health.after.max() ?? 0))
        var chart = SVGChart(
            id: "chart-health", title: "Health factors before and after block \(health.height)",
            xLabel: "health factor (each bar: from its left edge to the next; the last open above)",
            yLabel: "accounts", xDomain: 0...Double(buckets), yDomain: 0...max(peak, 1), yFromZero: true)
        chart.xTickLabels = health.bucketLowerEdges.enumerated().map {
            (x: Double($0.offset), label: ReportText.compact($0.element))
        }
        let positions = (0..<buckets).map(Double.init)
        chart.bars(
            x: positions, values: health.before.map(Double.init), barWidth: 0.38, color: MarketReportHTML.beforeColor,
            offset: 0.1)
        chart.bars(
            x: positions, values: health.after.map(Double.init), barWidth: 0.38, color: MarketReportHTML.afterColor,
            offset: 0.52)
        if let maintenance = health.bucketLowerEdges.firstIndex(of: 1) {
            chart.verticalRule(at: Double(maintenance), label: "maintenance (1)", color: MarketReportHTML.badDebtColor)
        }
        let svg = chart.svg(legend: [
            .init(name: "before", color: MarketReportHTML.beforeColor),
            .init(name: "after", color: MarketReportHTML.afterColor),
        ])
        return "<section id=\"health\"><h2>Health factors</h2>\n\(note)\n\(svg)\n</section>"
    }
}
