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
            let key = try global.keystore.load(name: from)
            let recipient = try global.address(of: to)
            let api = try global.api()
            let chain = try await api.chainContext()
            let action = try TransactionBuilder.transfer(
                to: recipient, asset: asset, amount: amount, decimals: try chain.decimals(of: asset))
            let feeAmount = try fee.map {
                try TransactionBuilder.amount($0, decimals: chain.decimals(of: chain.status.feeAsset))
            }
            let committed = try await api.send(actions: [action], from: key, context: chain, fee: feeAmount)
            try Output.committed(committed, json: global.json)
        }
    }
}
