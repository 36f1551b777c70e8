import Testing

@testable import BazaarCore

/// Checks the encoding contract of DESIGN.md for one value: it decodes back to
/// itself, and no other byte string decodes to it.
///
/// - Every strict prefix is rejected (truncation).
/// - The encoding followed by any byte is rejected (extension).
/// - Each byte changed in turn is either rejected or decodes to a different
///   value whose own encoding is exactly the changed bytes.
func expectCanonical<Value: CanonicalCodable>(
    _ value: Value, isSame: (Value, Value) -> Bool, _ rng: inout some RandomNumberGenerator,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let bytes = value.canonicalBytes
    guard let decoded = try? Value(canonicalBytes: bytes) else {
        Issue.record("encoding of \(value) does not decode", sourceLocation: sourceLocation)
        return
    }
    #expect(isSame(decoded, value), "decode(encode(x)) != x", sourceLocation: sourceLocation)

    let acceptedPrefixes = (0..<bytes.count).filter { (try? Value(canonicalBytes: Array(bytes[..<$0]))) != nil }
    #expect(acceptedPrefixes.isEmpty, "prefixes of these lengths decode", sourceLocation: sourceLocation)

    let extended = bytes + [UInt8.random(in: .min ... .max, using: &rng)]
    #expect(
        throws: DecodingError.self, "an encoding with a trailing byte decodes", sourceLocation: sourceLocation
    ) { try Value(canonicalBytes: extended) }

    var nonCanonicalOffsets = [Int]()
    for offset in bytes.indices {
        var altered = bytes
        altered[offset] ^= UInt8.random(in: 1 ... .max, using: &rng)
        guard let other = try? Value(canonicalBytes: altered) else { continue }
        if isSame(other, value) || other.canonicalBytes != altered { nonCanonicalOffsets.append(offset) }
    }
    #expect(
        nonCanonicalOffsets.isEmpty, "changing these bytes decodes to the same value or a non-canonical one",
        sourceLocation: sourceLocation)
}

func expectCanonical<Value: CanonicalCodable & Equatable>(
    _ value: Value, _ rng: inout some RandomNumberGenerator, sourceLocation: SourceLocation = #_sourceLocation
) {
    expectCanonical(value, isSame: { $0 == $1 }, &rng, sourceLocation: sourceLocation)
}

/// Random bytes either fail to decode or are exactly the encoding of what they decode to.
func expectRandomBytesCanonical<Value: CanonicalCodable>(
    _: Value.Type, maxCount: Int, _ rng: inout some RandomNumberGenerator,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let bytes = Arbitrary.bytes(Int.random(in: 0...maxCount, using: &rng), &rng)
    guard let value = try? Value(canonicalBytes: bytes) else { return }
    #expect(value.canonicalBytes == bytes, sourceLocation: sourceLocation)
}
