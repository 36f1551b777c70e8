import BazaarNode
import NIOCore
import NIOEmbedded
import Testing

@Suite struct FrameCodecTests {
    private func frame(_ payload: [UInt8]) -> [UInt8] {
        withUnsafeBytes(of: UInt32(payload.count).littleEndian) { Array($0) } + payload
    }

    private func channel(frameBytesMax: Int = 64) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(FrameDecoder(frameBytesMax: frameBytesMax)))
        return channel
    }

    @Test func aFrameSplitAcrossReadsIsReassembled() throws {
        let channel = try channel()
        for byte in frame([1, 2, 3]) {
            try channel.writeInbound(channel.allocator.buffer(bytes: [byte]))
        }
        #expect(try channel.readInbound(as: ByteBuffer.self).map { Array(buffer: $0) } == [1, 2, 3])
        #expect(try channel.readInbound(as: ByteBuffer.self) == nil)
        #expect(try channel.finish().isClean)
    }

    @Test func framesCoalescedInOneReadAreSplit() throws {
        let channel = try channel()
        try channel.writeInbound(channel.allocator.buffer(bytes: frame([7]) + frame([8, 9]) + frame([10]).prefix(3)))
        #expect(try channel.readInbound(as: ByteBuffer.self).map { Array(buffer: $0) } == [7])
        #expect(try channel.readInbound(as: ByteBuffer.self).map { Array(buffer: $0) } == [8, 9])
        #expect(try channel.readInbound(as: ByteBuffer.self) == nil)
        _ = try channel.finish()
    }

    @Test func anOversizedLengthIsRefusedBeforeItsPayloadArrives() throws {
        let channel = try channel(frameBytesMax: 64)
        // Only the header: the decoder must refuse without waiting for (or reserving) 65 bytes.
        #expect(throws: P2PError.frameTooLarge(65, limit: 64)) {
            try channel.writeInbound(channel.allocator.buffer(bytes: frame(Array(repeating: 0, count: 65)).prefix(4)))
        }
        _ = try? channel.finish()
    }

    @Test func aFourGibibyteLengthIsRefused() throws {
        var buffer = ByteBuffer(bytes: [0xFF, 0xFF, 0xFF, 0xFF])
        #expect(throws: P2PError.frameTooLarge(0, limit: 0)) {
            _ = try FrameDecoder.nextFrame(from: &buffer, frameBytesMax: FrameDecoder.frameBytesMaxDefault)
        }
        #expect(buffer.readableBytes == 4)
    }

    @Test func aZeroLengthFrameIsRefused() throws {
        let channel = try channel()
        #expect(throws: P2PError.emptyFrame) {
            try channel.writeInbound(channel.allocator.buffer(bytes: frame([])))
        }
        _ = try? channel.finish()
    }

    @Test func theEncoderWritesALittleEndianLengthPrefix() throws {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(MessageToByteHandler(FrameEncoder(frameBytesMax: 64)))
        try channel.writeOutbound(channel.allocator.buffer(bytes: [5, 6, 7]))
        #expect(try channel.readOutbound(as: ByteBuffer.self).map { Array(buffer: $0) } == [3, 0, 0, 0, 5, 6, 7])
        #expect(try channel.finish().isClean)
    }

    @Test func theEncoderRefusesAFrameItsPeersWouldDropItFor() throws {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(MessageToByteHandler(FrameEncoder(frameBytesMax: 2)))
        #expect(throws: P2PError.frameTooLarge(3, limit: 2)) {
            try channel.writeOutbound(channel.allocator.buffer(bytes: [5, 6, 7]))
        }
        _ = try? channel.finish()
    }
}
