import BazaarAPI
import Foundation
import HummingbirdWebSocket

/// One WebSocket connection on `/v1/stream`: requests in, subscribed messages out.
enum StreamSession {
    static func run(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, hub: StreamHub) async throws {
        guard let (id, messages) = hub.connect() else {
            try await outbound.close(.goingAway, reason: "too many stream connections")
            return
        }
        defer { hub.disconnect(id) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                for await message in messages {
                    try await outbound.write(.text(String(decoding: try encoder.encode(message), as: UTF8.self)))
                }
            }
            group.addTask {
                let decoder = JSONDecoder()
                for try await frame in inbound.messages(maxSize: APIRoutes.streamFrameBytesMax) {
                    guard case .text(let text) = frame,
                        let request = try? decoder.decode(StreamRequest.self, from: Data(text.utf8))
                    else {
                        hub.send(
                            StreamMessage(
                                type: "error", code: "bad_request",
                                message:
                                    "send {\"op\":\"subscribe\",\"channel\":\"blocks\"}, or an account, book or trades subscription"
                            ),
                            to: id)
                        continue
                    }
                    hub.handle(request, from: id)
                }
            }
            // Either side ending (client closed, or the hub dropped a slow subscriber) ends the session.
            try await group.next()
            group.cancelAll()
        }
    }
}
