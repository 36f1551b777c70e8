import ArgumentParser
import BazaarAPI
import BazaarClient
import BazaarCore
import Foundation

/// The options every command takes: which node, which home directory, and whether to print JSON.
struct GlobalOptions: ParsableArguments {
    static let fingerprintVariable = "BAZAAR_TLS_FINGERPRINT"

    @Option(help: "The node's API URL: http://HOST:PORT, or https://HOST:PORT for a node serving TLS.")
    var node: String = BazaarAPIClient.defaultNodeURL

    @Option(
        name: .customLong("tls-fingerprint"),
        help: ArgumentHelp(
            "Trust only the node's TLS certificate with this SHA-256 fingerprint (default: $\(fingerprintVariable)).",
            discussion: """
                For a node serving a self-signed certificate: it prints the fingerprint at start (AB:CD:… as \
                browsers and openssl x509 -fingerprint -sha256 show it; colons optional). Any other certificate \
                is refused. Without a pin an https:// node's certificate is checked against the system's \
                certificate authorities.
                """,
            valueName: "hex"))
    var tlsFingerprint: String?

    @Option(help: "The Bazaar home directory (default: $BAZAAR_HOME, else ~/.bazaar).")
    var home: String?

    @Flag(help: "Print JSON instead of tables.")
    var json = false

    @Option(help: "How long a transaction command waits for its commit, in seconds.")
    var timeout: Int = 30

    @Flag(help: "Send a transaction and print its id without waiting for its commit.")
    var noWait = false

    var bazaarHome: BazaarHome { BazaarHome.resolve(explicit: home) }
    var keystore: Keystore { bazaarHome.keystore }

    func validate() throws {
        _ = try pinnedCertificate()
        guard (1...3_600).contains(timeout) else {
            throw ValidationError("--timeout must be 1 to 3600 seconds, not \(timeout)")
        }
    }

    /// `--tls-fingerprint`, else `$BAZAAR_TLS_FINGERPRINT`, else `nil`.
    ///
    /// - Throws: `ValidationError` when the one given is not a SHA-256 fingerprint.
    func pinnedCertificate() throws -> CertificateFingerprint? {
        let (text, source): (String?, String) =
            if let tlsFingerprint { (tlsFingerprint, "--tls-fingerprint") } else {
                (ProcessInfo.processInfo.environment[Self.fingerprintVariable], Self.fingerprintVariable)
            }
        guard let text, !text.isEmpty else { return nil }
        guard let fingerprint = CertificateFingerprint(parsing: text) else {
            throw ValidationError(
                "\(source) '\(text)' is not a SHA-256 fingerprint: expected 32 hex bytes such as AB:CD:…:EF")
        }
        return fingerprint
    }

    func api() throws -> BazaarAPIClient {
        try BazaarAPIClient(baseURL: node, pinnedCertificate: try pinnedCertificate())
    }

    func stream() throws -> StreamClient {
        try StreamClient(baseURL: node, pinnedCertificate: try pinnedCertificate())
    }

    /// A `bz1…` address as given, or the address of the key with that name.
    func address(of nameOrAddress: String) throws -> String {
        if let account = AccountID(address: nameOrAddress) { return account.address }
        if nameOrAddress.lowercased().hasPrefix("bz1") {
            throw BazaarClientError(
                .invalidInput, "'\(nameOrAddress)' is not a valid address: wrong length, character or checksum")
        }
        return try keystore.entry(name: nameOrAddress).address
    }

    /// Signs one action with the named key, sends it, waits for the commit and prints the result;
    /// exits non-zero when the transaction failed.
    ///
    /// - Parameter makeAction: builds the action once the chain's assets and decimals are known.
    func send(from name: String, fee: String? = nil, _ makeAction: (ChainContext) throws -> Action) async throws {
        try Output.committed(try await commit(from: name, fee: fee, makeAction), json: json)
    }

    /// Signs one action with the named key, sends it and waits for the commit, printing nothing.
    ///
    /// - Parameter makeAction: builds the action once the chain's assets and decimals are known;
    ///   nothing is signed or sent when it throws.
    func commit(from name: String, fee: String? = nil, _ makeAction: (ChainContext) throws -> Action) async throws
        -> TransactionResponse
    {
        let key = try keystore.load(name: name)
        let api = try api()
        let chain = try await api.chainContext()
        let feeAmount = try fee.map {
            try TransactionBuilder.amount($0, decimals: chain.decimals(of: chain.status.feeAsset))
        }
        let action = try makeAction(chain)
        let signed = try await api.sign(actions: [action], from: key, context: chain, fee: feeAmount)
        let submitted = try await api.submit(signed)
        if noWait {
            if json {
                try Output.json(TransactionResponse(id: submitted.id, status: .pending))
            } else {
                Output.fields([("id", submitted.id), ("status", "pending"), ("check", "bazaar tx \(submitted.id)")])
            }
            throw SentWithoutWaiting()
        }
        return try await waitForCommit(of: submitted.id, api: api)
    }

    /// Waits up to `--timeout` for the commit, saying so on standard error after a second.
    ///
    /// - Throws: `StillPending` when the time is up: the transaction may yet commit, and sending
    ///   it again is refused while it is pending (its nonce is taken: `nonce_pending`).
    func waitForCommit(of id: String, api: BazaarAPIClient) async throws -> TransactionResponse {
        let timeout = timeout
        let notice = Task {
            try await Task.sleep(for: .seconds(1))
            Output.note("waiting for transaction \(id) to commit (up to \(timeout) s)…")
        }
        defer { notice.cancel() }
        do {
            return try await api.waitForCommit(id: id, timeout: .seconds(timeout))
        } catch let error as BazaarClientError where error.code == .timeout {
            throw StillPending(id: id, seconds: timeout)
        }
    }
}

/// `--no-wait`: the transaction was sent and its id printed; the command ends there, with status 0.
struct SentWithoutWaiting: Error {}

/// A transaction not committed within `--timeout`.
struct StillPending: Error, CustomStringConvertible {
    var id: String
    var seconds: Int

    var description: String {
        "transaction \(id) is still pending after \(seconds) s and may yet commit: check it with `bazaar tx \(id)`"
            + " (sending again is refused while it is pending, so it cannot be paid twice)"
    }
}
