import BazaarSim
import Foundation

/// A user's scenario file for `bazaar simulate market --scenario-file`: the command line reads
/// it, BazaarSim parses it (the simulators touch no disk: DESIGN.md).
enum ScenarioFile {
    /// Reads at most `MarketScenario.fileBytesMax` bytes of UTF-8 and parses them.
    static func read(path: String, blockMilliseconds: UInt64) throws -> MarketScenario {
        let data: Data
        do {
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            data = try handle.read(upToCount: MarketScenario.fileBytesMax + 1) ?? Data()
        } catch {
            throw MarketScenarioError(.unreadable(reason: error.localizedDescription), source: path)
        }
        guard data.count <= MarketScenario.fileBytesMax else {
            throw MarketScenarioError(.tooLarge(bytes: data.count), source: path)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw MarketScenarioError(.unreadable(reason: "not UTF-8 text"), source: path)
        }
        return try MarketScenario.parse(text, source: path, blockMilliseconds: blockMilliseconds)
    }
}
