import Testing

@testable import BazaarCore

@Suite struct ImpliedVolatilityTests {
    private func fixed(_ text: String) -> Decimal18 { try! Decimal18(parsing: text) }

    private func inputs(
        _ kind: BlackScholes.Kind, spot: String, strike: String, days: String, rate: String = "0",
        dividendYield: String = "0", volatility: String = "0.5"
    ) throws -> BlackScholes.Inputs {
        BlackScholes.Inputs(
            kind: kind, spot: fixed(spot), strike: fixed(strike), years: try BlackScholes.years(days: fixed(days)),
            rate: fixed(rate), dividendYield: fixed(dividendYield), volatility: fixed(volatility))
    }

    @Test func pricesAtKnownVolatilitiesInvertBackToThem() throws {
        let cases: [(BlackScholes.Kind, String, String, String, String, String, String)] = [
            (.call, "65000", "65000", "30", "0", "0", "0.6"),
            (.put, "65000", "60000", "7", "0", "0", "0.72"),
            (.call, "65000", "70000", "1", "0", "0", "0.55"),
            (.put, "100", "110", "365", "0.05", "0.01", "0.2"),
            (.call, "100", "90", "182.5", "0.03", "0.02", "0.05"),
            (.call, "1", "1.2", "3650", "0", "0", "2.5"),
            (.put, "1", "0.99", "90", "-0.01", "0", "0.02"),
        ]
        for (kind, spot, strike, days, rate, yield, volatility) in cases {
            let option = try inputs(
                kind, spot: spot, strike: strike, days: days, rate: rate, dividendYield: yield, volatility: volatility)
            let price = try BlackScholes.evaluate(option).price
            var blind = option
            blind.volatility = fixed("0.3")
            let solved = try #require(try ImpliedVolatility.solve(price: price, inputs: blind), "\(option)")
            let difference = try solved.subtracting(option.volatility).magnitude
            #expect(difference <= fixed("0.00000001"), "\(kind) \(strike) at \(volatility): got \(solved)")
            // The solved volatility reprices the option to within a few ulps of the strike.
            let repriced = try BlackScholes.evaluate(
                BlackScholes.Inputs(
                    kind: kind, spot: option.spot, strike: option.strike, years: option.years, rate: option.rate,
                    dividendYield: option.dividendYield, volatility: solved)
            ).price
            #expect(try repriced.subtracting(price).magnitude <= fixed("0.0000001"), "\(repriced) vs \(price)")
        }
    }

    @Test func aPriceAtOrBelowTheIntrinsicValueHasNoVolatility() throws {
        let call = try inputs(.call, spot: "65000", strike: "60000", days: "30")
        #expect(try ImpliedVolatility.solve(price: fixed("5000"), inputs: call) == nil)
        #expect(try ImpliedVolatility.solve(price: fixed("4999"), inputs: call) == nil)
        let put = try inputs(.put, spot: "65000", strike: "70000", days: "30")
        #expect(try ImpliedVolatility.solve(price: fixed("4000"), inputs: put) == nil)
        let outOfTheMoney = try inputs(.call, spot: "65000", strike: "70000", days: "30")
        #expect(try ImpliedVolatility.solve(price: .zero, inputs: outOfTheMoney) == nil)
        #expect(try ImpliedVolatility.solve(price: fixed("-1"), inputs: outOfTheMoney) == nil)
        // Just above intrinsic there is one.
        #expect(try ImpliedVolatility.solve(price: fixed("5050"), inputs: call) != nil)
    }

    @Test func aPriceAtOrAboveTheUpperBoundHasNoVolatility() throws {
        let call = try inputs(.call, spot: "65000", strike: "65000", days: "30")
        #expect(try ImpliedVolatility.solve(price: fixed("65000"), inputs: call) == nil)
        #expect(try ImpliedVolatility.solve(price: fixed("70000"), inputs: call) == nil)
        let put = try inputs(.put, spot: "65000", strike: "65000", days: "30", rate: "0.05")
        // K·e^(−rT) < 65,000.
        #expect(try ImpliedVolatility.solve(price: fixed("64900"), inputs: put) == nil)
        // Volatilities past 1,000% are outside the domain, so a price that needs one has none.
        let atTenTimes = try BlackScholes.evaluate(
            try inputs(.call, spot: "65000", strike: "65000", days: "30", volatility: "10")
        ).price
        #expect(try ImpliedVolatility.solve(price: try atTenTimes.adding(fixed("1")), inputs: call) == nil)
        #expect(try ImpliedVolatility.solve(price: try atTenTimes.subtracting(fixed("1")), inputs: call) != nil)
    }

    @Test func inputsOutsideThePricingDomainThrow() throws {
        var option = try inputs(.call, spot: "65000", strike: "65000", days: "30")
        option.spot = .zero
        #expect(throws: OptionMathError.self) { try ImpliedVolatility.solve(price: fixed("100"), inputs: option) }
    }
}
