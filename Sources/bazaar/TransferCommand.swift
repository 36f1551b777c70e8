import ArgumentParser
import BazaarClient

/// `bazaar transfer`: sends an asset and waits for the commit.
struct TransferCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transfer", abstract: "Send an asset to another account and wait until it commits.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "The sending key's name.") var from: String
    @Option(help: "A key name or bz1… address.") var to: String
    @Option(help: "The asset symbol, e.g. USD.") var asset: String
    @Option(help: "A decimal amount in whole units, e.g. 12.5.") var amount: String
    @Option(help: "The fee in the fee asset (default: the chain's minimum).") var fee: String?

    func run() async throws {
        try await Output.reportingErrors {
            let recipient = try global.address(of: to)
            try await global.send(from: from, fee: fee) { chain in
                try TransactionBuilder.transfer(
                    to: recipient, asset: asset, amount: amount, decimals: try chain.decimals(of: asset))
            }
        }
    }
}
