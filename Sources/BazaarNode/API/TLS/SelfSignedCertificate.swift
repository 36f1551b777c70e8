import Crypto
public import Foundation
import SwiftASN1
import X509

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A self-signed certificate for the API (`--tls-self-signed`): a P-256 key and a certificate for
/// the names given, made with swift-crypto and swift-certificates and kept in the node's home, so
/// that a restart keeps the fingerprint clients have pinned.
public enum SelfSignedCertificate {
    /// The names a certificate is for when none are given.
    public static let defaultNames = ["127.0.0.1", "localhost"]
    public static let certificateFileName = "tls-self-signed-cert.pem"
    public static let keyFileName = "tls-self-signed-key.pem"
    /// How long a new certificate is valid; one that expires within `renewalMargin` is replaced.
    static let validity: TimeInterval = 365 * 24 * 3600
    static let renewalMargin: TimeInterval = 24 * 3600
    /// A new certificate is valid from this long before it was made, for clients whose clock is behind.
    static let backdating: TimeInterval = 3600
    static let namesCountMax = 100

    /// What `loadOrCreate` found in the home.
    public enum Origin: Sendable, Equatable {
        /// The kept certificate, for the same names and still valid.
        case kept
        /// No certificate was kept: a new one.
        case created
        /// The kept certificate was for other names, or expires soon: a new one replaced it.
        case replaced(reason: String)
    }

    /// The certificate kept in `directory` when it is for exactly `names` and valid for another
    /// day; otherwise a new one, written there (the key readable by its owner only).
    ///
    /// - Throws: `NodeError.configuration` for a name that is neither an IP address nor a DNS
    ///   name, a kept pair that cannot be read (it is not replaced: that would change the
    ///   fingerprint without the operator knowing why), or files that cannot be written.
    public static func loadOrCreate(in directory: URL, names: [String], now: Date = Date()) throws(NodeError) -> (
        identity: TLSIdentity, origin: Origin
    ) {
        let wanted = Set(try generalNames(names))
        let certificateURL = directory.appendingPathComponent(certificateFileName)
        let keyURL = directory.appendingPathComponent(keyFileName)
        let files = FileManager.default
        var origin = Origin.created
        if files.fileExists(atPath: certificateURL.path) || files.fileExists(atPath: keyURL.path) {
            let kept = try TLSIdentity.read(certificateFile: certificateURL, keyFile: keyURL)
            let keptNames = Set((try? kept.certificate.extensions.subjectAlternativeNames)?.map { $0 } ?? [])
            let renewal = now.addingTimeInterval(renewalMargin)
            if keptNames != wanted {
                origin = .replaced(
                    reason: "it was for \(kept.subjectAlternativeNames.joined(separator: ", ")), "
                        + "not \(names.joined(separator: ", "))")
            } else if !kept.isValid(at: now) || !kept.isValid(at: renewal) {
                origin = .replaced(reason: "it is valid until \(kept.certificate.notValidAfter)")
            } else {
                return (kept, .kept)
            }
        }
        let (certificatePEM, keyPEM) = try make(names: names, now: now)
        try write(keyPEM, to: keyURL, permissions: 0o600)
        try write(certificatePEM, to: certificateURL, permissions: 0o644)
        let identity = try TLSIdentity(
            certificateChainPEM: certificatePEM, privateKeyPEM: keyPEM, source: (certificateURL.path, keyURL.path))
        return (identity, origin)
    }

