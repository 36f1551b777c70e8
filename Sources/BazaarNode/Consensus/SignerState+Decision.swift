extension SignerState {
    /// Whether the validator may release a signature, as `checkAndRecord` decided.
    public enum Decision: Sendable, Hashable {
        /// A position after the last signed one; it is now recorded, durably.
        case sign
        /// The last signed position with the same sign bytes: sending the same signature again is
        /// not equivocation (a restarted validator re-sends its last vote).
        case signAgain
        /// A position before the last signed one: consensus has moved past it.
        case refuseRegression(last: Position)
        /// The last signed position with different sign bytes: signing would be equivocation.
        case refuseConflict(at: Position)

        /// Whether the signature may be released.
        public var allowsSigning: Bool {
            switch self {
            case .sign, .signAgain: true
            case .refuseRegression, .refuseConflict: false
            }
        }
    }
}
