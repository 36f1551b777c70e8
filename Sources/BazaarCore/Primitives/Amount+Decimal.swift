/// Why a decimal string is not an amount.
public enum AmountParseError: Error, Sendable, Equatable, CustomStringConvertible {
    case empty
    case invalidCharacter(Character)
    case misplacedDecimalPoint
    case tooManyDecimals(given: Int, allowed: UInt8)
    case tooLarge
    case decimalsTooLarge(UInt8)

    public var description: String {
        switch self {
        case .empty:
            "amount is empty"
        case .invalidCharacter(let character):
            "amount contains '\(character)': only digits and one '.' are allowed (no sign, exponent or spaces)"
        case .misplacedDecimalPoint:
            "amount needs digits on both sides of its single '.'"
        case .tooManyDecimals(let given, let allowed):
            "amount has \(given) decimal places but the asset allows \(allowed)"
        case .tooLarge:
            "amount is too large"
        case .decimalsTooLarge(let decimals):
            "an asset may declare at most \(Amount.decimalsMax) decimals, not \(decimals)"
        }
    }
}

extension Amount {
    /// Parses a plain decimal string such as `"1250.5"` into base units.
    ///
    /// The grammar is `digits [ "." digits ]`: no sign, no exponent, no
    /// whitespace, no thousands separators, and at most `decimals` digits after
    /// the point. Leading zeros are accepted; `formatted(decimals:)` never writes them.
    ///
    /// - Throws: `AmountParseError` naming the first problem found.
    /// - Complexity: O(n) in the length of `text`.
    public init(parsing text: some StringProtocol, decimals: UInt8) throws(AmountParseError) {
        guard decimals <= Amount.decimalsMax else { throw .decimalsTooLarge(decimals) }
        guard !text.isEmpty else { throw .empty }
        var whole: UInt128 = 0
        var fractionDigits = 0
        var seenPoint = false
        var digitsBeforePoint = 0
        for character in text {
            if character == "." {
                guard !seenPoint, digitsBeforePoint > 0 else { throw .misplacedDecimalPoint }
                seenPoint = true
                continue
            }
            guard let digit = character.wholeNumberValue, character.isASCII else {
                throw .invalidCharacter(character)
            }
            if seenPoint {
                fractionDigits += 1
                guard fractionDigits <= Int(decimals) else {
                    throw .tooManyDecimals(given: text.split(separator: ".").last?.count ?? 0, allowed: decimals)
                }
            } else {
                digitsBeforePoint += 1
            }
            let (shifted, overflowShift) = whole.multipliedReportingOverflow(by: 10)
            let (next, overflowAdd) = shifted.addingReportingOverflow(UInt128(digit))
            guard !overflowShift, !overflowAdd else { throw .tooLarge }
            whole = next
        }
        guard !seenPoint || fractionDigits > 0 else { throw .misplacedDecimalPoint }
        let scale = Amount.powerOfTen(Int(decimals) - fractionDigits)
        let (scaled, overflow) = whole.multipliedReportingOverflow(by: scale)
        guard !overflow else { throw .tooLarge }
        self.init(baseUnits: scaled)
    }

    /// The shortest decimal string that parses back to this amount: no
    /// trailing zeros after the point, and no point for whole amounts.
    public func formatted(decimals: UInt8) -> String {
        precondition(decimals <= Amount.decimalsMax, "decimals out of range")
        guard decimals > 0 else { return String(baseUnits) }
        let scale = Amount.powerOfTen(Int(decimals))
        let whole = baseUnits / scale
        var fraction = baseUnits % scale
        guard fraction > 0 else { return String(whole) }
        var width = Int(decimals)
        while fraction % 10 == 0 {
            fraction /= 10
            width -= 1
        }
        let digits = String(fraction)
        let padding = String(repeating: "0", count: width - digits.count)
        return "\(whole).\(padding)\(digits)"
    }

    /// 10 to the given power, for scaling whole units to base units.
    public static func powerOfTen(_ exponent: Int) -> UInt128 {
        precondition(exponent >= 0 && exponent <= 38, "10^\(exponent) does not fit in UInt128")
        var result: UInt128 = 1
        for _ in 0..<exponent { result *= 10 }
        return result
    }
}