    /// A new P-256 key and a certificate it signs for `names` (the first is also the common name),
    /// valid from an hour before `now` for a year; not a certificate authority.
    ///
    /// - Returns: the certificate and the key (PKCS #8) in PEM.
    /// - Throws: `NodeError.configuration` for a name that is neither an IP address nor a DNS name.
    public static func make(names: [String], now: Date = Date()) throws(NodeError) -> (
        certificatePEM: String, keyPEM: String
    ) {
        let alternativeNames = try generalNames(names)
        let key = P256.Signing.PrivateKey()
        let privateKey = Certificate.PrivateKey(key)
        do {
            let subject = try DistinguishedName {
                OrganizationName("Bazaar node (self-signed)")
                CommonName(names[0])
            }
            let extensions = try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames(alternativeNames)
            }
            let certificate = try Certificate(
                version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: privateKey.publicKey,
                notValidBefore: now.addingTimeInterval(-backdating), notValidAfter: now.addingTimeInterval(validity),
                issuer: subject, subject: subject, signatureAlgorithm: .ecdsaWithSHA256, extensions: extensions,
                issuerPrivateKey: privateKey)
            return (try certificate.serializeAsPEM().pemString + "\n", key.pemRepresentation + "\n")
        } catch {
            throw NodeError(.configuration, "cannot make a self-signed TLS certificate: \(error)")
        }
    }

    /// Each name as a subjectAltName entry: an IPv4 or IPv6 address, else a DNS name.
    ///
    /// - Throws: `NodeError.configuration` for no names, too many, a duplicate, or a name that is
    ///   not a DNS name (letters, digits and hyphens in dot-separated labels; `*.` may lead).
    static func generalNames(_ names: [String]) throws(NodeError) -> [GeneralName] {
        guard !names.isEmpty, names.count <= namesCountMax else {
            throw NodeError(.configuration, "a self-signed certificate needs 1 to \(namesCountMax) names")
        }
        guard Set(names.map { $0.lowercased() }).count == names.count else {
            throw NodeError(.configuration, "a TLS name is given twice: \(names.joined(separator: ", "))")
        }
        return try names.map { (name) throws(NodeError) in
            if let address = ipAddressBytes(name) { return .ipAddress(ASN1OctetString(contentBytes: address[...])) }
            guard isDNSName(name) else {
                throw NodeError(
                    .configuration,
                    "'\(name)' is not a TLS name: give an IP address or a DNS name such as node.example.com")
            }
            return .dnsName(name.lowercased())
        }
    }

    /// The 4 or 16 bytes of an IPv4 or IPv6 address in text, or `nil`.
    static func ipAddressBytes(_ text: String) -> [UInt8]? {
        var ipv4 = in_addr()
        if inet_pton(AF_INET, text, &ipv4) == 1 {
            return withUnsafeBytes(of: &ipv4) { Array($0) }
        }
        var ipv6 = in6_addr()
        if inet_pton(AF_INET6, text, &ipv6) == 1 {
            return withUnsafeBytes(of: &ipv6) { Array($0) }
        }
        return nil
    }

    static func isDNSName(_ name: String) -> Bool {
        var labels = name.split(separator: ".", omittingEmptySubsequences: false)
        if labels.count > 1, labels.first == "*" { labels.removeFirst() }
        guard name.utf8.count <= 253, !labels.isEmpty else { return false }
        return labels.allSatisfy { label in
            (1...63).contains(label.utf8.count) && label.first != "-" && label.last != "-"
                && label.utf8.allSatisfy { byte in
                    byte == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                        || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
                }
        }
    }

    /// A subjectAltName entry as text: an address or a name.
    static func text(of name: GeneralName) -> String {
        switch name {
        case .dnsName(let dnsName): return dnsName
        case .ipAddress(let octets):
            let bytes = Array(octets.bytes)
            var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            let family = bytes.count == 4 ? AF_INET : AF_INET6
            guard bytes.count == 4 || bytes.count == 16,
                inet_ntop(family, bytes, &buffer, socklen_t(buffer.count)) != nil
            else { return "\(bytes)" }
            return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        default: return "\(name)"
        }
    }

    /// Writes a new file beside `url` with `permissions` and renames it over `url`, so that a
    /// reader never sees half a file and the key is never readable by others.
    private static func write(_ text: String, to url: URL, permissions: Int) throws(NodeError) {
        let files = FileManager.default
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp")
        try? files.removeItem(at: temporary)
        guard
            files.createFile(
                atPath: temporary.path, contents: Data(text.utf8), attributes: [.posixPermissions: permissions]),
            rename(temporary.path, url.path) == 0
        else {
            throw NodeError(.configuration, "cannot write \(url.path)")
        }
    }
}
