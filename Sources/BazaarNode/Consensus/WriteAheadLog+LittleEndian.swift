extension WriteAheadLog {
    /// Fixed-width little-endian integers in byte arrays, for the log's and the signer state's framing.
    enum LittleEndian {
        static func append(_ value: UInt32, to bytes: inout [UInt8]) {
            for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> shift)) }
        }

        static func append(_ value: UInt64, to bytes: inout [UInt8]) {
            for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> shift)) }
        }

        /// - Precondition: four bytes exist at `offset`.
        static func uint32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
            (0..<4).reduce(0) { value, index in value | UInt32(bytes[offset + index]) << (8 * index) }
        }

        /// - Precondition: eight bytes exist at `offset`.
        static func uint64(_ bytes: [UInt8], at offset: Int) -> UInt64 {
            (0..<8).reduce(0) { value, index in value | UInt64(bytes[offset + index]) << (8 * index) }
        }
    }
}
