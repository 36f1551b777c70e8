/// A step this validator can sign at most once: a height, a round and a vote type (`nil` for the proposal).
struct SigningKey: Sendable, Hashable {
    let height: UInt64
    let round: UInt32
    let type: VoteType?
}
