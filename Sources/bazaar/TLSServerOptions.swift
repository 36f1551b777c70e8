import ArgumentParser
import BazaarNode
import Foundation

/// `--tls-cert`/`--tls-key` or `--tls-self-signed` (with `--tls-name`): the API and the page over
/// HTTPS and WSS, on the API's port (docs/WEB.md, HTTPS).
struct TLSServerOptions: ParsableArguments {
    @Option(
        name: .customLong("tls-cert"),
        help: ArgumentHelp(
            "Serve HTTPS with this PEM certificate chain (the node's certificate first); needs --tls-key.",
            valueName: "path"))
    var certificatePath: String?

    @Option(
        name: .customLong("tls-key"),
        help: ArgumentHelp("The unencrypted PEM private key of --tls-cert.", valueName: "path"))
    var keyPath: String?

    @Flag(
        name: .customLong("tls-self-signed"),
        help: ArgumentHelp(
            "Serve HTTPS with a self-signed certificate, made at the first start and kept in the home.",
            discussion: """
                The certificate (P-256, valid for a year, renewed a day before it expires or when --tls-name \
                changes) and its key are kept as tls-self-signed-cert.pem and tls-self-signed-key.pem, so a \
                restart keeps the SHA-256 fingerprint printed at start. Clients pin it: bazaar --tls-fingerprint \
                or BAZAAR_TLS_FINGERPRINT; a browser asks once (docs/WEB.md).
                """))
    var selfSigned = false

    @Option(
        name: .customLong("tls-name"),
        help: ArgumentHelp(
            "A DNS name or IP address the self-signed certificate is for; repeatable or comma-separated "
                + "(default: 127.0.0.1 and localhost).",
            valueName: "name"))
    var names: [String] = []

    func validate() throws {
        if selfSigned, certificatePath != nil || keyPath != nil {
            throw ValidationError("give --tls-self-signed or --tls-cert with --tls-key, not both")
        }
        if (certificatePath == nil) != (keyPath == nil) {
            throw ValidationError("--tls-cert and --tls-key go together: the certificate chain and its private key")
        }
        if !names.isEmpty, !selfSigned {
            throw ValidationError(
                "--tls-name names the self-signed certificate's hosts: add --tls-self-signed (a --tls-cert has its own)"
            )
        }
        if names.contains(where: {
            $0.split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces).isEmpty }
        }) {
            throw ValidationError("--tls-name has an empty name")
        }
    }

    /// The certificate's names: every `--tls-name`, split at commas; the defaults without one.
    var certificateNames: [String] {
        let given = names.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        return given.isEmpty ? SelfSignedCertificate.defaultNames : given
    }

    /// The identity to serve with and the lines that describe it at start; `nil` for plain HTTP.
    ///
    /// - Parameter home: where a self-signed certificate is kept.
    /// - Throws: `NodeError.configuration` naming the file or name at fault.
    func serving(home: URL) throws -> TLSServing? {
        if let certificatePath, let keyPath {
            let certificateURL = URL(fileURLWithPath: NSString(string: certificatePath).expandingTildeInPath)
            let identity = try TLSIdentity.load(
                certificateFile: certificateURL,
                keyFile: URL(fileURLWithPath: NSString(string: keyPath).expandingTildeInPath))
            return TLSServing(identity: identity, source: "certificate \(certificateURL.path)")
        }
        guard selfSigned else { return nil }
        let (identity, origin) = try SelfSignedCertificate.loadOrCreate(in: home, names: certificateNames)
        let how =
            switch origin {
            case .kept: "kept"
            case .created: "made now"
            case .replaced(let reason): "made now: \(reason)"
            }
        return TLSServing(
            identity: identity,
            source:
                "self-signed certificate (\(how)) in \(home.appendingPathComponent(SelfSignedCertificate.certificateFileName).path)"
        )
    }
}

/// A node's TLS identity and where it came from, for the start banner.
struct TLSServing: Sendable {
    let identity: TLSIdentity
    let source: String

    /// The banner's lines: the certificate, its names and its fingerprint, labels padded to `labelWidth`.
    func bannerLines(labelWidth: Int) -> [String] {
        func label(_ text: String) -> String {
            text.padding(toLength: max(labelWidth, text.count + 1), withPad: " ", startingAt: 0)
        }
        return [
            label("TLS:") + source,
            label("Names:") + identity.subjectAlternativeNames.joined(separator: ", "),
            label("Fingerprint:") + "\(identity.fingerprint)  (SHA-256; clients pin it with --tls-fingerprint)",
        ]
    }
}
