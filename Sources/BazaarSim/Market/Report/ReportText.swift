/// Text for the HTML report: escaping and locale-independent number formatting.
///
/// Numbers are formatted with integer arithmetic so that a report is byte-identical on every
/// machine (no locale, no `%g`); non-finite values print as `n/a`.
enum ReportText {
    /// `text` safe inside an element or a quoted attribute.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }

    /// `value` rounded half away from zero to `decimals` places, trailing zeros kept.
    static func fixed(_ value: Double, decimals: Int) -> String {
        precondition((0...6).contains(decimals))
        guard value.isFinite else { return "n/a" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e15 else { return value < 0 ? "-huge" : "huge" }
        let units = Int64(scaled)
        let divisor = Int64(scale)
        let sign = value < 0 && units != 0 ? "-" : ""
        let whole = grouped(units / divisor)
        guard decimals > 0 else { return sign + whole }
        let fraction = String(units % divisor)
        return sign + whole + "." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }

    /// A coordinate for SVG: one decimal, no grouping.
    static func coordinate(_ value: Double) -> String {
        let tenths = Int64((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        let magnitude = tenths.magnitude
        return magnitude % 10 == 0 ? "\(sign)\(magnitude / 10)" : "\(sign)\(magnitude / 10).\(magnitude % 10)"
    }

    /// An amount for tables: two decimals below 1,000, none above.
    static func amount(_ value: Double) -> String {
        fixed(value, decimals: abs(value) < 1_000 ? 2 : 0)
    }

    /// A tick label: the shortest of `12`, `1.5`, `0.25`, `12.5k`, `3M`, `1.2B` that shows `value`
    /// to three significant digits.
    static func compact(_ value: Double) -> String {
        guard value.isFinite else { return "n/a" }
        let magnitude = abs(value)
        for (limit, suffix) in [(1e9, "B"), (1e6, "M"), (1e3, "k")] where magnitude >= limit {
            return trimmed(fixed(value / limit, decimals: 2)) + suffix
        }
        return trimmed(fixed(value, decimals: magnitude >= 1 || magnitude == 0 ? 2 : 4))
    }

    private static func trimmed(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var result = Substring(text)
        while result.hasSuffix("0") { result = result.dropLast() }
        if result.hasSuffix(".") { result = result.dropLast() }
        return String(result)
    }

    /// `1234567` as `1,234,567`.
    private static func grouped(_ value: Int64) -> String {
        let digits = String(value)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result += "," }
            result.append(digit)
        }
        return result
    }
}
