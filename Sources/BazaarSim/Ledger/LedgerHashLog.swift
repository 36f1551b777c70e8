public import BazaarCore

/// The application hash of a ledger simulation at every height, as text two runs can compare:
/// one line per height from genesis (height 0), `HEIGHT HASH` with the hash in hex.
///
/// `bazaar simulate ledger --hashes FILE` writes it; `--check-determinism` runs one seed in two
/// processes and compares their logs with `firstDifference(_:_:)`.
public struct LedgerHashLog: Sendable, Hashable {
    /// The hashes by height; index 0 is genesis.
    public var hashes: [String]

    public init(hashes: [String]) { self.hashes = hashes }

    public init(appHashes: [Hash]) { hashes = appHashes.map(\.hex) }

    /// Reads a log written by `text`.
    ///
    /// - Throws: `LedgerHashLog.FormatError` naming the first line that is not the next height and a hash.
    public init(text: String) throws(FormatError) {
        var hashes = [String]()
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let fields = line.split(separator: " ")
            guard fields.count == 2, UInt64(fields[0]) == UInt64(hashes.count), fields[1].count == 64,
                fields[1].allSatisfy(\.isHexDigit)
            else { throw FormatError(line: hashes.count + 1, text: String(line.prefix(100))) }
            hashes.append(String(fields[1]))
        }
        self.hashes = hashes
    }

    public var text: String {
        hashes.enumerated().map { "\($0.offset) \($0.element)\n" }.joined()
    }

    /// Where two logs part: the first height whose hashes differ, or at which one log ends
    /// before the other (its hash there is `nil`). `nil` when the logs are equal.
    public static func firstDifference(_ one: LedgerHashLog, _ other: LedgerHashLog) -> Difference? {
        for height in 0..<max(one.hashes.count, other.hashes.count) {
            let first = height < one.hashes.count ? one.hashes[height] : nil
            let second = height < other.hashes.count ? other.hashes[height] : nil
            if first != second { return Difference(height: UInt64(height), first: first, second: second) }
        }
        return nil
    }

    public struct Difference: Sendable, Hashable, CustomStringConvertible {
        public var height: UInt64
        public var first: String?
        public var second: String?

        public var description: String {
            "the app hashes differ first at height \(height): \(first ?? "(none)") and \(second ?? "(none)")"
        }
    }

    public struct FormatError: Error, Sendable, CustomStringConvertible {
        public var line: Int
        public var text: String

        public var description: String { "hash log line \(line) is not `HEIGHT HASH` for the next height: \(text)" }
    }
}
