import ArgumentParser

/// `bazaar account NAME|ADDRESS`: nonce and balances.
struct AccountCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "account", abstract: "Show an account's nonce and balances.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "A key name from the keystore or a bz1… address.") var account: String

    func run() async throws {
        try await Output.reportingErrors {
            let response = try await global.api().account(address: try global.address(of: account))
            if global.json { return try Output.json(response) }
            Output.fields([("address", response.address), ("nonce", String(response.nonce))])
            if response.balances.isEmpty { return print("no balances") }
            print("")
            Output.table(
                header: ["ASSET", "AMOUNT", "BASE UNITS"],
                rows: response.balances.map { [$0.asset, $0.amount, $0.baseUnits] }, rightAligned: [1, 2])
        }
    }
}
