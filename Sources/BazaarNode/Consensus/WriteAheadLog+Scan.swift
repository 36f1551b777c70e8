extension WriteAheadLog {
    /// How a scan of the log ended.
    enum ScanEnd: Equatable {
        /// Every byte up to the end belonged to a valid record.
        case clean
        /// The bytes from `offset` on are what a crash during the last append leaves behind.
        case torn(offset: Int, reason: String)
    }

    /// Reads the records in `start..<end`, calling `visit` with each one's offset, and tells a torn
    /// tail from corruption.
    ///
    /// Only the last append can be torn: `append` syncs a record before it returns, and the next
    /// write starts only after that, so every record that has a record after it was durable. The
    /// bytes of a torn append start at its offset and reach exactly to the end of the file (the
    /// kernel extends the file by what was written, possibly with zeros where pages were not yet
    /// written back), so a bad record is *torn* when
    /// - fewer bytes than a record header remain, or
    /// - its length is possible and the record reaches to or past the end of the file, or
    /// - its length is impossible and every byte from it to the end is zero (a size update
    ///   without the data), within one maximal record of the end.
    ///
    /// Anything else, a bad checksum or an impossible length with other bytes after it, is
    /// corruption of a record that was durable, and dropping it could forget a signed vote.
    ///
    /// - Throws: `NodeError.corruptStore` naming the file and the byte offset, or `NodeError.storage`
    ///   when a read fails.
    /// - Complexity: O(*n*) in the bytes scanned; allocates at most one record at a time, and never
    ///   more than `bodyBytesMax` for one.
    static func scan(
        descriptor: Int32, path: String, from start: Int, to end: Int, bodyBytesMax: Int,
        visit: (_ offset: Int, _ record: Record) throws -> Void
    ) throws -> ScanEnd {
        var offset = start
        while offset < end {
            let remaining = end - offset
            guard remaining >= recordHeaderBytes else {
                return .torn(offset: offset, reason: "an incomplete record header (\(remaining) bytes)")
            }
            let header = try FileIO.read(descriptor, count: recordHeaderBytes, at: offset, path: path)
            let length = Int(LittleEndian.uint32(header, at: 0) & 0xFF_FFFF)
            let checksum = LittleEndian.uint32(header, at: 4)
            guard lengthCheck(UInt32(length)) == header[3], length >= 1, length <= bodyBytesMax else {
                if remaining <= recordHeaderBytes + bodyBytesMax,
                    try FileIO.read(descriptor, count: remaining, at: offset, path: path).allSatisfy({ $0 == 0 })
                {
                    return .torn(offset: offset, reason: "a zero-filled tail of \(remaining) bytes")
                }
                throw NodeError(
                    .corruptStore,
                    "corrupt write-ahead log \(path): impossible record length field at byte \(offset) "
                        + "(\(length) bytes, at most \(bodyBytesMax), or a failed length check), with \(remaining - recordHeaderBytes) more bytes after it; "
                        + "the node stops rather than guess which signed messages it lost")
            }
            let recordEnd = offset + recordHeaderBytes + length
            guard recordEnd <= end else {
                return .torn(offset: offset, reason: "a record of \(length) bytes cut off after \(remaining) bytes")
            }
            let body = try FileIO.read(descriptor, count: length, at: offset + recordHeaderBytes, path: path)
            guard body.count == length else {
                throw NodeError(.storage, "write-ahead log \(path) shrank while being read at byte \(offset)")
            }
            guard recordChecksum(length: UInt32(length), body: body) == checksum else {
                if recordEnd == end {
                    return .torn(offset: offset, reason: "a checksum mismatch in the final record")
                }
                throw NodeError(
                    .corruptStore,
                    "corrupt write-ahead log \(path): checksum mismatch in the record at byte \(offset), "
                        + "with \(end - recordEnd) more bytes after it; "
                        + "the node stops rather than guess which signed messages it lost")
            }
            guard let record = Record(body: body) else {
                throw NodeError(
                    .corruptStore,
                    "corrupt write-ahead log \(path): record at byte \(offset) has a valid checksum "
                        + "but unknown kind \(body[0]) or a malformed body; written by another version?")
            }
            try visit(offset, record)
            offset = recordEnd
        }
        return .clean
    }

    /// The top byte of a record's length field: CRC-8 (polynomial 0x07) of the three length bytes.
    ///
    /// Without it a damaged length in a middle record could point past the end of the file and
    /// pass for a torn final record, and the repair would cut off durable records. A degree-8 CRC
    /// detects every error confined to one byte of the field, so such damage is reported instead.
    static func lengthCheck(_ length: UInt32) -> UInt8 {
        var crc: UInt8 = 0
        for shift in stride(from: 0, to: 24, by: 8) {
            crc ^= UInt8(truncatingIfNeeded: length >> shift)
            for _ in 0..<8 {
                crc = crc & 0x80 != 0 ? (crc << 1) ^ 0x07 : crc << 1
            }
        }
        return crc
    }

    /// The checksum stored in a record header: CRC-32C over the four bytes of the length field
    /// (length and length check), then the body.
    ///
    /// Covering the length as well means a length damaged into another plausible value is caught
    /// even when the span it then names happens to match.
    static func recordChecksum(length: UInt32, body: [UInt8]) -> UInt32 {
        var lengthBytes = [UInt8]()
        LittleEndian.append(length | UInt32(lengthCheck(length)) << 24, to: &lengthBytes)
        return CRC32C.checksum(body, continuing: CRC32C.checksum(lengthBytes))
    }

    /// A record as written: length, checksum, body.
    ///
    /// - Complexity: O(*n*) in the body's size.
    static func frame(_ record: Record) -> [UInt8] {
        let body = record.body
        let length = UInt32(body.count)
        precondition(length <= 0xFF_FFFF, "a record body fits the 24-bit length")
        var bytes = [UInt8]()
        bytes.reserveCapacity(recordHeaderBytes + body.count)
        LittleEndian.append(length | UInt32(lengthCheck(length)) << 24, to: &bytes)
        LittleEndian.append(recordChecksum(length: length, body: body), to: &bytes)
        bytes.append(contentsOf: body)
        return bytes
    }
}
