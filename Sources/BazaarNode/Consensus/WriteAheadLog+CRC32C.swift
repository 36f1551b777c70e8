extension WriteAheadLog {
    /// CRC-32C (Castagnoli, polynomial 0x1EDC6F41, reflected as 0x82F63B78), the checksum of
    /// iSCSI, ext4 and LevelDB/RocksDB logs.
    ///
    /// Chosen over a SHA-256 prefix because the records are checked against torn writes and media
    /// errors, not against an adversary who can write the file, and CRC-32C detects every burst
    /// error up to 32 bits at a fraction of the cost. The check value of `"123456789"` is
    /// `0xE3069283`, which the tests pin.
    enum CRC32C {
        /// One table lookup per byte; 1 KiB, built once.
        private static let table: [UInt32] = (0..<256).map { index in
            var crc = UInt32(index)
            for _ in 0..<8 {
                crc = crc & 1 == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1
            }
            return crc
        }

        /// The checksum of `bytes`, continuing from `crc` (the value returned for the bytes before them).
        ///
        /// - Complexity: O(*n*) in the number of bytes.
        static func checksum(_ bytes: some Sequence<UInt8>, continuing crc: UInt32 = 0) -> UInt32 {
            var state = ~crc
            table.withUnsafeBufferPointer { table in
                for byte in bytes {
                    state = table[Int((state ^ UInt32(byte)) & 0xFF)] ^ (state >> 8)
                }
            }
            return ~state
        }
    }
}
