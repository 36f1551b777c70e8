/// An account's margin at current oracle prices, in base units of the oracle's quote asset.
public struct MarginSummary: Sendable, Hashable {
    /// Weighted collateral plus unrealized PnL and unpaid funding, minus debts; may be negative.
    public var equity: Int128
    /// What the account's positions and debts need to open or increase risk, or to withdraw.
    public var initialRequirement: UInt128
    /// Below this, the account is liquidated.
    public var maintenanceRequirement: UInt128

    public init(equity: Int128, initialRequirement: UInt128, maintenanceRequirement: UInt128) {
        self.equity = equity
        self.initialRequirement = initialRequirement
        self.maintenanceRequirement = maintenanceRequirement
    }

    /// Whether equity covers the initial requirement.
    public var coversInitial: Bool { equity >= 0 && UInt128(equity) >= initialRequirement }

    /// Whether equity covers the maintenance requirement.
    public var coversMaintenance: Bool { equity >= 0 && UInt128(equity) >= maintenanceRequirement }
}
