public import NIOCore

/// Splits a byte stream into frames: a `u32` little-endian length, then that many payload bytes.
///
/// The length is checked against `frameBytesMax` before a byte of the payload is waited for, so a
/// peer cannot make the node reserve memory by announcing a huge frame. A zero length is an error:
/// every canonical message has at least one byte, so an empty frame can only be a broken peer.
public struct FrameDecoder: ByteToMessageDecoder, Sendable {
    public typealias InboundOut = ByteBuffer

    /// The size of the length prefix.
    public static let headerBytes = 4
    /// The default limit: large enough for a full block, small enough to bound a peer's memory.
    public static let frameBytesMaxDefault = 4 * 1024 * 1024

    /// The largest payload accepted.
    public let frameBytesMax: Int

    public init(frameBytesMax: Int = FrameDecoder.frameBytesMaxDefault) {
        precondition(frameBytesMax > 0, "the frame limit must be positive")
        self.frameBytesMax = frameBytesMax
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let payload = try Self.nextFrame(from: &buffer, frameBytesMax: frameBytesMax) else {
            return .needMoreData
        }
        context.fireChannelRead(Self.wrapInboundOut(payload))
        return .continue
    }

    public mutating func decodeLast(
        context: ChannelHandlerContext,
        buffer: inout ByteBuffer,
        seenEOF: Bool
    ) throws -> DecodingState {
        // A partial frame at end of stream is discarded: the peer is gone and cannot finish it.
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }

    /// Takes one whole frame's payload off the front of `buffer`, or returns `nil` if it has not all arrived.
    ///
    /// - Throws: `P2PError.frameTooLarge` or `P2PError.emptyFrame`; nothing is consumed then.
    /// - Complexity: O(1); the payload is a slice of `buffer`, not a copy.
    public static func nextFrame(from buffer: inout ByteBuffer, frameBytesMax: Int) throws -> ByteBuffer? {
        guard let length = buffer.getInteger(at: buffer.readerIndex, endianness: .little, as: UInt32.self) else {
            return nil
        }
        guard length > 0 else { throw P2PError.emptyFrame }
        guard UInt64(length) <= UInt64(frameBytesMax) else {
            throw P2PError.frameTooLarge(Int(length), limit: frameBytesMax)
        }
        guard buffer.readableBytes >= headerBytes + Int(length) else { return nil }
        buffer.moveReaderIndex(forwardBy: headerBytes)
        return buffer.readSlice(length: Int(length))
    }
}
