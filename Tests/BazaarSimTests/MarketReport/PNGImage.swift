/// A minimal PNG decoder for checking screenshots: 8-bit RGB or RGBA, not interlaced, which is
/// what Chromium writes. Inflate follows RFC 1951 (stored, fixed and dynamic Huffman blocks),
/// decoding canonical codes bit by bit; the zlib checksum is not verified (the PNG's own CRCs
/// are not either: a corrupt file fails to inflate or gives the wrong size).
struct PNGImage {
    struct DecodeError: Error, CustomStringConvertible {
        var description: String
    }

    let width: Int
    let height: Int
    /// Row-major pixels as `0xRRGGBB` (alpha dropped).
    let pixels: [UInt32]

    init(bytes: [UInt8]) throws {
        guard bytes.count > 8, bytes[0..<8].elementsEqual([137, 80, 78, 71, 13, 10, 26, 10]) else {
            throw DecodeError(description: "not a PNG file")
        }
        var position = 8
        var header: [UInt8] = []
        var compressed: [UInt8] = []
        func bigEndian(_ at: Int) -> Int { bytes[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) } }
        while position + 12 <= bytes.count {
            let length = bigEndian(position)
            let type = String(decoding: bytes[(position + 4)..<(position + 8)], as: UTF8.self)
            guard position + 12 + length <= bytes.count else { throw DecodeError(description: "truncated chunk") }
            let data = bytes[(position + 8)..<(position + 8 + length)]
            if type == "IHDR" { header = Array(data) }
            if type == "IDAT" { compressed += data }
            position += 12 + length
            if type == "IEND" { break }
        }
        guard header.count == 13 else { throw DecodeError(description: "no IHDR") }
        width = header[0..<4].reduce(0) { $0 << 8 | Int($1) }
        height = header[4..<8].reduce(0) { $0 << 8 | Int($1) }
        let (bitDepth, colorType, interlace) = (header[8], header[9], header[12])
        guard bitDepth == 8, colorType == 2 || colorType == 6, interlace == 0 else {
            throw DecodeError(description: "unsupported PNG: depth \(bitDepth), colour type \(colorType)")
        }
        let channels = colorType == 6 ? 4 : 3
        guard compressed.count > 2 else { throw DecodeError(description: "no image data") }
        var inflater = Inflater(bytes: Array(compressed.dropFirst(2)))  // The zlib header.
        let raw = try inflater.inflate()
        let stride = width * channels
        guard raw.count >= height * (stride + 1) else { throw DecodeError(description: "image data too short") }
        pixels = try Self.unfilter(raw, width: width, height: height, channels: channels)
    }

    private static func unfilter(_ raw: [UInt8], width: Int, height: Int, channels: Int) throws -> [UInt32] {
        let stride = width * channels
        var previous = [UInt8](repeating: 0, count: stride)
        var current = [UInt8](repeating: 0, count: stride)
        var pixels = [UInt32]()
        pixels.reserveCapacity(width * height)
        for row in 0..<height {
            let start = row * (stride + 1)
            let filter = raw[start]
            for index in 0..<stride {
                let x = raw[start + 1 + index]
                let a = index >= channels ? Int(current[index - channels]) : 0
                let b = Int(previous[index])
                let c = index >= channels ? Int(previous[index - channels]) : 0
                let predictor: Int
                switch filter {
                case 0: predictor = 0
                case 1: predictor = a
                case 2: predictor = b
                case 3: predictor = (a + b) / 2
                case 4:
                    let p = a + b - c
                    let (pa, pb, pc) = (abs(p - a), abs(p - b), abs(p - c))
                    predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c
                default: throw DecodeError(description: "bad filter \(filter) on row \(row)")
                }
                current[index] = x &+ UInt8(truncatingIfNeeded: predictor)
            }
            for pixel in 0..<width {
                let offset = pixel * channels
                pixels.append(
                    UInt32(current[offset]) << 16 | UInt32(current[offset + 1]) << 8 | UInt32(current[offset + 2]))
            }
            swap(&previous, &current)
        }
        return pixels
    }
}

/// RFC 1951 inflate, after puff.c's structure: a bit reader and canonical Huffman tables.
private struct Inflater {
    struct Huffman {
        /// `counts[length]`: how many symbols have a code of that length.
        var counts = [Int](repeating: 0, count: 16)
        /// Symbols ordered by code.
        var symbols: [Int] = []

        init(lengths: [Int]) {
            for length in lengths { counts[length] += 1 }
            counts[0] = 0
            var offsets = [Int](repeating: 0, count: 16)
            for length in 1..<15 { offsets[length + 1] = offsets[length] + counts[length] }
            symbols = [Int](repeating: 0, count: lengths.count)
            for (symbol, length) in lengths.enumerated() where length != 0 {
                symbols[offsets[length]] = symbol
                offsets[length] += 1
            }
        }
    }

