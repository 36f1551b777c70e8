import BazaarAPI
public import BazaarCore
import Foundation

extension TransactionBuilder {
    /// An oracle report: one whole unit of `asset` is worth `price` (a decimal in whole units of the
    /// quote asset) at `timeMilliseconds`.
    public static func report(
        asset: String, price: String, quoteDecimals: UInt8, timeMilliseconds: UInt64
    ) throws(BazaarClientError) -> Action {
        .derivatives(
            .oracle(
                .report(
                    OracleAction.Report(
                        asset: try symbol(asset), quotePerUnit: try positiveAmount(price, decimals: quoteDecimals),
                        timeMilliseconds: timeMilliseconds))))
    }

    /// A volatility report of `asset` at `expiryMilliseconds` at `timeMilliseconds`: `volatilities`
    /// are decimal fractions (`"0.65"` is 65% annualized), one per moneyness point
    /// (`VolatilityParameters.moneynessBasisPoints`), or a single one for a flat smile.
    public static func reportVolatility(
        asset: String, expiryMilliseconds: UInt64, volatilities: [String], timeMilliseconds: UInt64
    ) throws(BazaarClientError) -> Action {
        let count = VolatilityParameters.pointCount
        guard volatilities.count == count || volatilities.count == 1 else {
            throw BazaarClientError(
                .invalidInput,
                "give \(count) volatilities (one per moneyness point \(Self.moneynessList)) or one for a flat smile, not \(volatilities.count)"
            )
        }
        var values: [UInt32] = []
        for text in volatilities {
            let range = VolatilityParameters.volatilityRange
            guard let ppm = VolatilityFormat.partsPerMillion(text.trimmingCharacters(in: .whitespaces)),
                range.contains(UInt32(clamping: ppm))
            else {
                throw BazaarClientError(
                    .invalidInput,
                    "volatility \(EchoedInput.quoted(text)) is not a decimal fraction from 0.01 to 10 (1% to 1000%)")
            }
            values.append(UInt32(ppm))
        }
        if values.count == 1 { values = Array(repeating: values[0], count: count) }
        return .derivatives(
            .oracle(
                .reportVolatility(
                    OracleAction.VolatilityReport(
                        asset: try symbol(asset), expiryMilliseconds: expiryMilliseconds, volatilities: values,
                        timeMilliseconds: timeMilliseconds))))
    }

    /// The moneyness points as decimal fractions, for messages: `0.7, 0.8, …`.
    static var moneynessList: String {
        VolatilityParameters.moneynessBasisPoints.map(VolatilityFormat.moneyness).joined(separator: ", ")
    }

    /// What `bazaar lend` does to a pool.
    public enum LendingOperation: String, Sendable, CaseIterable {
        case supply
        case withdraw
        case borrow
        case repay
    }

    /// A lending action on the pool of `asset`; `amount` (a decimal in whole units) may be nil
    /// for withdraw (everything) and repay (the whole debt).
    public static func lending(
        _ operation: LendingOperation, asset: String, amount: String?, decimals: UInt8, fromMargin: Bool = false
    ) throws(BazaarClientError) -> Action {
        let symbol = try symbol(asset)
        let value = try amount.map { (text) throws(BazaarClientError) in try positiveAmount(text, decimals: decimals) }
        let action: LendingAction
        switch operation {
        case .supply, .borrow:
            guard let value else {
                throw BazaarClientError(.invalidInput, "\(operation.rawValue) needs an amount")
            }
            action =
                operation == .supply ? .supply(asset: symbol, amount: value) : .borrow(asset: symbol, amount: value)
        case .withdraw: action = .withdraw(asset: symbol, amount: value)
        case .repay: action = .repay(asset: symbol, amount: value, fromMargin: fromMargin)
        }
        return .derivatives(.lending(action))
    }
}
