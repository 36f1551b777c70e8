/// A round and a vote type: the unit within which a validator may cast one vote.
struct RoundTypeKey: Sendable, Hashable {
    let round: UInt32
    let type: VoteType
}
