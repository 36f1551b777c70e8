public import NIOCore

/// Writes each outbound payload as a frame: a `u32` little-endian length, then the payload.
///
/// The sending side enforces the same limit as `FrameDecoder`, so a node never emits a frame its
/// peers would drop it for.
public struct FrameEncoder: MessageToByteEncoder, Sendable {
    public typealias OutboundIn = ByteBuffer

    /// The largest payload written.
    public let frameBytesMax: Int

    public init(frameBytesMax: Int = FrameDecoder.frameBytesMaxDefault) {
        precondition(frameBytesMax > 0, "the frame limit must be positive")
        self.frameBytesMax = frameBytesMax
    }

    public func encode(data: ByteBuffer, out: inout ByteBuffer) throws {
        guard data.readableBytes > 0 else { throw P2PError.emptyFrame }
        guard data.readableBytes <= frameBytesMax else {
            throw P2PError.frameTooLarge(data.readableBytes, limit: frameBytesMax)
        }
        out.reserveCapacity(FrameDecoder.headerBytes + data.readableBytes)
        out.writeInteger(UInt32(data.readableBytes), endianness: .little)
        out.writeImmutableBuffer(data)
    }
}
