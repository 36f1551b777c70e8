/// Writes the canonical binary encoding specified in `docs/ENCODING.md`.
///
/// Little-endian fixed-width integers; byte strings, text and arrays prefixed
/// with a `UInt32` length; one tag byte per enum case or optional.
public struct CanonicalWriter: Sendable {
    public private(set) var bytes: [UInt8]

    public init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    public mutating func write(_ value: UInt8) { bytes.append(value) }
    public mutating func write(_ value: UInt16) { writeLittleEndian(value) }
    public mutating func write(_ value: UInt32) { writeLittleEndian(value) }
    public mutating func write(_ value: UInt64) { writeLittleEndian(value) }
    public mutating func write(_ value: UInt128) { writeLittleEndian(value) }
    public mutating func write(_ value: Bool) { bytes.append(value ? 1 : 0) }

    /// Bytes whose length the type fixes (keys, hashes), with no prefix.
    public mutating func writeFixed(_ value: [UInt8]) { bytes.append(contentsOf: value) }

    /// A `UInt32` length, then the bytes.
    public mutating func writeBytes(_ value: [UInt8]) {
        write(UInt32(value.count))
        bytes.append(contentsOf: value)
    }

    /// UTF-8 bytes with a `UInt32` length.
    public mutating func write(_ value: String) {
        write(UInt32(value.utf8.count))
        bytes.append(contentsOf: value.utf8)
    }

    public mutating func write(_ value: some CanonicalEncodable) { value.encode(to: &self) }

    /// A `UInt32` count, then each element.
    public mutating func write<Element: CanonicalEncodable>(_ values: [Element]) {
        write(UInt32(values.count))
        for value in values { value.encode(to: &self) }
    }

    /// Tag 0 for `nil`, tag 1 then the value otherwise.
    public mutating func write<Wrapped: CanonicalEncodable>(_ value: Wrapped?) {
        if let value {
            write(UInt8(1))
            value.encode(to: &self)
        } else {
            write(UInt8(0))
        }
    }

    private mutating func writeLittleEndian<Value: FixedWidthInteger>(_ value: Value) {
        var remaining = value
        for _ in 0..<(Value.bitWidth / 8) {
            bytes.append(UInt8(truncatingIfNeeded: remaining))
            remaining >>= 8
        }
    }
}
