/// Bech32 as specified in BIP-173: a human-readable prefix, the separator `1`,
/// base-32 data and a six-character BCH checksum.
enum Bech32 {
    private static let charset = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l".utf8)
    private static let generator: [UInt32] = [0x3b6a_57b2, 0x2650_8e6d, 0x1ea1_19fa, 0x3d42_33dd, 0x2a14_62b3]
    /// BIP-173 caps a whole string at 90 characters.
    static let lengthMax = 90

    static func encode(prefix: String, data: [UInt8]) -> String {
        let checksum = makeChecksum(prefix: prefix, data: data)
        let body = (data + checksum).map { charset[Int($0)] }
        return prefix + "1" + String(decoding: body, as: UTF8.self)
    }

    /// The prefix and the 5-bit data without the checksum, or `nil` if anything is wrong.
    static func decode(_ text: String) -> (prefix: String, data: [UInt8])? {
        let utf8 = Array(text.utf8)
        guard utf8.count <= lengthMax, utf8.allSatisfy({ $0 >= 33 && $0 <= 126 }) else { return nil }
        // Mixed case is invalid; an all-uppercase address is the same address.
        let hasLower = utf8.contains { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }
        let hasUpper = utf8.contains { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }
        guard !(hasLower && hasUpper) else { return nil }
        let lowered = utf8.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 + 32 : $0 }
        guard let separator = lowered.lastIndex(of: UInt8(ascii: "1")), separator >= 1,
            separator + 7 <= lowered.count
        else { return nil }
        var values = [UInt8]()
        values.reserveCapacity(lowered.count - separator - 1)
        for character in lowered[(separator + 1)...] {
            guard let value = charset.firstIndex(of: character) else { return nil }
            values.append(UInt8(value))
        }
        let prefix = String(decoding: lowered[..<separator], as: UTF8.self)
        guard polymod(expand(prefix) + values) == 1 else { return nil }
        return (prefix, Array(values.dropLast(6)))
    }

    /// Regroups bits, e.g. bytes into 5-bit groups; `nil` for non-zero padding when `pad` is false.
    static func convertBits(_ data: [UInt8], from: Int, to: Int, pad: Bool) -> [UInt8]? {
        var accumulator: UInt32 = 0
        var bits = 0
        let mask: UInt32 = (1 << to) - 1
        var result = [UInt8]()
        for value in data {
            guard value >> from == 0 else { return nil }
            accumulator = accumulator << from | UInt32(value)
            bits += from
            while bits >= to {
                bits -= to
                result.append(UInt8((accumulator >> bits) & mask))
            }
        }
        if pad {
            if bits > 0 { result.append(UInt8((accumulator << (to - bits)) & mask)) }
        } else if bits >= from || (accumulator << (to - bits)) & mask != 0 {
            return nil
        }
        return result
    }

    private static func makeChecksum(prefix: String, data: [UInt8]) -> [UInt8] {
        let value = polymod(expand(prefix) + data + [0, 0, 0, 0, 0, 0]) ^ 1
        return (0..<6).map { UInt8((value >> (5 * (5 - $0))) & 31) }
    }

    private static func expand(_ prefix: String) -> [UInt8] {
        let utf8 = Array(prefix.utf8)
        return utf8.map { $0 >> 5 } + [0] + utf8.map { $0 & 31 }
    }

    private static func polymod(_ values: [UInt8]) -> UInt32 {
        var checksum: UInt32 = 1
        for value in values {
            let top = checksum >> 25
            checksum = (checksum & 0x1ff_ffff) << 5 ^ UInt32(value)
            for index in 0..<5 where (top >> index) & 1 == 1 {
                checksum ^= generator[index]
            }
        }
        return checksum
    }
}
