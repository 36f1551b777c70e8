import ArgumentParser

/// `bazaar account NAME|ADDRESS`: nonce, balances and what open orders lock.
struct AccountCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "account", abstract: "Show an account's nonce, balances and what its open orders lock.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "A key name from the keystore or a bz1… address.") var account: String

    func run() async throws {
        try await Output.reportingErrors {
            let response = try await global.api().account(address: try global.address(of: account))
            if global.json { return try Output.json(response) }
            Output.fields([
                ("address", response.address), ("nonce", String(response.nonce)),
                ("open orders", String(response.openOrders)),
            ])
            if response.balances.isEmpty && response.locked.isEmpty { return print("no balances") }
            print("")
            let assets = Set(response.balances.map(\.asset) + response.locked.map(\.asset)).sorted()
            Output.table(
                header: ["ASSET", "AMOUNT", "LOCKED", "BASE UNITS"],
                rows: assets.map { asset in
                    let free = response.balances.first { $0.asset == asset }
                    let locked = response.locked.first { $0.asset == asset }
                    return [asset, free?.amount ?? "0", locked?.amount ?? "0", free?.baseUnits ?? "0"]
                }, rightAligned: [1, 2, 3])
        }
    }
}
