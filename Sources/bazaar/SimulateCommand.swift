import ArgumentParser

// Owned by the simulator helper; being written now.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "simulate", abstract: "Run deterministic simulators.")
}
