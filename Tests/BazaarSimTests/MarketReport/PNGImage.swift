import CZlib

/// A minimal PNG reader for checking screenshots: 8-bit RGB or RGBA, not interlaced, which is
/// what Chromium writes. zlib inflates the image data (checking its Adler-32); the PNG's own
/// CRCs are not checked (a corrupt file fails to inflate or gives the wrong size).
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
        let stride = width * channels
        let raw = try Self.inflate(compressed, expectedByteCount: height * (stride + 1))
        guard raw.count >= height * (stride + 1) else { throw DecodeError(description: "image data too short") }
        pixels = try Self.unfilter(raw, width: width, height: height, channels: channels)
    }

    /// Inflates the image data (a zlib stream) with zlib, expecting exactly the unfiltered size.
    private static func inflate(_ compressed: [UInt8], expectedByteCount: Int) throws -> [UInt8] {
        var raw = [UInt8](repeating: 0, count: expectedByteCount)
        var rawCount = uLongf(expectedByteCount)
        let status = raw.withUnsafeMutableBufferPointer { output in
            compressed.withUnsafeBufferPointer { input in
                uncompress(output.baseAddress, &rawCount, input.baseAddress, uLong(input.count))
            }
        }
        guard status == Z_OK, rawCount == uLongf(expectedByteCount) else {
            throw DecodeError(description: "zlib status \(status): \(rawCount) of \(expectedByteCount) bytes")
        }
        return raw
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
