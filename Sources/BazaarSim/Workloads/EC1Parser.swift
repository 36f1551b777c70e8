import BazaarCore

/// Reads the EC-1 text format (`../shared/bench/EC-1.md`, File format).
public enum EC1Parser {
    /// Why a stream could not be read.
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        /// The 1-based line number.
        public var line: Int
        public var reason: String

        public var description: String { "EC-1 line \(line): \(reason)" }
    }

    /// The most commands one stream may hold, so that a bad file cannot exhaust memory.
    public static let commandCountMax = 100_000_000

    /// Parses a whole stream from its UTF-8 bytes.
    ///
    /// - Throws: ``Failure`` with the first bad line: an unknown operation or side, a missing or
    ///   non-numeric field, trailing fields, or a `#prefill` beyond the stream.
    /// - Complexity: O(bytes).
    public static func parse(_ bytes: [UInt8]) throws(Failure) -> EC1Stream {
        var commands: [EC1Command] = []
        commands.reserveCapacity(bytes.count / 16)
        var prefill = 0
        var comments: [String] = []
        var lineNumber = 0
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != 10 { end += 1 }
            lineNumber += 1
            var fields = FieldReader(
                bytes: bytes, position: start, end: end > start && bytes[end - 1] == 13 ? end - 1 : end)
            start = end + 1
            guard let first = fields.peek() else { continue }
            if first == UInt8(ascii: "#") {
                let text = String(decoding: bytes[(fields.position + 1)..<fields.end], as: UTF8.self)
                if text.hasPrefix("prefill ") {
                    guard let count = Int(text.dropFirst("prefill ".count)), count >= 0 else {
                        throw Failure(line: lineNumber, reason: "bad #prefill count")
                    }
                    prefill = count
                } else {
                    comments.append(text)
                }
                continue
            }
            guard commands.count < commandCountMax else { throw Failure(line: lineNumber, reason: "too many commands") }
            commands.append(try command(&fields, line: lineNumber))
        }
        guard prefill <= commands.count else {
            throw Failure(line: lineNumber, reason: "#prefill \(prefill) exceeds \(commands.count) commands")
        }
        return EC1Stream(commands: commands, prefillCount: prefill, comments: comments)
    }

    static func command(_ fields: inout FieldReader, line: Int) throws(Failure) -> EC1Command {
        guard let opField = fields.next(), opField.count == 1,
            let operation = EC1Command.Operation(rawValue: opField.first!)
        else { throw Failure(line: line, reason: "unknown operation") }
        guard let id = fields.nextNumber(), id >= 0 else { throw Failure(line: line, reason: "bad id") }
        let side: MatchingEngine.Side
        switch fields.next() {
        case let field? where field.elementsEqual([UInt8(ascii: "B")]): side = .bid
        case let field? where field.elementsEqual([UInt8(ascii: "S")]): side = .ask
        default: throw Failure(line: line, reason: "side must be B or S")
        }
        guard let price = fields.nextNumber() else { throw Failure(line: line, reason: "bad price") }
        guard let quantity = fields.nextNumber() else { throw Failure(line: line, reason: "bad quantity") }
        guard fields.next() == nil else { throw Failure(line: line, reason: "trailing fields") }
        return EC1Command(operation: operation, side: side, id: UInt64(id), price: price, quantity: quantity)
    }

    /// Space-separated fields of one line, read without copying.
    struct FieldReader {
        let bytes: [UInt8]
        var position: Int
        let end: Int

        mutating func skipSpaces() {
            while position < end && (bytes[position] == 32 || bytes[position] == 9) { position += 1 }
        }

        mutating func peek() -> UInt8? {
            skipSpaces()
            return position < end ? bytes[position] : nil
        }

        mutating func next() -> ArraySlice<UInt8>? {
            skipSpaces()
            guard position < end else { return nil }
            let start = position
            while position < end && bytes[position] != 32 && bytes[position] != 9 { position += 1 }
            return bytes[start..<position]
        }

        /// A decimal integer with an optional minus sign, at most 18 digits.
        mutating func nextNumber() -> Int64? {
            guard var field = next(), !field.isEmpty else { return nil }
            let negative = field.first == UInt8(ascii: "-")
            if negative { field = field.dropFirst() }
            guard (1...18).contains(field.count) else { return nil }
            var value: Int64 = 0
            for byte in field {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int64(byte - 48)
            }
            return negative ? -value : value
        }
    }
}
