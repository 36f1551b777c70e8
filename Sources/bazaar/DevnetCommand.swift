import ArgumentParser

// Owned by the lead engineer; being written now.
struct DevnetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devnet", abstract: "Start a one-validator local network with demo accounts and assets.")

    func run() async throws {
        throw ValidationError("devnet is not wired up yet")
    }
}
