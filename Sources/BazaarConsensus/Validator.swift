public import BazaarCore

/// A member of the validator set and the weight of its votes.
public struct Validator: Sendable, Hashable {
    public let publicKey: PublicKey
    public let votingPower: UInt64

    public init(publicKey: PublicKey, votingPower: UInt64) {
        self.publicKey = publicKey
        self.votingPower = votingPower
    }
}
