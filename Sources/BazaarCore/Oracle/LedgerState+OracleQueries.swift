// The oracle's interface to margin and lending. Signatures are a contract between modules:
// change them only together with their callers.

extension LedgerState {
    /// The agreed price of `asset` in the oracle's quote asset; the quote asset itself is worth
    /// exactly one whole unit and is never stale. `nil` for an asset with no price yet.
    public func oraclePrice(of asset: AssetSymbol) -> OraclePrice? {
        if asset == derivatives.oracle.quoteAsset, let info = assets[asset] {
            return OraclePrice(quotePerUnit: Amount.powerOfTen(Int(info.decimals)), height: height)
        }
        return derivatives.oracle.prices[asset]
    }

    /// Sets the agreed price of `asset` (the oracle's aggregation does; tests may).
    mutating func setOraclePrice(_ price: OraclePrice, of asset: AssetSymbol) {
        derivatives.oracle.prices.write(price, for: asset)
    }
}
