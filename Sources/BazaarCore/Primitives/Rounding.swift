/// The direction a division rounds its quotient, stated at every division of money code
/// (DESIGN.md, Determinism rules): rounding goes against the party that started the action, so
/// that no rounding creates value.
public enum Rounding: Sendable, Hashable {
    /// Towards zero (the quotient's floor, for the unsigned values it applies to).
    case down
    /// Away from zero: a remainder adds one.
    case up
}
