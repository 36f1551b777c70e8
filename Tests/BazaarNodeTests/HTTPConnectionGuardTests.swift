import NIOCore
import NIOEmbedded
import Testing

@testable import BazaarNode

/// Issue 13, part 5: a connection whose client stops reading is closed once its socket has stayed
/// unwritable for the write-stall deadline, and not before; writability that returns in time
/// cancels the deadline. (On loopback the kernel's buffers are too large for an end-to-end test to
/// fill reliably, so the handler is driven on an `EmbeddedChannel` in virtual time.)
@Suite struct HTTPConnectionGuardTests {
    static let deadline = Duration.seconds(10)

    func channel() throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(
            HTTPConnectionGuard(state: HTTPConnectionGuardState(), writeStallTimeout: Self.deadline))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        return channel
    }

    func setWritable(_ writable: Bool, _ channel: EmbeddedChannel) {
        channel.isWritable = writable
        channel.pipeline.fireChannelWritabilityChanged()
    }

    @Test func aSocketUnwritableForTheWholeDeadlineIsClosed() throws {
        let channel = try channel()
        setWritable(false, channel)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(9_999))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(1))
        #expect(!channel.isActive)
    }

    @Test func writabilityThatReturnsInTimeCancelsTheDeadline() throws {
        let channel = try channel()
        setWritable(false, channel)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(9_999))
        setWritable(true, channel)
        channel.embeddedEventLoop.advanceTime(by: .seconds(60))
        #expect(channel.isActive)
        // A later stall starts a deadline of its own.
        setWritable(false, channel)
        channel.embeddedEventLoop.advanceTime(by: .seconds(10))
        #expect(!channel.isActive)
    }

    @Test func theDefaultDeadlineIsTenSeconds() {
        #expect(APIServerLimits().writeStallTimeout == Self.deadline)
    }
}
