import Foundation
import Testing

@testable import BazaarCore

@Suite struct BlackScholesTests {
    private func fixed(_ text: String) -> Decimal18 { try! Decimal18(parsing: text) }
    private func double(_ value: Decimal18) -> Double { Double(value.description)! }

    private func inputs(
        _ kind: BlackScholes.Kind, spot: String = "100", strike: String = "100", days: String = "365",
        rate: String = "0.05", dividendYield: String = "0.01", volatility: String = "0.2"
    ) throws -> BlackScholes.Inputs {
        BlackScholes.Inputs(
            kind: kind, spot: fixed(spot), strike: fixed(strike), years: try BlackScholes.years(days: fixed(days)),
            rate: fixed(rate), dividendYield: fixed(dividendYield), volatility: fixed(volatility))
    }

    /// The exact decimal a JSON number was written as (`Double.description` is the shortest
    /// string that reads back as the same double, which is what the generator printed).
    private func decimal(_ value: Any?) throws -> Decimal18 {
        let number = try #require(value as? NSNumber)
        let text = "\(number.doubleValue)"
        return try Decimal18(parsing: text.hasSuffix(".0") ? String(text.dropLast(2)) : text)
    }

    @Test(.enabled(if: Vectors.available, "../shared/vectors is absent"))
    func everyQuantLibCaseIsWithinTolerance() throws {
        let cases = try Vectors.load("black_scholes_quantlib.json").array("cases")
        #expect(cases.count >= 60)
        var worstRelative = 0.0
        for item in cases {
            let input = item.dictionary("input")
            let kind = try #require(BlackScholes.Kind(rawValue: input.string("type")))
            let days = try #require(Int(input.string("days")))
            let greeks = try BlackScholes.evaluate(
                BlackScholes.Inputs(
                    kind: kind, spot: try decimal(input["spot"]), strike: try decimal(input["strike"]),
                    years: try BlackScholes.years(days: Decimal18(days)), rate: try decimal(input["r"]),
                    dividendYield: try decimal(input["q"]), volatility: try decimal(input["vol"])))
            let expected = item.dictionary("quantlib")
            let values: [(String, Decimal18)] = [
                ("price", greeks.price), ("delta", greeks.delta), ("gamma", greeks.gamma), ("vega", greeks.vega),
                ("theta", greeks.theta), ("rho", greeks.rho),
            ]
            for (name, value) in values {
                let reference = try #require((expected[name] as? NSNumber)?.doubleValue, "\(name) in \(input)")
                let difference = abs(double(value) - reference)
                if abs(reference) < 1e-2 {
                    #expect(difference <= 1e-9, "\(name) \(value) vs QuantLib \(reference) for \(input)")
                } else {
                    let relative = difference / abs(reference)
                    worstRelative = max(worstRelative, relative)
                    #expect(relative <= 1e-7, "\(name) \(value) vs QuantLib \(reference) for \(input)")
                }
            }
        }
        // QuantLib's own doubles are good to about 1e-13 here; the fixed point is far inside the tolerance.
        #expect(worstRelative < 1e-10, "worst relative difference \(worstRelative)")
    }

