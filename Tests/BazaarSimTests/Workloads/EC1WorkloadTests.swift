import BazaarCore
import Foundation
import Testing

@testable import BazaarSim

@Suite struct EC1WorkloadTests {
    /// `<package root>/../shared/bench/ec1-seed1-200k.txt.gz`.
    static let samplePath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("shared/bench/ec1-seed1-200k.txt.gz").path

    static let gzip = "/usr/bin/gzip"

    /// The decompressed sample, or nil (with a visible note) where the sample or gzip is absent.
    static func sampleBytes() throws -> [UInt8]? {
        guard FileManager.default.fileExists(atPath: samplePath), FileManager.default.isExecutableFile(atPath: gzip)
        else {
            print("note: skipping the EC-1 sample test: \(samplePath) or \(gzip) is absent")
            return nil
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: gzip)
        process.arguments = ["-dc", samplePath]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return [UInt8](data)
    }

    @Test func parsesTheSharedSample() throws {
        guard let bytes = try Self.sampleBytes() else { return }
        let stream = try EC1Parser.parse(bytes)
        #expect(stream.prefillCount == 1_000)
        #expect(stream.timed.count == 200_000)
        #expect(stream.commands.first == EC1Command(operation: .limit, side: .ask, id: 1, price: 34_042, quantity: 1))
        #expect(stream.comments.contains { $0.contains("reference(liquibook) trades=8214") })
        // The header's mix: GTC 12.62% IOC 1.75% FOK 0.06% cancel 7.23% move 71.21% reduce 7.13%.
        let mix = stream.timedMix
        #expect(mix[.limit] == 25_242)
        #expect(mix[.move] == 142_424)
        #expect(stream.prefill.allSatisfy { $0.operation == .limit })
    }

    @Test func theSampleReplaysWithIdenticalCountsAndAnUncrossedBook() throws {
        guard let bytes = try Self.sampleBytes() else { return }
        let stream = try EC1Parser.parse(bytes)
        func replay() -> (MatchingTradeTally, Int, Int, Int) {
            var engine = MatchingEngine(
                .init(minimumPrice: EC1Generator.minimumPrice, maximumPrice: EC1Generator.maximumPrice, capacity: 4_096)
            )
            var tally = MatchingTradeTally()
            var rejected = 0
            for command in stream.commands where engine.execute(command.engineCommand, trades: &tally).isRejected {
                rejected += 1
            }
            engine.checkInvariants()
            return (tally, rejected, engine.restingOrderCount(.bid), engine.restingOrderCount(.ask))
        }
        let first = replay()
        let second = replay()
        #expect(first == second)
        // Within a few percent of the reference engine's trades=8214 bids=452 asks=508 (a reduce
        // that keeps priority changes a few fills).
        #expect(abs(first.0.trades - 8_214) < 8_214 / 20)
        #expect(abs(first.2 - 452) < 50 && abs(first.3 - 508) < 50)
    }

    @Test func parseRejectsBadLinesWithTheirNumber() {
        let cases = [
            "L 1 B 100 5 7", "X 1 B 100 5", "L 1 Q 100 5", "L one B 100 5", "L 1 B 100",
        ]
        for text in cases {
            #expect(throws: EC1Parser.Failure.self) { try EC1Parser.parse(Array(("#c\n" + text + "\n").utf8)) }
        }
        do {
            _ = try EC1Parser.parse(Array("L 1 B 1 1\n\nC 1 B\n".utf8))
            Issue.record("accepted a short cancel line")
        } catch {
            #expect(error.line == 3)
        }
        #expect(throws: EC1Parser.Failure.self) { try EC1Parser.parse(Array("#prefill 2\nL 1 B 1 1\n".utf8)) }
    }

    @Test func textRoundTripsThroughTheParser() throws {
        let stream = EC1Generator.generate(commandCount: 3_000, seed: 7)
        #expect(try EC1Parser.parse(Array(stream.text.utf8)) == stream)
    }

    @Test func theSameSeedGivesTheSameStreamAndAnotherSeedAnother() {
        let first = EC1Generator.generate(commandCount: 20_000, seed: 1)
        #expect(first == EC1Generator.generate(commandCount: 20_000, seed: 1))
        #expect(first.commands != EC1Generator.generate(commandCount: 20_000, seed: 2).commands)
    }

    @Test func theGeneratedMixMatchesEC1() {
        let count = ProcessInfo.processInfo.environment["CI"] == nil ? 200_000 : 60_000
        let stream = EC1Generator.generate(commandCount: count, seed: 1)
        #expect(stream.prefillCount == 1_000 && stream.timed.count == count)
        let mix = stream.timedMix
        let expected: [(EC1Command.Operation, Double)] = [
            (.limit, 12.6), (.immediateOrCancel, 1.8), (.fillOrKill, 0.06), (.cancel, 7.2), (.move, 71.2),
            (.reduce, 7.1),
        ]
        for (operation, percent) in expected {
            let measured = Double(mix[operation, default: 0]) * 100 / Double(count)
            // Within 2 percentage points (FOK: present, but rare).
            #expect(abs(measured - percent) < (operation == .fillOrKill ? 0.1 : 2), "\(operation): \(measured)%")
        }
        let ids = stream.commands.filter { [.limit, .immediateOrCancel, .fillOrKill].contains($0.operation) }.map(\.id)
        #expect(ids == Array(1...UInt64(ids.count)), "new-order ids are 1, 2, 3, …")
        #expect(
            stream.commands.allSatisfy {
                $0.price == 0 || (EC1Generator.minimumPrice...EC1Generator.maximumPrice).contains($0.price)
            })
    }
}
