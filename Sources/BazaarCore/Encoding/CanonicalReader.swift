/// Why bytes are not the canonical encoding of a value.
public struct DecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        case truncated
        case trailingBytes(count: Int)
        case unknownTag(UInt8)
        case invalidBool(UInt8)
        case invalidText
        case lengthTooLarge(UInt32)
        case invalidValue(String)
        /// 32 bytes where a public key belongs that are a small-order point or non-canonical.
        case weakPublicKey(PublicKey.Weakness)
    }

    public let reason: Reason
    /// Byte offset where decoding stopped.
    public let offset: Int

    public var description: String {
        switch reason {
        case .truncated: "truncated input at byte \(offset)"
        case .trailingBytes(let count): "\(count) unexpected bytes after the value at byte \(offset)"
        case .unknownTag(let tag): "unknown tag \(tag) at byte \(offset)"
        case .invalidBool(let value): "boolean byte \(value) is neither 0 nor 1 at byte \(offset)"
        case .invalidText: "text is not valid UTF-8 at byte \(offset)"
        case .lengthTooLarge(let length): "length \(length) exceeds the input at byte \(offset)"
        case .invalidValue(let what): "\(what) at byte \(offset)"
        case .weakPublicKey(let weakness): "public key at byte \(offset) is \(weakness)"
        }
    }
}

/// Reads the canonical binary encoding, rejecting anything that `CanonicalWriter` would not write.
///
/// A length is checked against the remaining input before anything is
/// allocated, so hostile input cannot cause a large allocation.
public struct CanonicalReader: Sendable {
    private let bytes: [UInt8]
    public private(set) var offset: Int

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        offset = 0
    }

    public var remainingCount: Int { bytes.count - offset }

    public func error(_ reason: DecodingError.Reason) -> DecodingError {
        DecodingError(reason: reason, offset: offset)
    }

    public mutating func read(_: UInt8.Type = UInt8.self) throws(DecodingError) -> UInt8 {
        guard offset < bytes.count else { throw error(.truncated) }
        defer { offset += 1 }
        return bytes[offset]
    }

    public mutating func read(_: UInt16.Type) throws(DecodingError) -> UInt16 { try readLittleEndian() }
    public mutating func read(_: UInt32.Type) throws(DecodingError) -> UInt32 { try readLittleEndian() }
    public mutating func read(_: UInt64.Type) throws(DecodingError) -> UInt64 { try readLittleEndian() }
    public mutating func read(_: UInt128.Type) throws(DecodingError) -> UInt128 { try readLittleEndian() }

    public mutating func read(_: Bool.Type) throws(DecodingError) -> Bool {
        let value = try read(UInt8.self)
        switch value {
        case 0: return false
        case 1: return true
        default:
            offset -= 1
            throw error(.invalidBool(value))
        }
    }

    public mutating func readFixed(count: Int) throws(DecodingError) -> [UInt8] {
        guard count <= remainingCount else { throw error(.truncated) }
        defer { offset += count }
        return Array(bytes[offset..<(offset + count)])
    }

    /// A length-prefixed byte string of at most `maxCount` bytes.
    public mutating func readBytes(maxCount: Int = .max) throws(DecodingError) -> [UInt8] {
        let count = try read(UInt32.self)
        guard Int(count) <= remainingCount, Int(count) <= maxCount else {
            offset -= 4
            throw error(.lengthTooLarge(count))
        }
        return try readFixed(count: Int(count))
    }

    /// Length-prefixed UTF-8 text of at most `maxByteCount` bytes.
    public mutating func read(_: String.Type, maxByteCount: Int = .max) throws(DecodingError) -> String {
        let start = offset
        let utf8 = try readBytes(maxCount: maxByteCount)
        guard let text = String(validating: utf8, as: UTF8.self) else {
            offset = start
            throw error(.invalidText)
        }
        return text
    }

    public mutating func read<Value: CanonicalDecodable>(_: Value.Type) throws(DecodingError) -> Value {
        try Value(from: &self)
    }

    /// A count-prefixed array of at most `maxCount` elements.
    public mutating func read<Element: CanonicalDecodable>(
        _: [Element].Type, maxCount: Int = .max
    ) throws(DecodingError) -> [Element] {
        let count = try read(UInt32.self)
        // Every element takes at least one byte, so a count beyond the input is a lie.
        guard Int(count) <= remainingCount, Int(count) <= maxCount else {
            offset -= 4
            throw error(.lengthTooLarge(count))
        }
        var values = [Element]()
        values.reserveCapacity(Int(count))
        for _ in 0..<count { values.append(try Element(from: &self)) }
        return values
    }

    public mutating func read<Wrapped: CanonicalDecodable>(_: Wrapped?.Type) throws(DecodingError) -> Wrapped? {
        let tag = try read(UInt8.self)
        switch tag {
        case 0: return nil
        case 1: return try Wrapped(from: &self)
        default:
            offset -= 1
            throw error(.unknownTag(tag))
        }
    }

    /// Fails unless every byte was consumed.
    public func expectEnd() throws(DecodingError) {
        guard remainingCount == 0 else { throw error(.trailingBytes(count: remainingCount)) }
    }

    private mutating func readLittleEndian<Value: FixedWidthInteger>() throws(DecodingError) -> Value {
        let width = Value.bitWidth / 8
        guard width <= remainingCount else { throw error(.truncated) }
        var value: Value = 0
        for index in stride(from: width - 1, through: 0, by: -1) {
            value = value << 8 | Value(bytes[offset + index])
        }
        offset += width
        return value
    }
}
