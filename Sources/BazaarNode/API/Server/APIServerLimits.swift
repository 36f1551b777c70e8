/// The bounds of the API server's connections (docs/ARCHITECTURE.md, Limits).
///
/// Every connection, HTTP or WebSocket, counts against `connectionsMax`; past it the server
/// stops accepting and new connections wait in the listen backlog until one closes. The
/// timeouts make sure that each connection either makes progress or frees its slot.
public struct APIServerLimits: Sendable {
    /// Open connections at once, HTTP and WebSocket together.
    public var connectionsMax = 1024
    /// Time a new connection has to deliver its first whole request head: a connection that sends
    /// nothing, or half a head, is closed after it.
    public var requestHeadTimeout: Duration = .seconds(10)
    /// Time a connection may stay idle: a kept-alive connection between a response and the next
    /// whole request head, or a request body without a byte arriving. Longer than HTTP clients keep
    /// idle connections pooled (AsyncHTTPClient: 60 s), so that a client does not send a request on
    /// a connection the server is closing.
    public var idleTimeout: Duration = .seconds(75)
    /// Time a connection may stay unwritable (its client not reading) before it is closed.
    public var writeStallTimeout: Duration = .seconds(10)
    /// After an error response, how long the server keeps reading (and discarding) what the client
    /// still sends before closing, so that the client reads the response instead of a reset.
    public var lingerTimeout: Duration = .seconds(2)
    /// The URI, and each header field: a longer URI is 414, a longer header field 431 (HTTP
    /// parsers count both the same way).
    public var headerFieldBytesMax = 8 * 1024
    /// All header fields together; more is 431.
    public var headerBytesMax = 32 * 1024
    public var headerFieldCountMax = 100
    /// A declared `Content-Length` above this is 413 before any of the body is read: no route
    /// takes more (`APIRoutes.batchBodyBytesMax`).
    public var bodyBytesMax = APIRoutes.batchBodyBytesMax

    public init() {}
}
