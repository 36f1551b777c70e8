import Testing

@testable import BazaarCore

/// exp, ln, sqrt, φ and Φ against values computed to 60 digits with mpmath and rounded to 18
/// decimals, within the bounds their doc comments state.
@Suite struct Decimal18MathTests {
    private func fixed(_ text: String) -> Decimal18 { try! Decimal18(parsing: text) }

    @Test func expIsWithinItsStatedBound() throws {
        for (argument, expected) in Reference.exp {
            let value = try Decimal18.exp(fixed(argument))
            let error = (value.raw - fixed(expected).raw).magnitude
            // 1 ulp + 1e-20 relative, plus the reference's own half ulp.
            #expect(
                error <= 2 + fixed(expected).raw.magnitude / 100_000_000_000_000_000_000, "exp(\(argument)) = \(value)")
        }
    }

    @Test func expIdentitiesAndLimits() throws {
        #expect(try Decimal18.exp(.zero) == .one)
        #expect(try Decimal18.exp(fixed("-42.2000000000000001")) == .zero)
        #expect(try Decimal18.exp(fixed("-1000")) == .zero)
        #expect(throws: OptionMathError.self) { try Decimal18.exp(fixed("46.500000000000000001")) }
        // e^a·e^b = e^(a+b): each factor's 1-ulp error is scaled by the other factor.
        for (a, b) in [("1.25", "-0.75"), ("3", "4"), ("-2.5", "0.125"), ("10", "-9.99")] {
            let (ea, eb) = (try Decimal18.exp(fixed(a)), try Decimal18.exp(fixed(b)))
            let product = try ea.multiplied(by: eb, rounding: .down)
            let direct = try Decimal18.exp(fixed(a).adding(fixed(b)))
            let bound = 3 + (ea.raw + eb.raw) / Decimal18.scale + direct.raw / 10_000_000_000_000_000
            #expect((product.raw - direct.raw).magnitude <= bound.magnitude, "e^\(a)·e^\(b)")
        }
    }

    @Test func expIsNonDecreasing() throws {
        var previous = try Decimal18.exp(fixed("-43"))
        var x = fixed("-43")
        let step = fixed("0.0137")
        while x < fixed("46.4") {
            x = try x.adding(step)
            let value = try Decimal18.exp(x)
            #expect(value >= previous, "exp(\(x))")
            previous = value
        }
    }

    @Test func lnIsWithinThreeUlps() throws {
        for (argument, expected) in Reference.ln {
            let value = try Decimal18.ln(fixed(argument))
            #expect((value.raw - fixed(expected).raw).magnitude <= 3, "ln(\(argument)) = \(value)")
        }
    }

    @Test func lnInvertsExpAndRejectsNonPositiveArguments() throws {
        for text in ["0.01", "0.3", "1", "1.7", "5", "25.5", "40"] {
            let x = fixed(text)
            let roundTrip = try Decimal18.ln(Decimal18.exp(x))
            // exp's 1 ulp becomes 1/eˣ ulps here (x ≥ 0.01), plus ln's own 3.
            #expect((roundTrip.raw - x.raw).magnitude <= 5, "ln(exp(\(text))) = \(roundTrip)")
        }
        #expect(throws: OptionMathError.outOfDomain("ln needs a positive argument, got 0")) { try Decimal18.ln(.zero) }
        #expect(throws: OptionMathError.self) { try Decimal18.ln(fixed("-1")) }
    }

    @Test func sqrtIsTheExactFloorOrCeiling() throws {
        #expect(try Decimal18.sqrt(fixed("2"), rounding: .down) == fixed("1.414213562373095048"))
        #expect(try Decimal18.sqrt(fixed("2"), rounding: .up) == fixed("1.414213562373095049"))
        #expect(try Decimal18.sqrt(fixed("0.25"), rounding: .up) == fixed("0.5"))
        #expect(try Decimal18.sqrt(fixed("100000000000000000000"), rounding: .down) == fixed("10000000000"))
        #expect(try Decimal18.sqrt(.zero, rounding: .up) == .zero)
        #expect(try Decimal18.sqrt(Decimal18(raw: 1), rounding: .down) == fixed("0.000000001"))
        #expect(throws: OptionMathError.self) { try Decimal18.sqrt(fixed("-0.000000000000000001"), rounding: .down) }
        var x: Int128 = 1
        while x < Int128.max / 7 {
            for raw in [x, x + 1, x * 3 + 5] {
                let root = try Decimal18.sqrt(Decimal18(raw: raw), rounding: .down).raw.magnitude
                let n = raw.magnitude.multipliedFullWidth(by: UInt128(Decimal18.scale))
                let square = root.multipliedFullWidth(by: root)
                let next = (root + 1).multipliedFullWidth(by: root + 1)
                #expect(square.high < n.high || (square.high == n.high && square.low <= n.low), "sqrt raw \(raw)")
                #expect(next.high > n.high || (next.high == n.high && next.low > n.low), "sqrt raw \(raw)")
                let up = try Decimal18.sqrt(Decimal18(raw: raw), rounding: .up).raw.magnitude
                #expect(up == root || (up == root + 1 && square != n), "sqrt up raw \(raw)")
            }
            x = x * 7 + 3
        }
    }

    @Test func densityAndCumulativeAreWithinTheirStatedBounds() throws {
        for (argument, density, cumulative) in Reference.normal {
            let x = fixed(argument)
            let phi = try NormalDistribution.density(x)
            #expect((phi.raw - fixed(density).raw).magnitude <= 2, "φ(\(argument)) = \(phi)")
            let cdf = try NormalDistribution.cumulative(x)
            #expect((cdf.raw - fixed(cumulative).raw).magnitude <= 2, "Φ(\(argument)) = \(cdf)")
        }
    }

    @Test func cumulativeIsSymmetricExactlyAndNonDecreasing() throws {
        var previous = Decimal18.zero
        var x = fixed("-10")
        let step = fixed("0.003")
        while x <= fixed("10") {
            let lower = try NormalDistribution.cumulative(x)
            let upper = try NormalDistribution.cumulative(x.negated)
            #expect(try lower.adding(upper) == .one, "Φ(\(x)) + Φ(−x)")
            #expect(lower >= previous, "Φ is non-decreasing at \(x)")
            #expect(lower >= .zero && lower <= .one)
            previous = lower
            x = try x.adding(step)
        }
        // Across the switch from the series to the continued fraction, at every ulp near 4.
        var near = Decimal18(raw: 4 * Decimal18.scale - 50)
        previous = try NormalDistribution.cumulative(near)
        for _ in 0..<100 {
            near = Decimal18(raw: near.raw + 1)
            let value = try NormalDistribution.cumulative(near)
            #expect(value >= previous, "Φ at raw \(near.raw)")
            previous = value
        }
    }

    @Test func extremeArgumentsGiveZeroOrOneWithoutOverflow() throws {
        #expect(try NormalDistribution.cumulative(fixed("-40")) == .zero)
        #expect(try NormalDistribution.cumulative(fixed("40")) == .one)
        #expect(try NormalDistribution.cumulative(Decimal18(raw: .max)) == .one)
        #expect(try NormalDistribution.cumulative(Decimal18(raw: -Int128.max)) == .zero)
        #expect(try NormalDistribution.density(Decimal18(raw: .max)) == .zero)
        #expect(try NormalDistribution.density(fixed("-10.000000000000000001")) == .zero)
        #expect(try NormalDistribution.cumulative(.zero) == fixed("0.5"))
    }
}

