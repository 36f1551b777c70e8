/// The ticker that identifies an asset on the ledger, such as `USD` or `BTC`.
///
/// Two to twelve characters: an uppercase letter, then uppercase letters or digits.
public struct AssetSymbol: Sendable, Hashable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    public static let lengthRange = 2...12
    public let text: String

    public init?(validating text: String) {
        let utf8 = Array(text.utf8)
        guard AssetSymbol.lengthRange.contains(utf8.count),
            let first = utf8.first, isUppercaseLetter(first),
            utf8.allSatisfy({ isUppercaseLetter($0) || isDigit($0) })
        else { return nil }
        self.text = text
    }

    /// For literals in genesis and tests; an invalid literal is a programmer error.
    public init(stringLiteral value: String) {
        guard let symbol = AssetSymbol(validating: value) else {
            preconditionFailure("'\(value)' is not a valid asset symbol")
        }
        self = symbol
    }

    public var description: String { text }

    /// Hashes the symbol's bytes in one call. A symbol is ASCII (`init(validating:)`), so equal
    /// symbols have equal bytes; `String`'s own hashing, which normalizes Unicode first, showed
    /// in the profile of the margin scans, whose price tables are keyed by symbol.
    public func hash(into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }

    public static func < (lhs: AssetSymbol, rhs: AssetSymbol) -> Bool {
        lhs.text.utf8.lexicographicallyPrecedes(rhs.text.utf8)
    }
}

private func isUppercaseLetter(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") }
private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
