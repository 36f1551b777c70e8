import BazaarCore
import Testing

@testable import BazaarSim

@Suite("Ledger hash log")
struct LedgerHashLogTests {
    private let hashes = (0..<4).map { Hash.sha256([UInt8($0)]) }

    @Test func textReadsBackAsTheSameLog() throws {
        let log = LedgerHashLog(appHashes: hashes)
        #expect(log.text.split(separator: "\n").first == "0 \(hashes[0].hex)")
        #expect(try LedgerHashLog(text: log.text) == log)
        #expect(LedgerHashLog.firstDifference(log, try LedgerHashLog(text: log.text)) == nil)
    }

    @Test func firstDifferenceNamesTheFirstHeightThatDiffers() {
        let log = LedgerHashLog(appHashes: hashes)
        var changed = hashes
        changed[2] = Hash.sha256([9])
        changed[3] = Hash.sha256([10])
        let difference = LedgerHashLog.firstDifference(log, LedgerHashLog(appHashes: changed))
        #expect(difference == LedgerHashLog.Difference(height: 2, first: hashes[2].hex, second: changed[2].hex))
        #expect(difference?.description.contains("height 2") == true)
    }

    @Test func aShorterLogDiffersWhereItEnds() {
        let difference = LedgerHashLog.firstDifference(
            LedgerHashLog(appHashes: hashes), LedgerHashLog(appHashes: Array(hashes.prefix(3))))
        #expect(difference == LedgerHashLog.Difference(height: 3, first: hashes[3].hex, second: nil))
    }

    @Test(arguments: [
        "1 \(String(repeating: "a", count: 64))\n",  // does not start at genesis
        "0 abc\n",  // not a hash
        "0 \(String(repeating: "g", count: 64))\n",  // not hex
        "0 \(String(repeating: "a", count: 64)) extra\n",
    ])
    func malformedLinesAreRejected(text: String) {
        #expect(throws: LedgerHashLog.FormatError.self) { try LedgerHashLog(text: text) }
    }
}
