/// What a sender asks the ledger to do, before it is signed.
///
/// The sender signs the canonical encoding of this value (see `signingBytes`);
/// the chain id in it keeps a transaction from being replayed on another network.
public struct Transaction: Sendable, Hashable {
    public static let chainIDByteCountMax = 64

    public var chainID: String
    public var sender: PublicKey
    /// Exactly the sender's next nonce: 0 for a new account, then one more per included transaction.
    public var nonce: UInt64
    /// Paid in the chain's fee asset to the fee pool, even when an action fails.
    public var fee: Amount
    /// The last block height at which the transaction may be included.
    public var expiryHeight: UInt64
    public var actions: [Action]

    public init(chainID: String, sender: PublicKey, nonce: UInt64, fee: Amount, expiryHeight: UInt64, actions: [Action])
    {
        self.chainID = chainID
        self.sender = sender
        self.nonce = nonce
        self.fee = fee
        self.expiryHeight = expiryHeight
        self.actions = actions
    }

    /// The bytes the sender signs: a domain tag, then the canonical encoding.
    public var signingBytes: [UInt8] {
        Array(Transaction.signingDomain.utf8) + canonicalBytes
    }

    public func signed(with key: PrivateKey) -> SignedTransaction {
        precondition(key.publicKey == sender, "signing key does not match the sender")
        return SignedTransaction(transaction: self, signature: key.sign(signingBytes))
    }

    static let signingDomain = "bazaar/tx/v1"
}

/// A transaction with the sender's signature: what clients submit and blocks carry.
public struct SignedTransaction: Sendable, Hashable {
    /// The encoded size above which a transaction is rejected before anything else is checked.
    public static let byteCountMax = 16 * 1024
    public static let actionCountMax = 32

    public var transaction: Transaction
    public var signature: Signature

    public init(transaction: Transaction, signature: Signature) {
        self.transaction = transaction
        self.signature = signature
    }

    /// SHA-256 of the canonical encoding of the signed transaction.
    public var id: Hash { Hash.sha256(canonicalBytes) }

    public var hasValidSignature: Bool {
        transaction.sender.isValidSignature(signature, for: transaction.signingBytes)
    }
}

extension Transaction: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(chainID)
        writer.write(sender)
        writer.write(nonce)
        writer.write(fee)
        writer.write(expiryHeight)
        writer.write(actions)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        chainID = try reader.read(String.self, maxByteCount: Transaction.chainIDByteCountMax)
        sender = try reader.read(PublicKey.self)
        nonce = try reader.read(UInt64.self)
        fee = try reader.read(Amount.self)
        expiryHeight = try reader.read(UInt64.self)
        actions = try reader.read([Action].self, maxCount: SignedTransaction.actionCountMax)
    }
}

extension SignedTransaction: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) {
        writer.write(transaction)
        writer.write(signature)
    }

    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        transaction = try reader.read(Transaction.self)
        signature = try reader.read(Signature.self)
    }
}

/// A signed transaction whose signature has been checked, with its id computed once.
///
/// Execution accepts only this type, so a signature is verified once, at
/// admission or when a block arrives, never again on the execution path.
public struct VerifiedTransaction: Sendable {
    public let signed: SignedTransaction
    public let id: Hash
    public let encodedByteCount: Int
    /// The sender's account, derived once: it is looked up at every step from admission to execution.
    public let sender: AccountID

    /// Verifies the signature; `nil` when it does not match the sender's key.
    ///
    /// - Complexity: two SHA-256 and one Ed25519 verification.
    public init?(verifying signed: SignedTransaction) {
        self.init(verifying: signed, canonicalBytes: signed.canonicalBytes)
    }

    /// Verifies a transaction decoded from `canonicalBytes`, reusing those bytes
    /// rather than encoding the transaction again.
    ///
    /// - Precondition: `canonicalBytes == signed.canonicalBytes`, as after a successful decode.
    init?(verifying signed: SignedTransaction, canonicalBytes bytes: [UInt8]) {
        // The signed encoding is the transaction's encoding followed by the 64-byte signature.
        let signingBytes = Array(Transaction.signingDomain.utf8) + bytes.dropLast(Signature.byteCount)
        guard signed.transaction.sender.isValidSignature(signed.signature, for: signingBytes) else { return nil }
        self.init(signed: signed, canonicalBytes: bytes)
    }

    /// Wraps a transaction read back from the node's own block store, whose
    /// signature was verified when the block was first committed. Replaying a
    /// stored chain then costs no Ed25519 verifications; the application hash
    /// check after each replayed block still catches any stored corruption.
    public init(readBackFromOwnStore signed: SignedTransaction) {
        self.init(signed: signed, canonicalBytes: signed.canonicalBytes)
    }

    private init(signed: SignedTransaction, canonicalBytes bytes: [UInt8]) {
        self.signed = signed
        id = Hash.sha256(bytes)
        encodedByteCount = bytes.count
        sender = signed.transaction.sender.accountID
    }

    public var transaction: Transaction { signed.transaction }
}
