public import BazaarCore

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
