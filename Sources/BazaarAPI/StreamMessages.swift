// Messages of the WebSocket stream at /v1/stream, one JSON object per text frame.

/// Client to server: `{"op":"subscribe","channel":"blocks"}` or
/// `{"op":"subscribe","channel":"account","address":"bz1…"}`; `unsubscribe` likewise.
public struct StreamRequest: Codable, Sendable, Equatable {
    public enum Operation: String, Codable, Sendable {
        case subscribe
        case unsubscribe
    }

    public enum Channel: String, Codable, Sendable {
        case blocks
        case account
    }

    public var op: Operation
    public var channel: Channel
    public var address: String?

    public init(op: Operation, channel: Channel, address: String? = nil) {
        self.op = op
        self.channel = channel
        self.address = address
    }
}

/// Server to client. `type` is `subscribed`, `unsubscribed`, `block`, `account_event` or `error`.
public struct StreamMessage: Codable, Sendable, Equatable {
    public var type: String
    public var channel: StreamRequest.Channel?
    public var address: String?
    /// For `block` and `account_event`.
    public var height: UInt64?
    /// For `block`.
    public var hash: String?
    public var appHash: String?
    public var timeMs: UInt64?
    public var transactionCount: Int?
    /// For `account_event`.
    public var txId: String?
    public var event: EventJSON?
    /// For `error`.
    public var code: String?
    public var message: String?

    public init(
        type: String, channel: StreamRequest.Channel? = nil, address: String? = nil, height: UInt64? = nil,
        hash: String? = nil, appHash: String? = nil, timeMs: UInt64? = nil, transactionCount: Int? = nil,
        txId: String? = nil, event: EventJSON? = nil, code: String? = nil, message: String? = nil
    ) {
        self.type = type
        self.channel = channel
        self.address = address
        self.height = height
        self.hash = hash
        self.appHash = appHash
        self.timeMs = timeMs
        self.transactionCount = transactionCount
        self.txId = txId
        self.event = event
        self.code = code
        self.message = message
    }
}
