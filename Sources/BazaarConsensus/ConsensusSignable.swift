public import BazaarCore

/// A consensus message a validator signs: votes and proposals.
///
/// The signed bytes are a domain tag, the chain id, then the canonical encoding,
/// so that a signature can never pass for another kind of message or another chain.
public protocol ConsensusSignable: CanonicalEncodable {
    /// Distinct for each kind of message.
    static var signingDomain: String { get }
}

extension ConsensusSignable {
    /// The bytes a validator signs for this message on `chainID`.
    public func signingBytes(chainID: String) -> [UInt8] {
        var writer = CanonicalWriter(capacity: 128)
        writer.write(Self.signingDomain)
        writer.write(chainID)
        writer.write(self)
        return writer.bytes
    }
}