/// Reference values: f(x)·10¹⁸ rounded to nearest, computed with mpmath at 60 digits
/// (`mp.nint(f(mp.mpf(x)) * 10**18)` for f = `mp.exp`, `mp.log`, `mp.npdf`, `mp.ncdf`).
private enum Reference {
    static let exp: [(String, String)] = [
        ("-42.1", "0.000000000000000001"),
        ("-41", "0.000000000000000002"),
        ("-30", "0.000000000000093576"),
        ("-20", "0.000000002061153622"),
        ("-10.5", "0.000027536449349747"),
        ("-5", "0.006737946999085467"),
        ("-1", "0.367879441171442322"),
        ("-0.5", "0.606530659712633424"),
        ("-0.346573590279972654", "0.707106781186547525"),
        ("-0.000000000000000001", "0.999999999999999999"),
        ("0", "1.000000000000000000"),
        ("0.000000000000000001", "1.000000000000000001"),
        ("0.1", "1.105170918075647625"),
        ("0.5", "1.648721270700128147"),
        ("0.693147180559945309", "1.999999999999999999"),
        ("1", "2.718281828459045235"),
        ("2", "7.389056098930650227"),
        ("3.7", "40.447304360067390529"),
        ("10", "22026.465794806716516958"),
        ("20.25", "622964442.198445483653938291"),
        ("30", "10686474581524.462146990468650741"),
        ("40", "235385266837019985.407899910749034805"),
        ("46.5", "156564540778558341656.976215902554456241"),
        ("0.123456789012345678", "1.131401114526201518"),
        ("-7.77", "0.000422213266809070"),
    ]
    static let ln: [(String, String)] = [
        ("0.000000000000000001", "-41.446531673892822312"),
        ("0.000000001", "-20.723265836946411156"),
        ("0.001", "-6.907755278982137052"),
        ("0.5", "-0.693147180559945309"),
        ("0.707106781186547524", "-0.346573590279972655"),
        ("0.9", "-0.105360515657826301"),
        ("1", "0.000000000000000000"),
        ("1.000000000000000001", "0.000000000000000001"),
        ("1.1", "0.095310179804324860"),
        ("1.414213562373095049", "0.346573590279972655"),
        ("2", "0.693147180559945309"),
        ("2.718281828459045235", "1.000000000000000000"),
        ("10", "2.302585092994045684"),
        ("100", "4.605170185988091368"),
        ("12345.678", "9.421061321291831977"),
        ("1000000000000", "27.631021115928548208"),
        ("100000000000000000000", "46.051701859880913680"),
    ]
    /// x, φ(x), Φ(x)
    static let normal: [(String, String, String)] = [
        ("-12", "0.000000000000000000", "0.000000000000000000"),
        ("-9", "0.000000000000000001", "0.000000000000000000"),
        ("-8.5", "0.000000000000000082", "0.000000000000000009"),
        ("-6", "0.000000006075882850", "0.000000000986587645"),
        ("-5.5", "0.000000107697600425", "0.000000018989562466"),
        ("-4.5", "0.000015983741106905", "0.000003397673124730"),
        ("-4.000000000000000001", "0.000133830225764885", "0.000031671241833120"),
        ("-4", "0.000133830225764885", "0.000031671241833120"),
        ("-3.9", "0.000198655471392773", "0.000048096344017603"),
        ("-3", "0.004431848411938007", "0.001349898031630095"),
        ("-2", "0.053990966513188052", "0.022750131948179207"),
        ("-1.5", "0.129517595665891728", "0.066807201268858066"),
        ("-1", "0.241970724519143350", "0.158655253931457051"),
        ("-0.5", "0.352065326764299478", "0.308537538725986896"),
        ("-0.1", "0.396952547477011766", "0.460172162722971019"),
        ("0", "0.398942280401432678", "0.500000000000000000"),
        ("0.1", "0.396952547477011766", "0.539827837277028981"),
        ("0.5", "0.352065326764299478", "0.691462461274013104"),
        ("1", "0.241970724519143350", "0.841344746068542949"),
        ("1.96", "0.058440944333451460", "0.975002104851779566"),
        ("2.5", "0.017528300493568537", "0.993790334674223865"),
        ("3.999999999999999999", "0.000133830225764885", "0.999968328758166880"),
        ("4", "0.000133830225764885", "0.999968328758166880"),
        ("4.5", "0.000015983741106905", "0.999996602326875270"),
        ("5", "0.000001486719514734", "0.999999713348428121"),
        ("5.999", "0.000000006112444676", "0.999999999007318209"),
        ("6", "0.000000006075882850", "0.999999999013412355"),
        ("7", "0.000000000009134720", "0.999999999998720187"),
        ("8", "0.000000000000005052", "0.999999999999999378"),
        ("8.9", "0.000000000000000003", "1.000000000000000000"),
        ("9", "0.000000000000000001", "1.000000000000000000"),
        ("12", "0.000000000000000000", "1.000000000000000000"),
        ("40", "0.000000000000000000", "1.000000000000000000"),
    ]
}
