import BazaarAPI
import Foundation
import HummingbirdWebSocket

/// One WebSocket connection on `/v1/stream`: requests in, subscribed messages out.
///
/// Requests are taken no faster than the client reads its replies: while more than
/// `StreamHub.requestPauseBytes` wait to be written, the next request is not read, so a client
/// that floods subscriptions and never reads gets TCP back-pressure instead of a growing queue.
/// A socket that stays unwritable is closed by the connection's `HTTPConnectionGuard`, which ends
/// this session.
enum StreamSession {
    static func run(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, hub: StreamHub) async throws {
        guard let (id, frames) = hub.connect() else {
            try await outbound.close(.goingAway, reason: "too many stream connections")
            return
        }
        defer { hub.disconnect(id) }
        // The writer signals each write; the reader waits on it while the queue is over its pause mark.
        let (written, writtenContinuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer { writtenContinuation.finish() }
                for await frame in frames {
                    try await outbound.write(.text(frame.text))
                    hub.written(frame, by: id)
                    writtenContinuation.yield()
                }
            }
            group.addTask {
                var writes = written.makeAsyncIterator()
                for try await message in inbound.messages(maxSize: APIRoutes.streamFrameBytesMax) {
                    while let queued = hub.queuedBytes(of: id), queued > StreamHub.requestPauseBytes {
                        guard await writes.next() != nil else { return }
                    }
                    handle(message, from: id, hub: hub)
                }
            }
            // Either side ending (client closed, or the hub dropped a slow subscriber) ends the session.
            try await group.next()
            group.cancelAll()
        }
    }

    private static func handle(_ message: WebSocketMessage, from id: Int, hub: StreamHub) {
        guard case .text(let text) = message,
            let request = try? JSONDecoder().decode(StreamRequest.self, from: Data(text.utf8))
        else {
            hub.send(
                StreamMessage(
                    type: "error", code: "bad_request",
                    message:
                        "send {\"op\":\"subscribe\",\"channel\":\"blocks\"}, or an account, book or trades subscription"
                ),
                to: id)
            return
        }
        hub.handle(request, from: id)
    }
}
