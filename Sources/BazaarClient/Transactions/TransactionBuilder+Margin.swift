public import BazaarCore

extension TransactionBuilder {
    /// Moves `amount` (whole units, e.g. `"250.5"`) of `asset` into the sender's margin account.
    public static func marginDeposit(asset: String, amount: String, decimals: UInt8) throws(BazaarClientError)
        -> Action
    {
        .derivatives(
            .margin(
                .deposit(asset: try symbol(asset.uppercased()), amount: try positiveAmount(amount, decimals: decimals)))
        )
    }

    /// Moves collateral back to the sender's free balance.
    public static func marginWithdraw(asset: String, amount: String, decimals: UInt8) throws(BazaarClientError)
        -> Action
    {
        .derivatives(
            .margin(
                .withdraw(asset: try symbol(asset.uppercased()), amount: try positiveAmount(amount, decimals: decimals))
            ))
    }
}
