import ArgumentParser
import BazaarAPI
import BazaarClient
import BazaarCore

/// The options every command takes: which node, which home directory, and whether to print JSON.
struct GlobalOptions: ParsableArguments {
    @Option(help: "The node's API URL.")
    var node: String = BazaarAPIClient.defaultNodeURL

    @Option(help: "The Bazaar home directory (default: $BAZAAR_HOME, else ~/.bazaar).")
    var home: String?

    @Flag(help: "Print JSON instead of tables.")
    var json = false

    var bazaarHome: BazaarHome { BazaarHome.resolve(explicit: home) }
    var keystore: Keystore { bazaarHome.keystore }

    func api() throws -> BazaarAPIClient {
        try BazaarAPIClient(baseURL: node)
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
        return try await api.send(actions: [action], from: key, context: chain, fee: feeAmount)
    }
}
