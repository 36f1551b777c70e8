import ArgumentParser
import BazaarClient
import BazaarCore

/// `bazaar keys new|list|show`: the keystore in `<home>/keys`.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Create and inspect named keys.", subcommands: [New.self, List.self, Show.self])

    /// The JSON form of a key; `privateKey` only when explicitly revealed.
    struct KeyJSON: Encodable {
        var name: String
        var address: String
        var publicKey: String
        var privateKey: String?

        init(_ entry: KeyEntry, privateKey: PrivateKey? = nil) {
            name = entry.name
            address = entry.address
            publicKey = entry.publicKey.hex
            self.privateKey = privateKey?.seed.hexString
        }
    }

    struct New: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a new random key.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "1 to 32 characters of a-z, 0-9, '_' and '-'.") var name: String

        func run() async throws {
            try await Output.reportingErrors {
                let entry = try global.keystore.create(name: name)
                if global.json { return try Output.json(KeyJSON(entry)) }
                Output.fields([("name", entry.name), ("address", entry.address), ("public key", entry.publicKey.hex)])
                Output.note("saved in \(global.keystore.directory.path)")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List stored keys.")

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            try await Output.reportingErrors {
                let entries = try global.keystore.list()
                if global.json { return try Output.json(entries.map { KeyJSON($0) }) }
                if entries.isEmpty { return Output.note("no keys in \(global.keystore.directory.path)") }
                Output.table(header: ["NAME", "ADDRESS"], rows: entries.map { [$0.name, $0.address] })
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a key's address and public key.")

        @OptionGroup var global: GlobalOptions
        @Argument var name: String
        @Flag(help: "Also print the private key seed. Anyone who sees it controls the account.")
        var revealPrivateKey = false

        func run() async throws {
            try await Output.reportingErrors {
                let keystore = global.keystore
                let entry = try keystore.entry(name: name)
                let privateKey = revealPrivateKey ? try keystore.load(name: name) : nil
                if global.json { return try Output.json(KeyJSON(entry, privateKey: privateKey)) }
                var pairs = [("name", entry.name), ("address", entry.address), ("public key", entry.publicKey.hex)]
                if let privateKey { pairs.append(("private key", privateKey.seed.hexString)) }
                Output.fields(pairs)
            }
        }
    }
}
