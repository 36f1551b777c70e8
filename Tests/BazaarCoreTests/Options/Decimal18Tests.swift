import Testing

@testable import BazaarCore

@Suite struct Decimal18Tests {
    private func fixed(_ text: String) -> Decimal18 { try! Decimal18(parsing: text) }

    @Test func parsingIsExactAndFormattingIsShortest() throws {
        #expect(fixed("1").raw == Decimal18.scale)
        #expect(fixed("-0.05").raw == -50_000_000_000_000_000)
        #expect(fixed("+60602.63").raw == 60_602_630_000_000_000_000_000)
        #expect(fixed("0.000000000000000001").raw == 1)
        #expect(fixed("007.50").description == "7.5")
        #expect(fixed("-0.000000000000000001").description == "-0.000000000000000001")
        #expect(fixed("0").description == "0")
        #expect(fixed("-12").description == "-12")
        #expect(fixed("170141183460469231731.687303715884105727").raw == Int128.max)
    }

    @Test func parsingRejectsWhatIsNotAPlainDecimal() {
        #expect(throws: Decimal18ParseError.empty) { try Decimal18(parsing: "") }
        #expect(throws: Decimal18ParseError.empty) { try Decimal18(parsing: "-") }
        #expect(throws: Decimal18ParseError.invalidCharacter("e")) { try Decimal18(parsing: "1e5") }
        #expect(throws: Decimal18ParseError.invalidCharacter(" ")) { try Decimal18(parsing: " 1") }
        #expect(throws: Decimal18ParseError.invalidCharacter("-")) { try Decimal18(parsing: "--1") }
        #expect(throws: Decimal18ParseError.misplacedDecimalPoint) { try Decimal18(parsing: ".5") }
        #expect(throws: Decimal18ParseError.misplacedDecimalPoint) { try Decimal18(parsing: "5.") }
        #expect(throws: Decimal18ParseError.misplacedDecimalPoint) { try Decimal18(parsing: "1.2.3") }
        #expect(throws: Decimal18ParseError.tooManyDecimals(19)) { try Decimal18(parsing: "0.1234567890123456789") }
        #expect(throws: Decimal18ParseError.tooLarge) { try Decimal18(parsing: "170141183460469231732") }
    }

    @Test func multiplicationRoundsInTheStatedDirectionSymmetricallyAboutZero() throws {
        let third = try Decimal18.one.divided(by: Decimal18(3), rounding: .down)
        #expect(third.raw == 333_333_333_333_333_333)
        #expect(try Decimal18.one.divided(by: Decimal18(3), rounding: .up).raw == 333_333_333_333_333_334)
        #expect(try Decimal18.one.negated.divided(by: Decimal18(3), rounding: .down).raw == -333_333_333_333_333_333)
        #expect(try Decimal18.one.negated.divided(by: Decimal18(3), rounding: .up).raw == -333_333_333_333_333_334)
        let tiny = Decimal18(raw: 3)
        let half = fixed("0.5")
        #expect(try tiny.multiplied(by: half, rounding: .down).raw == 1)
        #expect(try tiny.multiplied(by: half, rounding: .up).raw == 2)
        #expect(try tiny.negated.multiplied(by: half, rounding: .down).raw == -1)
        #expect(try tiny.negated.multiplied(by: half, rounding: .up).raw == -2)
        #expect(try fixed("1.5").multiplied(by: fixed("-2.25"), rounding: .down) == fixed("-3.375"))
        #expect(try fixed("7").divided(byInteger: -2, rounding: .up) == fixed("-3.5"))
        #expect(try Decimal18(raw: 7).divided(byInteger: 2, rounding: .up).raw == 4)
        #expect(try Decimal18(raw: -7).divided(byInteger: 2, rounding: .up).raw == -4)
        #expect(try Decimal18(raw: -7).divided(byInteger: 2, rounding: .down).raw == -3)
    }

    @Test func largeProductsUseTheFullWidthAndOverflowIsAnError() throws {
        let big = fixed("100000000000")  // 1e11: 1e11 × 1e9 = 1e20 fits, 1e11 × 1e10 does not
        #expect(try big.multiplied(by: fixed("1000000000"), rounding: .down) == fixed("100000000000000000000"))
        #expect(throws: OptionMathError.overflow("multiplication")) {
            try big.multiplied(by: fixed("10000000000"), rounding: .down)
        }
        #expect(try big.divided(by: fixed("0.000000001"), rounding: .down) == fixed("100000000000000000000"))
        #expect(throws: OptionMathError.overflow("division")) {
            try big.divided(by: fixed("0.0000000001"), rounding: .down)
        }
        #expect(throws: OptionMathError.divisionByZero) { try big.divided(by: .zero, rounding: .down) }
        #expect(throws: OptionMathError.divisionByZero) { try big.divided(byInteger: 0, rounding: .down) }
        let max = Decimal18(raw: .max)
        #expect(throws: OptionMathError.overflow("addition")) { try max.adding(Decimal18(raw: 1)) }
        #expect(throws: OptionMathError.overflow("addition")) { try max.negated.subtracting(Decimal18(raw: 1)) }
        #expect(throws: OptionMathError.overflow("multiplication")) { try max.multiplied(byInteger: 2) }
        #expect(try max.multiplied(by: .one, rounding: .up) == max)
        // (2^127 - 1) × (1 + 1e-18) / 1 rounds past the top.
        #expect(throws: OptionMathError.overflow("multiplication")) {
            try max.multiplied(by: Decimal18(raw: Decimal18.scale + 1), rounding: .up)
        }
    }

    @Test func theFastMultiplicationAgreesWithTheGenericMulDiv() throws {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state
        }
        for _ in 0..<2_000 {
            var a = Int128(UInt128(next()) << (next() % 60) | UInt128(next()))
            var b = Int128(UInt128(next()) << (next() % 60) | UInt128(next()))
            if next() % 2 == 0 { a.negate() }
            if next() % 2 == 0 { b.negate() }
            for rounding in [Rounding.down, .up] {
                let expected = UInt128.mulDiv(a.magnitude, b.magnitude, UInt128(Decimal18.scale), rounding: rounding)
                let product = try? Decimal18(raw: a).multiplied(by: Decimal18(raw: b), rounding: rounding)
                if let expected, expected <= UInt128(Int128.max) {
                    #expect(product?.raw.magnitude == expected, "a=\(a) b=\(b)")
                    #expect(expected == 0 || product?.isNegative == ((a < 0) != (b < 0)), "a=\(a) b=\(b)")
                } else {
                    #expect(product == nil, "a=\(a) b=\(b)")
                }
            }
        }
    }
}