    static let lengthBase = [
        3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115,
        131, 163, 195, 227, 258,
    ]
    static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    static let distanceBase = [
        1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025,
        1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
    ]
    static let distanceExtra = [
        0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12,
        12, 13, 13,
    ]

    let bytes: [UInt8]
    var position = 0
    var bitBuffer = 0
    var bitCount = 0
    var output: [UInt8] = []

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func bits(_ count: Int) throws -> Int {
        while bitCount < count {
            guard position < bytes.count else { throw PNGImage.DecodeError(description: "inflate: out of input") }
            bitBuffer |= Int(bytes[position]) << bitCount
            position += 1
            bitCount += 8
        }
        let value = bitBuffer & ((1 << count) - 1)
        bitBuffer >>= count
        bitCount -= count
        return value
    }

    mutating func decode(_ huffman: Huffman) throws -> Int {
        var (code, first, index) = (0, 0, 0)
        for length in 1...15 {
            code |= try bits(1)
            let count = huffman.counts[length]
            if code - count < first { return huffman.symbols[index + (code - first)] }
            index += count
            first = (first + count) << 1
            code <<= 1
        }
        throw PNGImage.DecodeError(description: "inflate: bad code")
    }

    mutating func inflate() throws -> [UInt8] {
        var last = 0
        while last == 0 {
            last = try bits(1)
            switch try bits(2) {
            case 0: try stored()
            case 1:
                let lengths =
                    [Int](repeating: 8, count: 144) + [Int](repeating: 9, count: 112)
                    + [Int](repeating: 7, count: 24) + [Int](repeating: 8, count: 8)
                try codes(
                    literals: Huffman(lengths: lengths), distances: Huffman(lengths: [Int](repeating: 5, count: 30)))
            case 2: try dynamic()
            default: throw PNGImage.DecodeError(description: "inflate: bad block type")
            }
        }
        return output
    }

    private mutating func stored() throws {
        bitBuffer = 0
        bitCount = 0
        guard position + 4 <= bytes.count else {
            throw PNGImage.DecodeError(description: "inflate: short stored block")
        }
        let length = Int(bytes[position]) | Int(bytes[position + 1]) << 8
        position += 4
        guard position + length <= bytes.count else { throw PNGImage.DecodeError(description: "inflate: short stored") }
        output += bytes[position..<(position + length)]
        position += length
    }

    private mutating func dynamic() throws {
        let literalCount = try bits(5) + 257
        let distanceCount = try bits(5) + 1
        let codeLengthCount = try bits(4) + 4
        let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
        var codeLengths = [Int](repeating: 0, count: 19)
        for index in 0..<codeLengthCount { codeLengths[order[index]] = try bits(3) }
        let lengthCode = Huffman(lengths: codeLengths)
        var lengths = [Int]()
        while lengths.count < literalCount + distanceCount {
            let symbol = try decode(lengthCode)
            switch symbol {
            case 0...15: lengths.append(symbol)
            case 16:
                guard let previous = lengths.last else { throw PNGImage.DecodeError(description: "inflate: repeat") }
                lengths += [Int](repeating: previous, count: 3 + (try bits(2)))
            case 17: lengths += [Int](repeating: 0, count: 3 + (try bits(3)))
            default: lengths += [Int](repeating: 0, count: 11 + (try bits(7)))
            }
        }
        try codes(
            literals: Huffman(lengths: Array(lengths[0..<literalCount])),
            distances: Huffman(lengths: Array(lengths[literalCount..<(literalCount + distanceCount)])))
    }

    private mutating func codes(literals: Huffman, distances: Huffman) throws {
        while true {
            let symbol = try decode(literals)
            if symbol < 256 {
                output.append(UInt8(symbol))
                continue
            }
            if symbol == 256 { return }
            let lengthIndex = symbol - 257
            guard lengthIndex < 29 else { throw PNGImage.DecodeError(description: "inflate: bad length") }
            let length = Self.lengthBase[lengthIndex] + (try bits(Self.lengthExtra[lengthIndex]))
            let distanceIndex = try decode(distances)
            guard distanceIndex < 30 else { throw PNGImage.DecodeError(description: "inflate: bad distance") }
            let distance = Self.distanceBase[distanceIndex] + (try bits(Self.distanceExtra[distanceIndex]))
            guard distance <= output.count else { throw PNGImage.DecodeError(description: "inflate: too far back") }
            let start = output.count - distance
            for offset in 0..<length { output.append(output[start + offset]) }
        }
    }
}
