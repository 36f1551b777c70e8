extension Decimal18 {
    /// Parses a plain decimal string such as `"0.05"`, `"-1.5"` or `"60602.63"`, exactly.
    ///
    /// The grammar is `[ "-" | "+" ] digits [ "." digits ]` with at most 18 digits after the
    /// point: no exponent, no spaces, no thousands separators. No floating point is involved.
    ///
    /// - Throws: `Decimal18ParseError` naming the first problem found.
    /// - Complexity: O(n) in the length of `text`.
    public init(parsing text: some StringProtocol) throws(Decimal18ParseError) {
        var characters = Substring(text)
        var negative = false
        if let sign = characters.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            characters = characters.dropFirst()
        }
        guard !characters.isEmpty else { throw .empty }
        var magnitude: Int128 = 0
        var fractionDigits = 0
        var integerDigits = 0
        var seenPoint = false
        for character in characters {
            if character == "." {
                guard !seenPoint, integerDigits > 0 else { throw .misplacedDecimalPoint }
                seenPoint = true
                continue
            }
            guard character.isASCII, let digit = character.wholeNumberValue else {
                throw .invalidCharacter(character)
            }
            if seenPoint { fractionDigits += 1 } else { integerDigits += 1 }
            let (shifted, overflowShift) = magnitude.multipliedReportingOverflow(by: 10)
            let (next, overflowAdd) = shifted.addingReportingOverflow(Int128(digit))
            guard !overflowShift, !overflowAdd else { throw .tooLarge }
            magnitude = next
        }
        guard !seenPoint || fractionDigits > 0 else { throw .misplacedDecimalPoint }
        guard fractionDigits <= Decimal18.decimals else { throw .tooManyDecimals(fractionDigits) }
        var factor: Int128 = 1
        for _ in fractionDigits..<Decimal18.decimals { factor *= 10 }
        let (scaled, overflow) = magnitude.multipliedReportingOverflow(by: factor)
        guard !overflow else { throw .tooLarge }
        self.init(raw: negative ? -scaled : scaled)
    }

    /// The shortest decimal string that parses back to this value: a leading `-` when negative,
    /// no trailing zeros after the point, and no point for whole values.
    public var description: String {
        let magnitude = raw.magnitude
        let whole = magnitude / UInt128(Self.scale)
        var fraction = magnitude % UInt128(Self.scale)
        var text = (raw < 0 ? "-" : "") + String(whole)
        guard fraction > 0 else { return text }
        var places = Self.decimals
        while fraction % 10 == 0 {
            fraction /= 10
            places -= 1
        }
        let digits = String(fraction)
        text += "." + String(repeating: "0", count: places - digits.count) + digits
        return text
    }
}
