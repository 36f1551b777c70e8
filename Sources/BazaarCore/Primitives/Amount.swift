/// A quantity of one asset, counted in that asset's indivisible base units.
///
/// An amount carries no decimals of its own: the asset declares them, and the
/// same `Amount` reads as `1.5` for an asset with 8 decimals and `0.00000000015`
/// for one with 18. Arithmetic is overflow-checked and never wraps; results
/// that do not fit are reported as `nil` so that callers turn them into
/// business rejections.
public struct Amount: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The number of base units.
    public var baseUnits: UInt128

    public static let zero = Amount(baseUnits: 0)
    /// The largest number of decimals an asset may declare.
    ///
    /// `UInt128` holds about 3.4 × 10^38, so 24 decimals still leave 10^14 whole units.
    public static let decimalsMax: UInt8 = 24

    public init(baseUnits: UInt128) {
        self.baseUnits = baseUnits
    }

    public var isZero: Bool { baseUnits == 0 }

    public var description: String { String(baseUnits) }

    public static func < (lhs: Amount, rhs: Amount) -> Bool {
        lhs.baseUnits < rhs.baseUnits
    }

    /// The sum, or `nil` when it does not fit in 128 bits.
    public func adding(_ other: Amount) -> Amount? {
        let (sum, overflow) = baseUnits.addingReportingOverflow(other.baseUnits)
        return overflow ? nil : Amount(baseUnits: sum)
    }

    /// The difference, or `nil` when `other` is larger.
    public func subtracting(_ other: Amount) -> Amount? {
        let (difference, overflow) = baseUnits.subtractingReportingOverflow(other.baseUnits)
        return overflow ? nil : Amount(baseUnits: difference)
    }

    /// The product with a whole number, or `nil` when it does not fit in 128 bits.
    public func multiplied(by factor: UInt128) -> Amount? {
        let (product, overflow) = baseUnits.multipliedReportingOverflow(by: factor)
        return overflow ? nil : Amount(baseUnits: product)
    }
}
