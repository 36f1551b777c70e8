// Moves between an account's free and locked amounts. Callers check what can fail (a free
// balance too low to lock) before they start writing; what is left are broken assumptions.

extension Account {
    /// Adds to the free balance. Every balance is bounded by its asset's supply, so this cannot overflow.
    mutating func credit(_ amount: Amount, _ asset: AssetSymbol) {
        guard !amount.isZero else { return }
        balances[asset] = balance(of: asset).adding(amount)!
    }

    /// Moves `amount` from free to locked.
    ///
    /// - Precondition: the free balance covers it.
    mutating func lock(_ amount: Amount, _ asset: AssetSymbol) {
        guard !amount.isZero else { return }
        let free = balance(of: asset).subtracting(amount)
        precondition(free != nil, "locking more than the free balance")
        balances[asset] = free!.isZero ? nil : free
        locked[asset] = lockedAmount(of: asset).adding(amount)!
    }

    /// Moves `amount` from locked back to free.
    mutating func unlock(_ amount: Amount, _ asset: AssetSymbol) {
        spendLocked(amount, asset)
        credit(amount, asset)
    }

    /// Takes `amount` out of the locked amount (it leaves the account).
    ///
    /// - Precondition: that much is locked.
    mutating func spendLocked(_ amount: Amount, _ asset: AssetSymbol) {
        guard !amount.isZero else { return }
        let remaining = lockedAmount(of: asset).subtracting(amount)
        precondition(remaining != nil, "releasing more than is locked")
        locked[asset] = remaining!.isZero ? nil : remaining
    }
}
