// Margin's interface to lending. Signatures are a contract between modules: change them only
// together with their callers.

extension LedgerState {
    /// The account's margin at current oracle prices, lending debts included.
    public func marginSummary(of account: AccountID) -> MarginSummary {
        MarginSummary(equity: 0, initialRequirement: 0, maintenanceRequirement: 0)
    }

    /// Adds to the account's collateral in its margin account (a borrow lands here).
    mutating func creditCollateral(_ amount: Amount, asset: AssetSymbol, to account: AccountID) throws(ActionFailure) {
        throw ActionFailure(code: .unknownAsset)
    }

    /// Takes from the account's collateral (a repayment from margin); fails with
    /// `insufficientBalance` when the account holds less.
    mutating func debitCollateral(_ amount: Amount, asset: AssetSymbol, from account: AccountID) throws(ActionFailure) {
        throw ActionFailure(code: .insufficientBalance)
    }
}
