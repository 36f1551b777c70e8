/// One inline SVG chart of the report: a plot area with labelled axes, then lines, bars and rules.
///
/// Colours and sizes are presentation attributes, so a chart draws even where the page's style
/// sheet does not apply; every text is escaped. Coordinates have one decimal.
struct SVGChart {
    static let width = 960.0
    static let height = 300.0
    static let plotLeft = 76.0
    static let plotRight = 940.0
    static let plotTop = 40.0
    static let plotBottom = 252.0

    struct LegendEntry {
        var name: String
        var color: String
        var dashed = false
    }

    let id: String
    let title: String
    let xLabel: String
    let yLabel: String
    let xRange: ClosedRange<Double>
    let yRange: ClosedRange<Double>
    /// Custom x tick labels (categories); numeric ticks when nil.
    var xTickLabels: [(x: Double, label: String)]?
    private var body: [String] = []

    /// - Parameters:
    ///   - xDomain: the data's x extent, drawn exactly.
    ///   - yDomain: the data's y extent, widened to round tick values (and to 0 with `yFromZero`).
    init(
        id: String, title: String, xLabel: String, yLabel: String, xDomain: ClosedRange<Double>,
        yDomain: ClosedRange<Double>, yFromZero: Bool = false
    ) {
        self.id = id
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.xRange = Self.widened(xDomain)
        var y = Self.widened(yDomain)
        if yFromZero { y = min(0, y.lowerBound)...max(0, y.upperBound) }
        let step = Self.tickStep(y)
        self.yRange = (y.lowerBound / step).rounded(.down) * step...(y.upperBound / step).rounded(.up) * step
    }

    func x(_ value: Double) -> Double {
        Self.plotLeft + (value - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound)
            * (Self.plotRight - Self.plotLeft)
    }

    func y(_ value: Double) -> Double {
        Self.plotBottom - (value - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound)
            * (Self.plotBottom - Self.plotTop)
    }

    /// A polyline through `points` (already thinned by the caller).
    mutating func line(_ points: [(x: Double, y: Double)], color: String, dashed: Bool = false, width: Double = 1.5) {
        guard !points.isEmpty else { return }
        let coordinates = points.map { "\(ReportText.coordinate(x($0.x))),\(ReportText.coordinate(y($0.y)))" }
        let dash = dashed ? " stroke-dasharray=\"5 4\"" : ""
        body.append(
            "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(ReportText.coordinate(width))\"\(dash)"
                + " stroke-linejoin=\"round\" points=\"\(coordinates.joined(separator: " "))\"/>")
    }

    /// Vertical bars from 0 to each value, `barWidth` in x units wide, drawn as one path.
    mutating func bars(x xs: [Double], values: [Double], barWidth: Double, color: String, offset: Double = 0) {
        precondition(xs.count == values.count)
        let pixels = max(1, x(xRange.lowerBound + barWidth) - x(xRange.lowerBound))
        let base = ReportText.coordinate(y(max(0, yRange.lowerBound)))
        var path = ""
        for (position, value) in zip(xs, values) where value != 0 && value.isFinite {
            let center = x(position + offset + barWidth / 2)
            path += "M\(ReportText.coordinate(center)) \(base)V\(ReportText.coordinate(y(value)))"
        }
        guard !path.isEmpty else { return }
        body.append(
            "<path fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(ReportText.coordinate(pixels))\" d=\"\(path)\"/>")
    }

    mutating func circle(x value: Double, y level: Double, color: String, radius: Double = 4) {
        body.append(
            "<circle cx=\"\(ReportText.coordinate(x(value)))\" cy=\"\(ReportText.coordinate(y(level)))\""
                + " r=\"\(ReportText.coordinate(radius))\" fill=\"\(color)\"/>")
    }

    /// A dashed horizontal line across the plot at `level`, labelled at its right end.
    mutating func horizontalRule(at level: Double, label: String, color: String) {
        let position = ReportText.coordinate(y(level))
        body.append(
            "<line x1=\"\(Self.plotLeft)\" x2=\"\(Self.plotRight)\" y1=\"\(position)\" y2=\"\(position)\""
                + " stroke=\"\(color)\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>")
        body.append(
            "<text x=\"\(Self.plotRight - 4)\" y=\"\(ReportText.coordinate(y(level) - 5))\" text-anchor=\"end\""
                + " fill=\"\(color)\">\(ReportText.escape(label))</text>")
    }

    /// A dashed vertical line down the plot at `value`, labelled at its top.
    mutating func verticalRule(at value: Double, label: String, color: String) {
        let position = ReportText.coordinate(x(value))
        body.append(
            "<line x1=\"\(position)\" x2=\"\(position)\" y1=\"\(Self.plotTop)\" y2=\"\(Self.plotBottom)\""
                + " stroke=\"\(color)\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>")
        body.append(
            "<text x=\"\(ReportText.coordinate(x(value) + 4))\" y=\"\(Self.plotTop + 12)\""
                + " fill=\"\(color)\">\(ReportText.escape(label))</text>")
    }

