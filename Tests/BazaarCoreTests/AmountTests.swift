import PropertyBased
import Testing

@testable import BazaarCore

@Suite("Amount")
struct AmountTests {
    // MARK: - Decimal text

    @Test func formattingThenParsingGivesBackTheAmount() async {
        await propertyCheck(count: 500, input: Gen<UInt64>.value(), Gen<UInt8>.value(in: 0...Amount.decimalsMax)) {
            seed, decimals in
            var rng = TestRandom(seed: seed)
            let amount = Arbitrary.amount(&rng)
            let text = amount.formatted(decimals: decimals)
            #expect((try? Amount(parsing: text, decimals: decimals)) == amount, "\(text) with \(decimals) decimals")
        }
    }

    @Test func formattingIsShortest() async {
        await propertyCheck(count: 300, input: Gen<UInt64>.value(), Gen<UInt8>.value(in: 0...Amount.decimalsMax)) {
            seed, decimals in
            var rng = TestRandom(seed: seed)
            let text = Arbitrary.amount(&rng).formatted(decimals: decimals)
            #expect(!text.hasSuffix("."))
            #expect(!(text.contains(".") && text.hasSuffix("0")), "\(text) has a trailing zero")
            #expect(!(text.count > 1 && text.hasPrefix("0") && !text.hasPrefix("0.")), "\(text) has a leading zero")
        }
    }

    @Test func oneDigitTooManyAfterThePointIsRejected() async {
        await propertyCheck(count: 200, input: Gen<UInt64>.value(), Gen<UInt8>.value(in: 0...Amount.decimalsMax)) {
            seed, decimals in
            var rng = TestRandom(seed: seed)
            let fraction = String(repeating: "0", count: Int(decimals)) + "1"
            let text = "\(UInt64.random(in: 0...1_000_000, using: &rng)).\(fraction)"
            #expect(throws: AmountParseError.tooManyDecimals(given: Int(decimals) + 1, allowed: decimals)) {
                try Amount(parsing: text, decimals: decimals)
            }
        }
    }

    @Test func formatsExamples() {
        #expect(Amount(baseUnits: 750).formatted(decimals: 2) == "7.5")
        #expect(Amount(baseUnits: 5).formatted(decimals: 3) == "0.005")
        #expect(Amount(baseUnits: 1_000_000).formatted(decimals: 6) == "1")
        #expect(Amount.zero.formatted(decimals: 6) == "0")
        #expect(Amount(baseUnits: 123).formatted(decimals: 0) == "123")
        #expect(Amount(baseUnits: .max).formatted(decimals: 24) == "340282366920938.463463374607431768211455")
    }

    @Test func parsesExamples() throws {
        #expect(try Amount(parsing: "1250.5", decimals: 2) == Amount(baseUnits: 125_050))
        #expect(try Amount(parsing: "007.50", decimals: 2) == Amount(baseUnits: 750))
        #expect(try Amount(parsing: "0", decimals: 24) == .zero)
        #expect(try Amount(parsing: "0.000001", decimals: 6) == Amount(baseUnits: 1))
        #expect(try Amount(parsing: "340282366920938463463374607431768211455", decimals: 0) == Amount(baseUnits: .max))
        let parsed = try Amount(parsing: "34028236692093846346337460743176821145.5", decimals: 1)
        #expect(parsed == Amount(baseUnits: .max))
    }

    @Test(arguments: [
        ("", AmountParseError.empty),
        ("-1", .invalidCharacter("-")),
        ("+1", .invalidCharacter("+")),
        ("1e5", .invalidCharacter("e")),
        ("1E5", .invalidCharacter("E")),
        (" 1", .invalidCharacter(" ")),
        ("1 ", .invalidCharacter(" ")),
        ("1 000", .invalidCharacter(" ")),
        ("1,000", .invalidCharacter(",")),
        ("abc", .invalidCharacter("a")),
        ("0x10", .invalidCharacter("x")),
        ("\u{661}", .invalidCharacter("\u{661}")),  // ARABIC-INDIC DIGIT ONE: a digit, but not ASCII
        (".", .misplacedDecimalPoint),
        ("1.", .misplacedDecimalPoint),
        (".5", .misplacedDecimalPoint),
        ("1.2.3", .misplacedDecimalPoint),
        ("1..2", .misplacedDecimalPoint),
        ("1.234", .tooManyDecimals(given: 3, allowed: 2)),
    ])
    func rejectsMalformedText(text: String, error: AmountParseError) {
        #expect(throws: error) { try Amount(parsing: text, decimals: 2) }
    }

    @Test func rejectsAmountsBeyond128Bits() {
        #expect(throws: AmountParseError.tooLarge) {
            try Amount(parsing: "340282366920938463463374607431768211456", decimals: 0)
        }
        #expect(throws: AmountParseError.tooLarge) {
            try Amount(parsing: "34028236692093846346337460743176821146", decimals: 1)
        }
        #expect(throws: AmountParseError.tooLarge) {
            try Amount(parsing: String(repeating: "9", count: 100), decimals: 0)
        }
        #expect(throws: AmountParseError.tooLarge) { try Amount(parsing: "340282366920939", decimals: 24) }
    }

    @Test func rejectsMoreDecimalsThanTheMaximum() {
        #expect(throws: AmountParseError.decimalsTooLarge(25)) { try Amount(parsing: "1", decimals: 25) }
    }

    @Test func errorsExplainThemselves() {
        #expect(AmountParseError.invalidCharacter("-").description.contains("no sign"))
        #expect(AmountParseError.tooManyDecimals(given: 3, allowed: 2).description.contains("3 decimal places"))
    }

    // MARK: - Arithmetic

    @Test func additionReportsOverflow() {
        #expect(Amount(baseUnits: 2).adding(Amount(baseUnits: 3)) == Amount(baseUnits: 5))
        #expect(Amount(baseUnits: .max).adding(Amount(baseUnits: 0)) == Amount(baseUnits: .max))
        #expect(Amount(baseUnits: .max).adding(Amount(baseUnits: 1)) == nil)
    }

    @Test func subtractionReportsUnderflow() {
        #expect(Amount(baseUnits: 5).subtracting(Amount(baseUnits: 5)) == .zero)
        #expect(Amount(baseUnits: 5).subtracting(Amount(baseUnits: 6)) == nil)
    }

    @Test func multiplicationReportsOverflow() {
        #expect(Amount(baseUnits: 7).multiplied(by: 6) == Amount(baseUnits: 42))
        #expect(Amount(baseUnits: .max / 2).multiplied(by: 2) == Amount(baseUnits: .max - 1))
        #expect(Amount(baseUnits: .max / 2 + 1).multiplied(by: 2) == nil)
    }

    @Test func arithmeticAgreesWithWideIntegers() async {
        await propertyCheck(count: 300, input: Gen<UInt64>.value()) { seed in
            var rng = TestRandom(seed: seed)
            let (a, b) = (Arbitrary.amount(&rng), Arbitrary.amount(&rng))
            let sum = a.adding(b)
            let (wideSum, overflow) = a.baseUnits.addingReportingOverflow(b.baseUnits)
            #expect(sum == (overflow ? nil : Amount(baseUnits: wideSum)))
            #expect(a.subtracting(b) == (a >= b ? Amount(baseUnits: a.baseUnits - b.baseUnits) : nil))
            if let sum { #expect(sum.subtracting(b) == a) }
        }
    }
}
