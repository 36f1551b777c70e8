extension WriteAheadLog {
    /// One record of the log, as the caller sees it.
    ///
    /// On disk a record's body is one kind byte followed by the kind's bytes: `1` then the opaque
    /// payload for `.message`, `2` then the height as a little-endian `UInt64` for `.endOfHeight`.
    public enum Record: Sendable, Hashable {
        /// A consensus record in its canonical encoding; the log never looks inside.
        case message([UInt8])
        /// Every record before this one belongs to a height that is decided and stored.
        case endOfHeight(UInt64)

        static let messageKind: UInt8 = 1
        static let endOfHeightKind: UInt8 = 2

        /// The body as written: kind byte, then the kind's bytes.
        ///
        /// - Complexity: O(*n*) in the payload's size.
        var body: [UInt8] {
            switch self {
            case .message(let payload):
                var body = [UInt8]()
                body.reserveCapacity(1 + payload.count)
                body.append(Self.messageKind)
                body.append(contentsOf: payload)
                return body
            case .endOfHeight(let height):
                var body = [Self.endOfHeightKind]
                LittleEndian.append(height, to: &body)
                return body
            }
        }

        /// Parses a body whose checksum has already passed, or returns `nil` for one this
        /// version never writes (an unknown kind, a marker of the wrong size).
        ///
        /// - Complexity: O(*n*) in the body's size.
        init?(body: [UInt8]) {
            guard let kind = body.first else { return nil }
            switch kind {
            case Self.messageKind:
                self = .message(Array(body.dropFirst()))
            case Self.endOfHeightKind:
                guard body.count == 9 else { return nil }
                self = .endOfHeight(LittleEndian.uint64(body, at: 1))
            default:
                return nil
            }
        }
    }
}
