/// What the driver must do, in order, after an input.
///
/// `persist` always precedes the `broadcast` of the message it records: the
/// driver makes the record durable (synced) before it sends anything after it,
/// so a validator that restarts knows every message it may already have sent.
public enum ConsensusDirective: Sendable, Hashable {
    case persist(WALRecord)
    case broadcastProposal(SignedProposal)
    case broadcastVote(SignedVote)
    /// Build a block for this height and round and answer with `ConsensusInput.proposeValue`.
    case requestValue(height: UInt64, round: UInt32)
    /// Report `.timeout(timeout)` after this many milliseconds, unless the height has moved on.
    case scheduleTimeout(ConsensusTimeout, milliseconds: UInt64)
    /// The height is decided: execute the block with this id, store it with the commit, then `startHeight` the next.
    case decide(Commit)
    /// A validator equivocated; the driver includes the evidence in a block.
    case reportEvidence(Evidence)
}
