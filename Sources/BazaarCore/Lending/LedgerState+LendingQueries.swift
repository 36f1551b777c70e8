// Lending's interface to margin. Signatures are a contract between modules: change them only
// together with their callers.

extension LedgerState {
    /// What `account` owes, interest included, by asset in symbol order; no zero entries.
    public func lendingDebts(of account: AccountID) -> [(asset: AssetSymbol, amount: Amount)] {
        []
    }

    /// Repays up to `amount` of `account`'s debt in `asset` with funds the caller has already taken
    /// from the account (a liquidation); returns how much was repaid, at most the debt.
    mutating func repayDebt(of account: AccountID, asset: AssetSymbol, amount: Amount) -> Amount {
        .zero
    }
}
