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

/// An account the protocol cannot value: a figure of its margin (a value, a requirement or a
/// total) does not fit in 128 bits. Queries report it; risk checks refuse with its code; the
/// liquidation engine treats the account as under maintenance (docs/MARGIN.md, Overflow).
public struct MarginValuationError: Error, Sendable, Hashable, CustomStringConvertible {
    public let account: AccountID

    public init(account: AccountID) {
        self.account = account
    }

    /// The result code a transaction refused for it carries: `amount_overflow`.
    public var code: ResultCode { .amountOverflow }

    public var description: String {
        "margin account \(account) cannot be valued: a figure does not fit in 128 bits"
    }
}
