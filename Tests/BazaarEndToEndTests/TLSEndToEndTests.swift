import BazaarAPI
import Crypto
import Foundation
import Testing

/// The API over TLS (issue 18, part 2): a real `bazaar devnet --tls-self-signed` process and the
/// CLI talking to it over HTTPS and WSS with the certificate pinned by the fingerprint the devnet
/// prints; a wrong pin, no pin and plain HTTP are refused with clear errors.
@Suite(.serialized) struct TLSEndToEndTests {
    static let zeroFingerprint = Array(repeating: "00", count: 32).joined(separator: ":")

    static func temporaryHome() throws -> URL {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("bazaar-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        return home
    }

    /// The fingerprint on the devnet banner's `Fingerprint:` line.
    static func printedFingerprint(_ devnet: DevnetProcess) throws -> CertificateFingerprint {
        let line = try #require(
            devnet.standardOutput.split(separator: "\n").first { $0.hasPrefix("Fingerprint:") },
            "no Fingerprint line in:\n\(devnet.standardOutput)")
        let text = try #require(line.split(separator: " ").dropFirst().first)
        return try #require(CertificateFingerprint(parsing: String(text)), "cannot parse '\(text)'")
    }

    @Test func theCLITalksToATLSDevnetWithThePrintedFingerprintAndRefusesAnyOther() async throws {
        let home = try Self.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        let devnet = try DevnetProcess(home: home, extraArguments: ["--tls-self-signed"])
        try await devnet.start()
        #expect(devnet.standardOutput.contains("API:  \(devnet.httpsURL)"), "\(devnet.standardOutput)")
        let fingerprint = try Self.printedFingerprint(devnet)
        let node = ["--home", home.path, "--node", devnet.httpsURL]
        let pinned = node + ["--tls-fingerprint", "\(fingerprint)"]

        let status = try await BazaarBinary.run(["status", "--json"] + pinned)
        #expect(status.status == 0, "bazaar status: \(status.output)")
        let chain = try JSONDecoder().decode(StatusResponse.self, from: Data(status.output.utf8))
        #expect(chain.chainId == "bazaar-devnet")

        // The pin from the environment, lower case and without colons, as a user may paste it.
        let unformatted = fingerprint.digest.hex
        let transfer = try await BazaarBinary.run(
            ["transfer", "--from", "alice", "--to", "bob", "--asset", "USD", "--amount", "25.5", "--json"] + node,
            environment: ["BAZAAR_TLS_FINGERPRINT": unformatted])
        #expect(transfer.status == 0, "bazaar transfer: \(transfer.output)")
        let committed = try JSONDecoder().decode(TransactionResponse.self, from: Data(transfer.output.utf8))
        #expect(committed.code == "ok")
        let bob = try await BazaarBinary.run(["account", "bob", "--json"] + pinned)
        let balances = try JSONDecoder().decode(AccountResponse.self, from: Data(bob.output.utf8)).balances
        #expect(balances.first { $0.asset == "USD" }?.amount == "1000025.5")

        // The stream over WSS: the subscription's acknowledgement, then a block.
        let watch = try await CommandLineRun.run(["watch", "--count", "2", "--json"] + pinned, timeout: .seconds(60))
        #expect(watch.status == 0, "bazaar watch: \(watch.error)")
        let types = watch.output.split(separator: "\n").compactMap {
            try? JSONDecoder().decode(StreamMessage.self, from: Data($0.utf8)).type
        }
        #expect(types == ["subscribed", "block"], "\(watch.output)")

        // A wrong pin: refused before any request, naming both fingerprints.
        let wrong = try await CommandLineRun.run(["status"] + node + ["--tls-fingerprint", Self.zeroFingerprint])
        #expect(wrong.status != 0)
        #expect(
            wrong.error.contains("presented a TLS certificate with SHA-256 fingerprint \(fingerprint)"),
            "\(wrong.error)")
        #expect(wrong.error.contains("not the pinned \(Self.zeroFingerprint)"), "\(wrong.error)")
        let wrongWatch = try await CommandLineRun.run(
            ["watch", "--count", "1"] + node + ["--tls-fingerprint", Self.zeroFingerprint])
        #expect(wrongWatch.status != 0)
        #expect(wrongWatch.error.contains("not the pinned \(Self.zeroFingerprint)"), "\(wrongWatch.error)")

        // No pin: the system's authorities do not know a self-signed certificate.
        let unpinned = try await CommandLineRun.run(["status"] + node)
        #expect(unpinned.status != 0)
        #expect(unpinned.error.contains("TLS handshake"), "\(unpinned.error)")
        #expect(unpinned.error.contains("--tls-fingerprint"), "\(unpinned.error)")

