/// A value with one canonical byte encoding (see `docs/ENCODING.md`).
public protocol CanonicalEncodable {
    func encode(to writer: inout CanonicalWriter)
}

/// A value that decodes only from its own canonical encoding.
public protocol CanonicalDecodable {
    init(from reader: inout CanonicalReader) throws(DecodingError)
}

public typealias CanonicalCodable = CanonicalEncodable & CanonicalDecodable

extension CanonicalEncodable {
    /// The canonical encoding of this value.
    public var canonicalBytes: [UInt8] {
        var writer = CanonicalWriter()
        encode(to: &writer)
        return writer.bytes
    }
}

extension CanonicalDecodable {
    /// Decodes a value that must span `bytes` exactly.
    ///
    /// - Throws: `DecodingError` for truncated, extended or malformed input.
    public init(canonicalBytes bytes: [UInt8]) throws(DecodingError) {
        var reader = CanonicalReader(bytes)
        self = try Self(from: &reader)
        try reader.expectEnd()
    }
}

// MARK: - Primitives

extension UInt8: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) { writer.write(self) }
    public init(from reader: inout CanonicalReader) throws(DecodingError) { self = try reader.read(UInt8.self) }
}

extension UInt32: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) { writer.write(self) }
    public init(from reader: inout CanonicalReader) throws(DecodingError) { self = try reader.read(UInt32.self) }
}

extension UInt64: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) { writer.write(self) }
    public init(from reader: inout CanonicalReader) throws(DecodingError) { self = try reader.read(UInt64.self) }
}

/// Two's complement in the 16 bytes of a `u128`.
extension Int128: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) { writer.write(UInt128(bitPattern: self)) }
    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        self.init(bitPattern: try reader.read(UInt128.self))
    }
}

extension Amount: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) { writer.write(baseUnits) }
    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        self.init(baseUnits: try reader.read(UInt128.self))
    }
}

extension Hash: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) { writer.writeFixed(bytes) }
    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        self.init(validating: try reader.readFixed(count: Hash.byteCount))!
    }
}

extension PublicKey: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) { writer.writeFixed(bytes) }
    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        let start = reader.offset
        let bytes = try reader.readFixed(count: PublicKey.byteCount)
        if let weakness = PublicKey.weakness(of: bytes) {
            throw DecodingError(reason: .weakPublicKey(weakness), offset: start)
        }
        self = PublicKey(validating: bytes)!
    }
}

extension Signature: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) { writer.writeFixed(bytes) }
    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        self.init(validating: try reader.readFixed(count: Signature.byteCount))!
    }
}

extension AccountID: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) { writer.writeFixed(bytes) }
    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        self.init(validating: try reader.readFixed(count: AccountID.byteCount))!
    }
}

extension AssetSymbol: CanonicalCodable {
    public func encode(to writer: inout CanonicalWriter) { writer.write(text) }
    public init(from reader: inout CanonicalReader) throws(DecodingError) {
        let start = reader.offset
        let text = try reader.read(String.self, maxByteCount: AssetSymbol.lengthRange.upperBound)
        guard let symbol = AssetSymbol(validating: text) else {
            throw DecodingError(reason: .invalidValue("'\(text)' is not a valid asset symbol"), offset: start)
        }
        self = symbol
    }
}
