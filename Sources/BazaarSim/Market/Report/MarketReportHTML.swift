internal import BazaarCore
internal import Foundation

/// The market simulation's report: one self-contained HTML file a person reads in a browser.
///
/// Everything is inline: SVG charts drawn here, one style sheet allowed by its hash in a strict
/// Content-Security-Policy (no scripts, fonts, images or requests of any kind). The first run is
/// drawn in full (header, prices, insurance fund and bad debt, liquidations, health factors,
/// totals); the risk across seeds and the sweep follow when present, then a table of every run. Failures come
/// first, in red, when there are any. Long series are thinned (`SeriesDownsampling`), so 10,000
/// blocks make a file of a few hundred kilobytes. docs/STRESS.md, "Reading the report", explains
/// each chart.
public enum MarketReportHTML {
    /// Failures listed in full; beyond this many, a count of the rest.
    static let failuresListedMax = 200

    static let oracleColor = "#1f77b4"
    static let scenarioColor = "#7f7f7f"
    static let fundColor = "#2ca02c"
    static let badDebtColor = "#d62728"
    static let countColor = "#9467bd"
    static let volumeColor = "#ff7f0e"
    static let beforeColor = "#7f7f7f"
    static let afterColor = "#ff7f0e"

    static let styleSheet = """
        body { font-family: sans-serif; margin: 24px auto; max-width: 1000px; color: #222222; background: #fafafa; }
        h1 { font-size: 24px; margin-bottom: 4px; }
        h2 { font-size: 18px; margin-top: 32px; border-bottom: 1px solid #dddddd; padding-bottom: 4px; }
        p.note { color: #555555; margin: 4px 0 8px; }
        table { border-collapse: collapse; margin: 8px 0; }
        th, td { text-align: left; padding: 3px 12px 3px 0; border-bottom: 1px solid #eeeeee; }
        td.number { text-align: right; font-variant-numeric: tabular-nums; }
        svg.chart { display: block; margin: 12px 0; max-width: 100%; height: auto; border: 1px solid #dddddd; }
        section.failures { background: #fdecea; border: 2px solid #d62728; padding: 8px 16px; margin: 16px 0; }
        section.failures h2 { color: #b71c1c; border: none; margin-top: 8px; }
        p.ok { background: #e8f5e9; border: 1px solid #2ca02c; padding: 8px 16px; }
        """

    /// The report for `output`, as one HTML document.
    public static func render(_ output: MarketSimulationOutput) -> String {
        var html = [String]()
        let run = output.runs.first
        let titleName = run.map { "\($0.header.scenario), seed \($0.header.seed)" } ?? "no run"
        html.append(contentsOf: [
            "<!DOCTYPE html>",
            "<html lang=\"en\"><head><meta charset=\"utf-8\">",
            "<meta http-equiv=\"Content-Security-Policy\" content=\"\(contentSecurityPolicy)\">",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
            "<title>Market simulation: \(ReportText.escape(titleName))</title>",
            "<style>\(styleSheet)</style>",
            "</head><body>",
            "<h1>Market simulation: \(ReportText.escape(titleName))</h1>",
        ])
        html.append(failuresSection(output.runs))
        if let run {
            html.append(RunSections.header(run))
            html.append(RunSections.charts(run))
            html.append(RunSections.totals(run))
        } else {
            html.append("<p class=\"note\">The output holds no run.</p>")
        }
        if let risk = output.risk { html.append(RunSections.risk(risk)) }
        if let sweep = output.sweep { html.append(SweepSection.render(sweep)) }
        if output.runs.count > 1 { html.append(RunSections.runsTable(output.runs)) }
        html.append("<p class=\"note\">Written by <code>bazaar simulate market</code>; self-contained, no scripts.</p>")
        html.append("</body></html>")
        return html.joined(separator: "\n") + "\n"
    }

    /// Nothing may load or run; only the page's own style sheet, named by its SHA-256, applies.
    static var contentSecurityPolicy: String {
        let digest = Data(Hash.sha256(Data(styleSheet.utf8)).bytes).base64EncodedString()
        return "default-src 'none'; style-src 'sha256-\(digest)'; base-uri 'none'; form-action 'none'"
    }

    /// Every failure of every run, prominent; or one line saying there were none.
    static func failuresSection(_ runs: [MarketSimulationReport]) -> String {
        let failures = runs.flatMap { run in run.failures.map { (run.header, $0) } }
        guard !failures.isEmpty else {
            return "<p class=\"ok\" id=\"no-failures\">No failures: no account was left below maintenance "
                + "after any block and every invariant held.</p>"
        }
        var lines = [
            "<section id=\"failures\" class=\"failures\">",
            "<h2>\(failures.count) failure\(failures.count == 1 ? "" : "s")</h2>", "<ol>",
        ]
        for (header, failure) in failures.prefix(failuresListedMax) {
            let account = failure.account.map { ", account <code>\(ReportText.escape($0))</code>" } ?? ""
            let seed = runs.count > 1 ? "seed \(header.seed), " : ""
            lines.append(
                "<li>\(seed)block \(failure.height)\(account): \(ReportText.escape(failure.message))</li>")
        }
        lines.append("</ol>")
        if failures.count > failuresListedMax {
            lines.append("<p>and \(failures.count - failuresListedMax) more (the JSON output lists all).</p>")
        }
        lines.append("</section>")
        return lines.joined(separator: "\n")
    }

    /// A table of `(name, value)` rows, numbers right-aligned.
    static func table(id: String, _ rows: [(String, String)], numeric: Bool = true) -> String {
        let cellClass = numeric ? " class=\"number\"" : ""
        let body = rows.map {
            "<tr><th>\(ReportText.escape($0.0))</th><td\(cellClass)>\(ReportText.escape($0.1))</td></tr>"
        }
        return (["<table id=\"\(id)\">"] + body + ["</table>"]).joined(separator: "\n")
    }

    /// An HTML id fragment from a name: letters, digits and `-` only.
    static func idFragment(_ name: String) -> String {
        String(
            name.unicodeScalars.map {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) ? Character($0) : "-"
            })
    }
}
