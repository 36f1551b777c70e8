/// The timeouts of a Tendermint round: the paper's three, and the round's own deadline.
public enum TimeoutKind: UInt8, Sendable, Hashable {
    case propose
    case prevote
    case precommit
    /// The round's deadline, scheduled when the round starts: if the height is still undecided and
    /// the validator still in that round when it fires, it moves to the next round.
    ///
    /// The paper's prevote and precommit timeouts are scheduled only once more than two thirds of
    /// the power voted in the round, so validators that are split between rounds (one restarted in
    /// a later round because it lost the record of a vote it signed, the others still waiting in an
    /// earlier one) would each wait forever when no third of the power is ahead of them to trigger
    /// round skipping. Moving to a later round is always safe; this deadline makes every validator
    /// keep moving until they meet in one round (its duration grows with the round, so they do).
    case round = 3
}