    /// The whole `<svg>` element, with axes, ticks, the title and a legend.
    func svg(legend: [LegendEntry] = []) -> String {
        var parts = [
            "<svg id=\"\(ReportText.escape(id))\" class=\"chart\" viewBox=\"0 0 \(Int(Self.width)) \(Int(Self.height))\""
                + " width=\"\(Int(Self.width))\" height=\"\(Int(Self.height))\" role=\"img\""
                + " font-family=\"sans-serif\" font-size=\"12\" aria-label=\"\(ReportText.escape(title))\">",
            "<title>\(ReportText.escape(title))</title>",
            "<rect x=\"0\" y=\"0\" width=\"\(Int(Self.width))\" height=\"\(Int(Self.height))\" fill=\"#ffffff\"/>",
            "<text x=\"\(Self.plotLeft)\" y=\"20\" font-size=\"15\" font-weight=\"bold\" fill=\"#222222\">"
                + "\(ReportText.escape(title))</text>",
        ]
        parts += axes()
        parts += body
        parts += legendElements(legend)
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    private func axes() -> [String] {
        var parts = [String]()
        for tick in Self.ticks(yRange) {
            let position = ReportText.coordinate(y(tick))
            parts.append(
                "<line x1=\"\(Self.plotLeft)\" x2=\"\(Self.plotRight)\" y1=\"\(position)\" y2=\"\(position)\""
                    + " stroke=\"#e4e4e4\"/>")
            parts.append(
                "<text x=\"\(Self.plotLeft - 6)\" y=\"\(ReportText.coordinate(y(tick) + 4))\" text-anchor=\"end\""
                    + " fill=\"#444444\">\(ReportText.compact(tick))</text>")
        }
        let xTicks = xTickLabels ?? Self.ticks(xRange).map { (x: $0, label: ReportText.compact($0)) }
        for (value, label) in xTicks {
            let position = ReportText.coordinate(x(value))
            parts.append(
                "<line x1=\"\(position)\" x2=\"\(position)\" y1=\"\(Self.plotBottom)\" y2=\"\(Self.plotBottom + 5)\""
                    + " stroke=\"#444444\"/>")
            parts.append(
                "<text x=\"\(position)\" y=\"\(Self.plotBottom + 19)\" text-anchor=\"middle\""
                    + " fill=\"#444444\">\(ReportText.escape(label))</text>")
        }
        parts.append(
            "<path fill=\"none\" stroke=\"#444444\" d=\"M\(Self.plotLeft) \(Self.plotTop)V\(Self.plotBottom)"
                + "H\(Self.plotRight)\"/>")
        parts.append(
            "<text x=\"\((Self.plotLeft + Self.plotRight) / 2)\" y=\"\(Self.height - 8)\" text-anchor=\"middle\""
                + " fill=\"#444444\">\(ReportText.escape(xLabel))</text>")
        let middle = (Self.plotTop + Self.plotBottom) / 2
        parts.append(
            "<text x=\"16\" y=\"\(middle)\" text-anchor=\"middle\" transform=\"rotate(-90 16 \(middle))\""
                + " fill=\"#444444\">\(ReportText.escape(yLabel))</text>")
        return parts
    }

    private func legendElements(_ legend: [LegendEntry]) -> [String] {
        var parts = [String]()
        var right = Self.plotRight
        for entry in legend.reversed() {
            let textWidth = Double(entry.name.count) * 7 + 8
            let start = right - textWidth - 26
            let dash = entry.dashed ? " stroke-dasharray=\"5 4\"" : ""
            parts.append(
                "<line x1=\"\(ReportText.coordinate(start))\" x2=\"\(ReportText.coordinate(start + 20))\" y1=\"16\""
                    + " y2=\"16\" stroke=\"\(entry.color)\" stroke-width=\"3\"\(dash)/>")
            parts.append(
                "<text x=\"\(ReportText.coordinate(start + 24))\" y=\"20\" fill=\"#222222\">"
                    + "\(ReportText.escape(entry.name))</text>")
            right = start - 10
        }
        return parts
    }

    /// A degenerate or non-finite extent made drawable.
    private static func widened(_ range: ClosedRange<Double>) -> ClosedRange<Double> {
        guard range.lowerBound.isFinite && range.upperBound.isFinite else { return 0...1 }
        guard range.upperBound > range.lowerBound else {
            let pad = range.lowerBound == 0 ? 1 : abs(range.lowerBound) * 0.1
            return (range.lowerBound - pad)...(range.upperBound + pad)
        }
        return range
    }

    /// A round step (1, 2 or 5 times a power of ten) giving about five ticks over `range`.
    static func tickStep(_ range: ClosedRange<Double>) -> Double {
        let raw = (range.upperBound - range.lowerBound) / 5
        let power = pow10(Int((log10Estimate(raw)).rounded(.down)))
        let fraction = raw / power
        let nice = fraction <= 1 ? 1.0 : fraction <= 2 ? 2.0 : fraction <= 5 ? 5.0 : 10.0
        return nice * power
    }

    /// The multiples of `tickStep(range)` within `range`.
    static func ticks(_ range: ClosedRange<Double>) -> [Double] {
        let step = tickStep(range)
        let first = (range.lowerBound / step).rounded(.up)
        let last = (range.upperBound / step).rounded(.down)
        guard last >= first, last - first < 50 else { return [] }
        return stride(from: first, through: last, by: 1).map { $0 * step }
    }

    /// ⌊log10(value)⌋ without the C library: count powers of ten (value > 0).
    private static func log10Estimate(_ value: Double) -> Double {
        guard value > 0 && value.isFinite else { return 0 }
        var exponent = 0
        var scaled = value
        while scaled >= 10 {
            scaled /= 10
            exponent += 1
        }
        while scaled < 1 {
            scaled *= 10
            exponent -= 1
        }
        return Double(exponent)
    }

    private static func pow10(_ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<abs(exponent) { result *= 10 }
        return exponent < 0 ? 1 / result : result
    }
}
