public import BazaarCore

/// The public facts of a stored key: its name, address and public key, never the private key.
public struct KeyEntry: Sendable, Equatable {
    public let name: String
    /// The `bz1…` address of the account the key controls.
    public let address: String
    public let publicKey: PublicKey

    public init(name: String, publicKey: PublicKey) {
        self.name = name
        self.address = publicKey.accountID.address
        self.publicKey = publicKey
    }

    /// The account the key controls.
    public var accountID: AccountID { publicKey.accountID }
}