        // Plain HTTP to the TLS port gets no HTTP answer, and the CLI says it cannot reach the node.
        let plain = try await CommandLineRun.run(["status", "--home", home.path, "--node", devnet.url])
        #expect(plain.status != 0)
        #expect(plain.error.contains("cannot reach node at \(devnet.url)"), "\(plain.error)")
        #expect(plain.error.contains("answers only https:// URLs"), "\(plain.error)")
        let raw = try RawConnection(port: devnet.port)
        try await raw.write("GET /v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        let (answer, closed) = try await raw.readUntilClosed(timeout: .seconds(20))
        #expect(closed, "the server kept a plain HTTP connection open")
        #expect(RawConnection.status(of: answer) == nil, "\(String(decoding: answer.prefix(100), as: UTF8.self))")

        // A pin with an http:// URL is a mistake the CLI names.
        let mixed = try await CommandLineRun.run([
            "status", "--node", devnet.url, "--tls-fingerprint", "\(fingerprint)",
        ])
        #expect(mixed.status != 0)
        #expect(mixed.error.contains("needs an https:// node URL"), "\(mixed.error)")

        // A restart keeps the certificate, so the pin still holds.
        try await devnet.stop(signal: SIGINT)
        let restarted = try DevnetProcess(home: home, extraArguments: ["--tls-self-signed"])
        try await restarted.start()
        #expect(try Self.printedFingerprint(restarted) == fingerprint)
        let again = try await BazaarBinary.run(
            [
                "status", "--json", "--home", home.path, "--node", restarted.httpsURL, "--tls-fingerprint",
                "\(fingerprint)",
            ])
        #expect(again.status == 0, "bazaar status after the restart: \(again.output)")
        try await restarted.stop(signal: SIGINT)
    }

    /// `bazaar node start --tls-self-signed`: HTTPS on the API's port with a certificate for the
    /// names given, kept in the node's home, so that a restart prints the same fingerprint.
    @Test func nodeStartServesHTTPSWithASelfSignedCertificateKeptInItsHome() async throws {
        let home = try Self.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        let nodeHome = home.appendingPathComponent("node")
        let initialised = try await CommandLineRun.run([
            "node", "init", "--home", nodeHome.path, "--api-port", "0", "--p2p-host", "127.0.0.1", "--p2p-port", "0",
            "--json",
        ])
        #expect(initialised.status == 0, "\(initialised.error)")
        let validator = try #require(
            try JSONSerialization.jsonObject(with: Data(initialised.output.utf8)) as? [String: Any])["validatorId"]
        let genesis = try await CommandLineRun.run([
            "genesis", "create", "--chain-id", "tls-net", "--validator", "\(try #require(validator as? String))",
            "--out", nodeHome.appendingPathComponent("genesis.json").path, "--home", home.path,
        ])
        #expect(genesis.status == 0, "\(genesis.error)")

        var fingerprints: [String] = []
        for _ in 0..<2 {
            let node = try ServerProcess(
                ["node", "start", "--home", nodeHome.path, "--tls-self-signed", "--tls-name", "localhost,127.0.0.1"],
                outputIn: home)
            let apiLine = try await node.waitForLine { $0.hasPrefix("API:") }
            let url = try #require(apiLine.split(separator: " ").last.map(String.init))
            #expect(url.hasPrefix("https://127.0.0.1:"), "\(apiLine)")
            let names = try await node.waitForLine { $0.hasPrefix("Names:") }
            #expect(names.hasSuffix("localhost, 127.0.0.1"), "\(names)")
            let line = try await node.waitForLine { $0.hasPrefix("Fingerprint:") }
            let fingerprint = String(try #require(line.split(separator: " ").dropFirst().first))
            fingerprints.append(fingerprint)
            let status = try await BazaarBinary.run([
                "status", "--json", "--home", home.path, "--node", url, "--tls-fingerprint", fingerprint,
            ])
            #expect(status.status == 0, "bazaar status: \(status.output)")
            #expect(try JSONDecoder().decode(StatusResponse.self, from: Data(status.output.utf8)).chainId == "tls-net")
            #expect(try await node.stop(signal: SIGINT) == 0)
        }
        #expect(fingerprints.count == 2 && fingerprints[0] == fingerprints[1], "\(fingerprints)")
        let keyMode =
            try FileManager.default.attributesOfItem(
                atPath: nodeHome.appendingPathComponent("tls-self-signed-key.pem").path)[.posixPermissions] as? Int
        #expect(keyMode == 0o600)
    }

    /// A certificate and key that do not belong together, or a file that is not there, stop the
    /// devnet at start with a message naming the files, and a non-zero exit.
    @Test func aMismatchedOrMissingCertificateStopsTheStartWithAClearError() async throws {
        let home = try Self.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        // A certificate from a first start, and a P-256 key of another pair.
        let first = try DevnetProcess(home: home, extraArguments: ["--tls-self-signed"])
        try await first.start()
        try await first.stop(signal: SIGINT)
        let certificate = home.appendingPathComponent("devnet/tls-self-signed-cert.pem")
        let otherKey = home.appendingPathComponent("other-key.pem")
        try P256.Signing.PrivateKey().pemRepresentation.write(to: otherKey, atomically: true, encoding: .utf8)

        let mismatched = try await CommandLineRun.run([
            "devnet", "--home", home.path, "--port", "0", "--no-option-quotes", "--tls-cert", certificate.path,
            "--tls-key", otherKey.path,
        ])
        #expect(mismatched.status != 0)
        #expect(
            mismatched.error.contains(
                "the TLS private key in \(otherKey.path) is not the key of the certificate in \(certificate.path)"),
            "\(mismatched.error)")

        let missing = home.appendingPathComponent("missing.pem")
        let unreadable = try await CommandLineRun.run([
            "devnet", "--home", home.path, "--port", "0", "--no-option-quotes", "--tls-cert", missing.path,
            "--tls-key", otherKey.path,
        ])
        #expect(unreadable.status != 0)
        #expect(
            unreadable.error.contains("cannot read the TLS certificate file \(missing.path)"), "\(unreadable.error)")

        let halfGiven = try await CommandLineRun.run(["devnet", "--home", home.path, "--tls-cert", certificate.path])
        #expect(halfGiven.status != 0)
        #expect(halfGiven.error.contains("--tls-cert and --tls-key go together"), "\(halfGiven.error)")
    }
}