    @Test func putCallParityHoldsToFourUlps() throws {
        let spots = ["0.000001", "37.96", "100", "60602.63", "999999999999"]
        let strikes = ["0.000001", "45", "100", "87422.28"]
        for spot in spots {
            for strike in strikes {
                for (days, rate, yield, vol) in [
                    ("1", "0.05", "0", "0.2"), ("73", "-0.01", "0.03", "0.8"), ("716", "0.0797", "0.04", "1.4991"),
                ] {
                    let call = try BlackScholes.evaluate(
                        inputs(
                            .call, spot: spot, strike: strike, days: days, rate: rate, dividendYield: yield,
                            volatility: vol))
                    var putInputs = try inputs(
                        .put, spot: spot, strike: strike, days: days, rate: rate, dividendYield: yield, volatility: vol)
                    let put = try BlackScholes.evaluate(putInputs)
                    putInputs.kind = .call
                    let years = putInputs.years
                    let forward = try fixed(spot).multiplied(
                        by: Decimal18.exp(fixed(yield).multiplied(by: years, rounding: .down).negated),
                        rounding: .down)
                    let discountedStrike = try fixed(strike).multiplied(
                        by: Decimal18.exp(fixed(rate).multiplied(by: years, rounding: .down).negated),
                        rounding: .down)
                    let parity = try call.price.subtracting(put.price)
                    let expected = try forward.subtracting(discountedStrike)
                    let label = "S=\(spot) K=\(strike) days=\(days)"
                    #expect(
                        (parity.raw - expected.raw).magnitude <= 4,
                        "C − P = \(parity), S·e^−qT − K·e^−rT = \(expected), \(label)")
                    // Delta parity: Δc − Δp = e^(−qT); gamma and vega are the same for both.
                    let deltaGap = try call.delta.subtracting(put.delta)
                    let dividendDiscount = try Decimal18.exp(
                        fixed(yield).multiplied(by: years, rounding: .down).negated)
                    #expect((deltaGap.raw - dividendDiscount.raw).magnitude <= 2, "\(label)")
                    #expect(call.gamma == put.gamma && call.vega == put.vega, "\(label)")
                }
            }
        }
    }

    @Test func pricesAreMonotoneInSpotAndVolatility() throws {
        var previousCall = Decimal18.zero
        var previousPut = Decimal18(raw: .max)
        for spot in stride(from: 50, through: 150, by: 5) {
            let call = try BlackScholes.evaluate(inputs(.call, spot: "\(spot)"))
            let put = try BlackScholes.evaluate(inputs(.put, spot: "\(spot)"))
            #expect(call.price > previousCall && put.price < previousPut, "spot \(spot)")
            #expect(call.delta > .zero && call.delta < .one && put.delta < .zero && put.delta > Decimal18.one.negated)
            #expect(call.gamma > .zero && call.vega > .zero)
            previousCall = call.price
            previousPut = put.price
        }
        var previous = Decimal18.zero
        for vol in ["0.01", "0.05", "0.1", "0.3", "0.9", "2", "5", "10"] {
            let price = try BlackScholes.evaluate(inputs(.call, volatility: vol)).price
            #expect(price > previous, "vol \(vol)")
            previous = price
        }
    }

    @Test func millisecondsToExpiryMatchDays() throws {
        let byDays = try BlackScholes.evaluate(inputs(.put, days: "146"))
        let byMilliseconds = try BlackScholes.evaluate(
            .put, spot: fixed("100"), strike: fixed("100"), millisecondsToExpiry: 146 * 86_400_000,
            rate: fixed("0.05"), dividendYield: fixed("0.01"), volatility: fixed("0.2"))
        #expect(byDays == byMilliseconds)  // 146/365 = 0.4 exactly either way
        #expect(try BlackScholes.years(milliseconds: 1) == BlackScholes.yearsMin)
        #expect(try BlackScholes.years(days: fixed("0.5")) == fixed("0.001369863013698630"))
    }

    @Test func badInputsAreErrorsNamingTheInput() throws {
        let cases: [(BlackScholes.Inputs, String)] = [
            (try inputs(.call, spot: "0"), "spot must be above 0, got 0"),
            (try inputs(.call, spot: "-5"), "spot must be above 0, got -5"),
            (try inputs(.put, strike: "-0.000000000000000001"), "strike must be above 0, got -0.000000000000000001"),
            (
                try inputs(.call, strike: "1000000000000.1"),
                "strike must be in [0.000000000001, 1000000000000], got 1000000000000.1"
            ),
            (try inputs(.call, volatility: "0"), "volatility must be above 0, got 0"),
            (try inputs(.call, volatility: "10.5"), "volatility must be in [0.001, 10], got 10.5"),
            (try inputs(.call, rate: "1.01"), "rate must be in [-1, 1], got 1.01"),
            (try inputs(.call, dividendYield: "-2"), "dividend yield must be in [-1, 1], got -2"),
        ]
        for (bad, message) in cases {
            #expect(throws: OptionMathError.outOfDomain(message)) { try BlackScholes.evaluate(bad) }
        }
        #expect(throws: OptionMathError.outOfDomain("days must be above 0 and at most 3650, got 0")) {
            try BlackScholes.years(days: .zero)
        }
        #expect(throws: OptionMathError.outOfDomain("days must be above 0 and at most 3650, got -1")) {
            try BlackScholes.years(days: fixed("-1"))
        }
        #expect(throws: OptionMathError.self) { try BlackScholes.years(days: fixed("3650.5")) }
        #expect(throws: OptionMathError.self) { try BlackScholes.years(milliseconds: 0) }
        #expect(throws: OptionMathError.self) { try BlackScholes.years(milliseconds: -86_400_000) }
        #expect(throws: OptionMathError.self) { try BlackScholes.years(milliseconds: BlackScholes.millisecondsMax + 1) }
        var years = try inputs(.call)
        years.years = .zero
        #expect(throws: OptionMathError.self) { try BlackScholes.evaluate(years) }
    }

    /// Every corner of the domain evaluates without overflow, with sane signs and bounds.
    @Test func theCornersOfTheDomainEvaluate() throws {
        let prices = [BlackScholes.priceMin, Decimal18.one, BlackScholes.priceMax]
        let years = [BlackScholes.yearsMin, Decimal18.one, BlackScholes.yearsMax]
        let vols = [BlackScholes.volatilityMin, BlackScholes.volatilityMax]
        let rates = [Decimal18.one.negated, Decimal18.zero, Decimal18.one]
        for kind in BlackScholes.Kind.allCases {
            for spot in prices {
                for strike in prices {
                    for t in years {
                        for vol in vols {
                            for rate in rates {
                                for yield in rates {
                                    let input = BlackScholes.Inputs(
                                        kind: kind, spot: spot, strike: strike, years: t, rate: rate,
                                        dividendYield: yield, volatility: vol)
                                    let greeks = try BlackScholes.evaluate(input)
                                    // Truncation may leave a worthless option a few ulps below 0.
                                    #expect(greeks.price.raw > -8, "\(input)")
                                    #expect(greeks.gamma >= .zero && greeks.vega >= .zero, "\(input)")
                                    #expect(kind == .call ? greeks.delta >= .zero : greeks.delta <= .zero, "\(input)")
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
