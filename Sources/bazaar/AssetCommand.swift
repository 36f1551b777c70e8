import ArgumentParser
import BazaarClient
import BazaarCore

/// `bazaar asset create|mint|burn|list`: issue and manage assets.
struct AssetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "asset", abstract: "Create, mint, burn and list assets.",
        subcommands: [Create.self, Mint.self, Burn.self, List.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an asset issued by the sender.")

        @OptionGroup var global: GlobalOptions
        @Option(help: "The issuing key's name.") var from: String
        @Option(help: "2 to 12 characters: an uppercase letter, then uppercase letters or digits.") var symbol: String
        @Option(help: "A human-readable name.") var name: String
        @Option(help: "Decimal places of one whole unit (0 to 24).") var decimals: UInt8
        @Option(help: "A cap on the supply in whole units (default: uncapped).") var maxSupply: String?

        func run() async throws {
            try await Output.reportingErrors {
                try await global.send(from: from) { _ in
                    try TransactionBuilder.createAsset(
                        symbol: symbol, name: name, decimals: decimals, maxSupply: maxSupply)
                }
            }
        }
    }

    struct Mint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Issue new units of an asset (issuer only).")

        @OptionGroup var global: GlobalOptions
        @Option(help: "The issuer's key name.") var from: String
        @Option(help: "The asset symbol.") var asset: String
        @Option(help: "A key name or bz1… address.") var to: String
        @Option(help: "A decimal amount in whole units.") var amount: String

        func run() async throws {
            try await Output.reportingErrors {
                let recipient = try global.address(of: to)
                try await global.send(from: from) { chain in
                    try TransactionBuilder.mint(
                        asset: asset, to: recipient, amount: amount, decimals: try chain.decimals(of: asset))
                }
            }
        }
    }

    struct Burn: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Destroy units of an asset from the sender's balance.")

        @OptionGroup var global: GlobalOptions
        @Option(help: "The holder's key name.") var from: String
        @Option(help: "The asset symbol.") var asset: String
        @Option(help: "A decimal amount in whole units.") var amount: String

        func run() async throws {
            try await Output.reportingErrors {
                try await global.send(from: from) { chain in
                    try TransactionBuilder.burn(asset: asset, amount: amount, decimals: try chain.decimals(of: asset))
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every asset on the chain.")

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            try await Output.reportingErrors {
                let response = try await global.api().assets()
                if global.json { return try Output.json(response) }
                Output.table(
                    header: ["SYMBOL", "NAME", "DECIMALS", "SUPPLY", "MAX SUPPLY", "ISSUER"],
                    rows: response.assets.map {
                        [$0.symbol, $0.name, String($0.decimals), $0.supply, $0.maxSupply ?? "uncapped", $0.issuer]
                    }, rightAligned: [2, 3, 4])
            }
        }
    }
}
