public import BazaarCore
public import Foundation

/// The SHA-256 digest of a TLS certificate's DER encoding: how a node names its certificate and a
/// client pins it (docs/WEB.md, HTTPS).
///
/// Written as browsers and `openssl x509 -noout -fingerprint -sha256` show it: 32 upper-case
/// hexadecimal bytes separated by colons.
public struct CertificateFingerprint: Sendable, Hashable, CustomStringConvertible {
    public let digest: Hash

    public init(digest: Hash) {
        self.digest = digest
    }

    /// The fingerprint of the certificate whose DER encoding is `der`.
    public init(certificateDER der: some DataProtocol) {
        digest = .sha256(der)
    }

    /// Parses 32 bytes of hexadecimal, either case, with a colon between every two digits or none;
    /// text up to an `=` is dropped, so that `openssl`'s `sha256 Fingerprint=AB:CD:…` line parses.
    ///
    /// - Returns: `nil` for anything else.
    public init?(parsing text: String) {
        var body = Substring(text)
        if let equals = body.lastIndex(of: "=") { body = body[body.index(after: equals)...] }
        body = body.drop { $0.isWhitespace }
        while body.last?.isWhitespace == true { body.removeLast() }
        let colons = body.filter { $0 == ":" }.count
        guard colons == 0 || colons == Hash.byteCount - 1 else { return nil }
        let groups = body.split(separator: ":", omittingEmptySubsequences: false)
        guard colons == 0 || groups.allSatisfy({ $0.count == 2 }) else { return nil }
        guard let digest = Hash(hex: groups.joined()) else { return nil }
        self.digest = digest
    }

    /// `AB:CD:…`, 32 upper-case bytes.
    public var description: String {
        digest.bytes.map { byte in
            let hex = String(byte, radix: 16, uppercase: true)
            return byte < 16 ? "0" + hex : hex
        }.joined(separator: ":")
    }
}
