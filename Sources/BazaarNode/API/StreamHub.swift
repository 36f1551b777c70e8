public import BazaarAPI
public import BazaarCore
import Synchronization

/// Fans committed blocks and account events out to WebSocket subscribers.
///
/// Each connection gets a bounded buffer. A subscriber that falls more than
/// `bufferMessagesMax` messages behind is disconnected with an error rather
/// than silently missing events or growing memory without bound.
public final class StreamHub: Sendable {
    public static let connectionsMax = 1024
    public static let accountSubscriptionsMax = 32
    public static let bufferMessagesMax = 4096

    private struct Subscriber {
        let continuation: AsyncStream<StreamMessage>.Continuation
        var blocks = false
        var accounts: Set<AccountID> = []
    }

    private struct State {
        var nextID = 0
        var subscribers: [Int: Subscriber] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    public var connectionCount: Int { state.withLock { $0.subscribers.count } }

    /// Opens a connection's outbound stream, or `nil` when the hub is at its connection limit.
    public func connect() -> (id: Int, messages: AsyncStream<StreamMessage>)? {
        let (stream, continuation) = AsyncStream.makeStream(
            of: StreamMessage.self, bufferingPolicy: .bufferingOldest(StreamHub.bufferMessagesMax))
        return state.withLock { state in
            guard state.subscribers.count < StreamHub.connectionsMax else { return nil }
            let id = state.nextID
            state.nextID += 1
            state.subscribers[id] = Subscriber(continuation: continuation)
            return (id, stream)
        }
    }

    public func disconnect(_ id: Int) {
        let subscriber = state.withLock { $0.subscribers.removeValue(forKey: id) }
        subscriber?.continuation.finish()
    }

    /// Applies a client request and queues the reply on the same connection.
    public func handle(_ request: StreamRequest, from id: Int) {
        let reply: StreamMessage = state.withLock { state in
            guard var subscriber = state.subscribers[id] else { return StreamMessage(type: "error") }
            defer { state.subscribers[id] = subscriber }
            switch request.channel {
            case .blocks:
                subscriber.blocks = request.op == .subscribe
                return StreamMessage(type: request.op == .subscribe ? "subscribed" : "unsubscribed", channel: .blocks)
            case .account:
                guard let address = request.address, let account = AccountID(address: address) else {
                    return StreamMessage(
                        type: "error", code: "bad_request", message: "account subscriptions need a valid bz1 address")
                }
                if request.op == .unsubscribe {
                    subscriber.accounts.remove(account)
                    return StreamMessage(type: "unsubscribed", channel: .account, address: address)
                }
                guard
                    subscriber.accounts.count < StreamHub.accountSubscriptionsMax
                        || subscriber.accounts.contains(account)
                else {
                    return StreamMessage(
                        type: "error", code: "too_many_subscriptions",
                        message: "at most \(StreamHub.accountSubscriptionsMax) account subscriptions per connection")
                }
                subscriber.accounts.insert(account)
                return StreamMessage(type: "subscribed", channel: .account, address: address)
            }
        }
        send(reply, to: id)
    }

    /// Queues a message for one connection.
    public func send(_ message: StreamMessage, to id: Int) {
        let continuation = state.withLock { $0.subscribers[id]?.continuation }
        if case .dropped = continuation?.yield(message) { disconnect(id) }
    }

    /// Publishes a committed block: a `block` message to block subscribers and
    /// an `account_event` for every event that touches a subscribed account.
    public func publish(_ finalized: FinalizedBlock, decimals: (AssetSymbol) -> UInt8) {
        let subscribers = state.withLock { $0.subscribers }
        guard !subscribers.isEmpty else { return }
        let header = finalized.block.header
        let blockMessage = StreamMessage(
            type: "block", channel: .blocks, height: header.height, hash: finalized.block.hash.hex,
            appHash: finalized.appHash.hex, timeMs: header.timeMilliseconds,
            transactionCount: finalized.block.transactions.count)
        var slow = [Int]()
        for id in subscribers.keys.sorted() {
            let subscriber = subscribers[id]!
            var messages = [StreamMessage]()
            if subscriber.blocks { messages.append(blockMessage) }
            if !subscriber.accounts.isEmpty {
                for result in finalized.results {
                    for event in result.events {
                        for account in event.accounts where subscriber.accounts.contains(account) {
                            messages.append(
                                StreamMessage(
                                    type: "account_event", channel: .account, address: account.address,
                                    height: header.height, txId: result.id.hex,
                                    event: EventJSON(event, decimals: decimals(EventJSON.asset(of: event)))))
                        }
                    }
                }
            }
            for message in messages {
                if case .dropped = subscriber.continuation.yield(message) {
                    slow.append(id)
                    break
                }
            }
        }
        // Finishing the stream lets the connection drain what is buffered, then close.
        for id in slow { disconnect(id) }
    }
}
