public import BazaarCore

extension EventJSON {
    /// Renders an event of lending pools; its own fields go in `details` (rates and indexes as
    /// decimal strings, shares as integers).
    public init(_ event: LendingEvent, context: RenderingContext) {
        func amount(_ value: Amount, _ asset: AssetSymbol) -> String {
            value.formatted(decimals: context.decimals(of: asset))
        }
        switch event {
        case .poolConfigured(let authority, let asset, let parameters):
            self.init(
                kind: event.kind, asset: asset.text, sender: authority.address,
                details: [
                    "base_rate_bp": String(parameters.baseRateBasisPoints),
                    "slope1_bp": String(parameters.slope1BasisPoints),
                    "slope2_bp": String(parameters.slope2BasisPoints),
                    "kink_utilization_bp": String(parameters.kinkUtilizationBasisPoints),
                    "reserve_factor_bp": String(parameters.reserveFactorBasisPoints),
                ])
        case .supplied(let account, let asset, let value, let shares),
            .withdrawn(let account, let asset, let value, let shares):
            self.init(
                kind: event.kind, asset: asset.text, amount: amount(value, asset), owner: account.address,
                details: ["shares": String(shares)])
        case .borrowed(let account, let asset, let value):
            self.init(kind: event.kind, asset: asset.text, amount: amount(value, asset), owner: account.address)
        case .repaid(let account, let asset, let value, let remaining, let fromMargin):
            self.init(
                kind: event.kind, asset: asset.text, amount: amount(value, asset), owner: account.address,
                details: ["remaining_debt": amount(remaining, asset), "from_margin": String(fromMargin)])
        case .interestAccrued(let asset, let interest, let borrowIndex):
            self.init(
                kind: event.kind, asset: asset.text, amount: amount(interest, asset),
                details: ["borrow_index": Amount(baseUnits: borrowIndex).formatted(decimals: 18)])
        case .writtenOff(let account, let asset, let debt):
            self.init(kind: event.kind, asset: asset.text, amount: amount(debt, asset), owner: account.address)
        }
    }
}
