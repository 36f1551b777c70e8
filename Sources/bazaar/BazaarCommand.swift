import ArgumentParser

@main
struct BazaarCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bazaar",
        abstract: "Bazaar: a peer-to-peer trading network.",
        subcommands: [DevnetCommand.self, SimulateCommand.self]
    )
}
