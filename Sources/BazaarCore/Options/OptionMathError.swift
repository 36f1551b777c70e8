/// Why a fixed-point computation has no result: the option math's one error type.
///
/// Every case is a value a caller can report (a bad input, or a result too large for the type);
/// none of them is a crash. The messages are one line, for the CLI and the API.
public enum OptionMathError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The result does not fit in ±1.7 × 10²⁰; the string names the operation.
    case overflow(String)
    case divisionByZero
    /// An argument outside the function's domain; the string says which and what is allowed.
    case outOfDomain(String)

    public var description: String {
        switch self {
        case .overflow(let operation):
            "\(operation) overflows the fixed-point range (±1.7e20)"
        case .divisionByZero:
            "division by zero"
        case .outOfDomain(let message):
            message
        }
    }
}

/// Why a decimal string is not a `Decimal18`.
public enum Decimal18ParseError: Error, Sendable, Hashable, CustomStringConvertible {
    case empty
    case invalidCharacter(Character)
    case misplacedDecimalPoint
    case tooManyDecimals(Int)
    case tooLarge

    public var description: String {
        switch self {
        case .empty:
            "the number is empty"
        case .invalidCharacter(let character):
            "the number contains '\(character)': only an optional '-', digits and one '.' are allowed"
        case .misplacedDecimalPoint:
            "the number needs digits on both sides of its single '.'"
        case .tooManyDecimals(let given):
            "the number has \(given) decimal places; at most \(Decimal18.decimals) are allowed"
        case .tooLarge:
            "the number is too large (at most 1.7e20 in magnitude)"
        }
    }
}
