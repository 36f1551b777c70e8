public import BazaarCore

/// Everything that can happen to a validator's consensus state machine.
public enum ConsensusInput: Sendable, Hashable {
    /// Begin `height` (the first one, or the one after the last decision).
    case startHeight(UInt64)
    /// The block id to propose, answering `ConsensusDirective.requestValue` (the paper's `getValue()`).
    case proposeValue(height: UInt64, round: UInt32, value: Hash)
    /// A proposal whose signature the shell verified, and whether the application accepts its block
    /// (`processProposal`; the paper's `valid(v)`).
    case proposal(VerifiedProposal, isValid: Bool)
    /// A vote whose signature the shell verified.
    case vote(VerifiedVote)
    /// A timeout scheduled by `ConsensusDirective.scheduleTimeout` fired.
    case timeout(ConsensusTimeout)
}
