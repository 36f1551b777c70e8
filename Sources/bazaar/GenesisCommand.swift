import ArgumentParser
import BazaarClient
import BazaarCore
import BazaarNode
import Foundation

/// `bazaar genesis create`: the genesis file of a network, from its validators' ids.
struct GenesisCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "genesis", abstract: "Make the genesis file of a network.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a genesis.json naming the validators (equal voting power) and the starting assets.",
            discussion: """
                Without --demo the chain starts with the fee asset BZR only (6 decimals, cap 1,000,000,000), and the \
                treasury holds 1,000,000 BZR. With --demo it also has the devnet's USD, BTC and ETH, and the demo \
                accounts alice, bob and carol of your keystore (created if missing) are funded as on the devnet. \
                Every node of the network needs this same file; compare the printed genesis hash.
                """)

        @OptionGroup var global: GlobalOptions

        @Option(name: .customLong("chain-id"), help: "The chain's name, 1 to 64 bytes, e.g. acme-testnet-1.")
        var chainID: String

        @Option(
            name: .customLong("validator"),
            help: "A validator id (hex) as `bazaar node init` prints it, or its peer address ID@HOST:PORT; repeat.")
        var validators: [String] = []

        @Flag(help: "Add the devnet's demo assets and fund the demo accounts alice, bob and carol.")
        var demo = false

        @Option(
            help:
                "The key name or bz1 address that issues the assets and holds the BZR treasury (default: the first validator's account)."
        )
        var treasury: String?

        @Option(name: .customLong("time-ms"), help: "Genesis time in Unix milliseconds (default: now).")
        var timeMilliseconds: UInt64?

        @Option(help: "Where to write the genesis; an existing file is not replaced.")
        var out: String

        func validate() throws {
            guard !validators.isEmpty else { throw ValidationError("name at least one --validator") }
        }

        /// What `--json` prints.
        struct Written: Encodable {
            var file: String
            var chainId: String
            var genesisHash: String
            var validators: [String]
        }

        func run() async throws {
            try await Output.reportingErrors {
                let url = URL(fileURLWithPath: NSString(string: out).expandingTildeInPath)
                guard !FileManager.default.fileExists(atPath: url.path) else {
                    throw NodeError(.configuration, "\(url.path) exists; remove it or pick another --out")
                }
                let keys = try validators.map(Self.validatorKey)
                let demoAccounts = try demo ? DevnetCommand.demoAccountNames.map(demoAccount) : nil
                let genesis = try NetworkGenesis.make(
                    chainID: chainID, validators: keys, demoAccounts: demoAccounts?.map(\.accountID),
                    treasury: try treasury.map(treasuryAccount),
                    timeMilliseconds: timeMilliseconds ?? UInt64(Date().timeIntervalSince1970 * 1000))
                try GenesisFile(genesis).save(to: url)
                if global.json {
                    return try Output.json(
                        Written(
                            file: url.path, chainId: chainID, genesisHash: genesis.hash.hex,
                            validators: keys.map(\.hex)))
                }
                Output.fields([
                    ("file", url.path), ("chain", chainID), ("genesis hash", genesis.hash.hex),
                    ("validators", "\(keys.count)"),
                    ("assets", genesis.assets.map(\.symbol.text).joined(separator: ", ")),
                ])
                if let demoAccounts {
                    Output.note("demo accounts funded: \(demoAccounts.map(\.name).joined(separator: ", "))")
                }
            }
        }

        private func treasuryAccount(_ nameOrAddress: String) throws -> AccountID {
            guard let account = AccountID(address: try global.address(of: nameOrAddress)) else {
                throw NodeError(.configuration, "--treasury '\(nameOrAddress)' is not a key name or bz1 address")
            }
            return account
        }

        private func demoAccount(_ name: String) throws -> KeyEntry {
            let keystore = global.keystore
            return try keystore.contains(name: name) ? keystore.entry(name: name) : keystore.create(name: name)
        }

        /// A validator id in hex, alone or as the id of a peer address.
        private static func validatorKey(_ text: String) throws -> PublicKey {
            if text.contains("@") { return try PeerRecord(address: text).key }
            guard let bytes = [UInt8](hex: text), let key = PublicKey(validating: bytes) else {
                throw NodeError(.configuration, "--validator '\(text)' is not a validator id (64 hex digits)")
            }
            return key
        }
    }
}
