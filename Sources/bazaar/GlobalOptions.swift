import ArgumentParser
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
}
