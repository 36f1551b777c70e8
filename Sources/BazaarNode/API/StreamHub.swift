public import BazaarAPI
public import BazaarCore
public import BazaarHistory
import Foundation
import Synchronization

/// Fans committed blocks, account events, trades and book changes out to WebSocket subscribers.
///
/// Each connection gets a bounded buffer of encoded messages. A subscriber that falls more than
/// `bufferMessagesMax` messages or `queuedBytesMax` bytes behind is disconnected rather than
/// silently missing events or growing memory without bound. A message is encoded once, however
/// many subscribers receive it.
///
/// The hub keeps every market's aggregated book (`BookFeed`) as of the last published block, so
/// that a book subscription starts with a snapshot and continues with exactly the updates after
/// it. Snapshots and updates are queued under the hub's lock, so no update can overtake the
/// snapshot it follows.
public final class StreamHub: Sendable {
    /// Below the API server's connection limit (`APIServerLimits.connectionsMax`), so that stream
    /// clients alone cannot take every connection.
    public static let connectionsMax = 512
    public static let accountSubscriptionsMax = 32
    /// Book, trade and candle subscriptions per connection, together (a candle subscription is
    /// one market at one resolution).
    public static let marketSubscriptionsMax = 32
    public static let bufferMessagesMax = 4096
    /// Encoded bytes queued for one connection and not yet written to its socket.
    public static let queuedBytesMax = 1 << 20
    /// While more than this is queued for a connection, its session takes no further request
    /// (`StreamSession`): a client that does not read cannot make the node queue replies for it.
    public static let requestPauseBytes = 64 * 1024

    /// One encoded message, a WebSocket text frame's payload.
    public struct Frame: Sendable {
        public let text: String
        public var byteCount: Int { text.utf8.count }

        init(_ message: StreamMessage) {
            // Every field of StreamMessage encodes; a failure would be a bug in its Codable conformance.
            text = String(decoding: try! JSONResponse.encoder.encode(message), as: UTF8.self)
        }

        /// The message again, for tests and clients in-process.
        public func decoded() throws -> StreamMessage {
            try JSONDecoder().decode(StreamMessage.self, from: Data(text.utf8))
        }
    }

    private struct Subscriber {
        let continuation: AsyncStream<Frame>.Continuation
        var queuedBytes = 0
        var blocks = false
        var accounts: Set<AccountID> = []
        /// Book subscriptions: market → levels per side.
        var books: [MarketID: Int] = [:]
        var trades: Set<MarketID> = []
        var candles: Set<Candle.Key> = []

        var marketSubscriptionCount: Int { books.count + trades.count + candles.count }
    }

    private struct State {
        var nextID = 0
        var subscribers: [Int: Subscriber] = [:]
        var feeds: [MarketID: BookFeed] = [:]
        var context = RenderingContext(decimals: [:])
        var height: UInt64 = 0
        /// The newest candle of every market and resolution, and the newest block's time.
        var candles = CandleAccumulator()
        var timeMilliseconds: UInt64 = 0
    }

    private let state = Mutex(State())

    public init() {}

    public var connectionCount: Int { state.withLock { $0.subscribers.count } }

    /// Sets every market's book, as of block `height`, before the first publish (at start-up).
    ///
    /// - Parameters:
    ///   - candles: the newest stored candle of each market and resolution.
    ///   - timeMilliseconds: the time of block `height`.
    public func start(
        context: RenderingContext, books: [MarketID: BookDepth], height: UInt64, candles: [Candle] = [],
        timeMilliseconds: UInt64 = 0
    ) {
        state.withLock { state in
            state.context = context
            state.height = height
            state.feeds = books.mapValues(BookFeed.init)
            state.candles = CandleAccumulator(latest: candles)
            state.timeMilliseconds = timeMilliseconds
        }
    }

    /// The number of book changes of `market` published so far (0 for a market never changed).
    public func bookSequence(of market: MarketID) -> UInt64 {
        state.withLock { $0.feeds[market]?.sequence ?? 0 }
    }

    /// Opens a connection's outbound stream, or `nil` when the hub is at its connection limit.
    ///
    /// The session reports each frame it wrote with `written(_:by:)`, which frees its bytes.
    public func connect() -> (id: Int, messages: AsyncStream<Frame>)? {
        let (stream, continuation) = AsyncStream.makeStream(
            of: Frame.self, bufferingPolicy: .bufferingOldest(StreamHub.bufferMessagesMax))
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

    /// Bytes queued for connection `id` and not yet written; nil once it is disconnected.
    public func queuedBytes(of id: Int) -> Int? {
        state.withLock { $0.subscribers[id]?.queuedBytes }
    }

    /// Frees the bytes of a frame that the connection's session has written to its socket.
    public func written(_ frame: Frame, by id: Int) {
        state.withLock { state in
            guard state.subscribers[id] != nil else { return }
            state.subscribers[id]!.queuedBytes -= frame.byteCount
            assert(state.subscribers[id]!.queuedBytes >= 0, "more bytes written than queued")
        }
    }

    /// Applies a client request and queues the replies on the same connection: an acknowledgement
    /// or an error, and for a new book subscription the snapshot.
    public func handle(_ request: StreamRequest, from id: Int) {
        let overflowed = state.withLock { state -> Bool in
            guard var subscriber = state.subscribers[id] else { return false }
            let replies = Self.apply(request, to: &subscriber, state: state)
            let queued = replies.allSatisfy { Self.enqueue(Frame($0), to: &subscriber) }
            state.subscribers[id] = subscriber
            return !queued
        }
        if overflowed { disconnect(id) }
    }

    /// Queues a message for one connection.
    public func send(_ message: StreamMessage, to id: Int) {
        let overflowed = state.withLock { state -> Bool in
            guard var subscriber = state.subscribers[id] else { return false }
            let queued = Self.enqueue(Frame(message), to: &subscriber)
            state.subscribers[id] = subscriber
            return !queued
        }
        if overflowed { disconnect(id) }
    }

    /// Queues `frame` unless the connection's buffer is full in messages or bytes; false when it is.
    private static func enqueue(_ frame: Frame, to subscriber: inout Subscriber) -> Bool {
        guard subscriber.queuedBytes + frame.byteCount <= queuedBytesMax,
            case .enqueued = subscriber.continuation.yield(frame)
        else { return false }
        subscriber.queuedBytes += frame.byteCount
        return true
    }

    /// Publishes a committed block: a `block` message to block subscribers, an `account_event`
    /// for every event that touches a subscribed account, a `trade` per print of a subscribed
    /// market, a `book_update` to each book subscriber of a market whose book changed, and a
    /// `candle` per subscribed resolution of a market that printed.
    ///
    /// - Parameters:
    ///   - context: the assets and markets after the block.
    ///   - books: the whole aggregated book, after the block, of every market the block's events
    ///     touched (others cannot have changed).
    public func publish(_ finalized: FinalizedBlock, context: RenderingContext, books: [MarketID: BookDepth] = [:]) {
        let header = finalized.block.header
        let prints = StoredTrade.prints(of: finalized)
        let deltas = CandleAccumulator.deltas(
            of: prints.map { CandleAccumulator.Print(market: $0.market, priceTicks: $0.priceTicks, lots: $0.lots) },
            height: header.height, timeMilliseconds: header.timeMilliseconds)
        let slow = state.withLock { state -> [Int] in
            state.context = context
            state.height = header.height
            state.timeMilliseconds = header.timeMilliseconds
            let candles = state.candles.add(deltas)
            var previousBooks: [MarketID: BookDepth] = [:]
            for (market, depth) in books {
                if let previous = state.feeds[market, default: BookFeed(BookDepth(bids: [], asks: []))].update(
                    to: depth)
                {
                    previousBooks[market] = previous
                }
            }
            guard !state.subscribers.isEmpty else { return [] }
            var accounts = Set<AccountID>()
            var tradedMarkets = Set<MarketID>()
            var candleKeys = Set<Candle.Key>()
            for subscriber in state.subscribers.values {
                accounts.formUnion(subscriber.accounts)
                tradedMarkets.formUnion(subscriber.trades)
                candleKeys.formUnion(subscriber.candles)
            }
            var messages = BlockMessages(
                finalized, prints: prints, context: context, feeds: state.feeds, changed: previousBooks,
                accounts: accounts, tradedMarkets: tradedMarkets,
                candles: candles.filter { candleKeys.contains($0.key) })
            var slow: [Int] = []
            for id in state.subscribers.keys.sorted() {
                var subscriber = state.subscribers[id]!
                let frames = messages.for(
                    subscriber.blocks, subscriber.accounts, subscriber.books, subscriber.trades, subscriber.candles)
                if !frames.allSatisfy({ Self.enqueue($0, to: &subscriber) }) { slow.append(id) }
                state.subscribers[id] = subscriber
            }
            return slow
        }
        // Finishing the stream lets the connection drain what is buffered, then close.
        for id in slow { disconnect(id) }
    }

    // MARK: - Requests

    private static func apply(_ request: StreamRequest, to subscriber: inout Subscriber, state: State)
        -> [StreamMessage]
    {
        switch request.channel {
        case .blocks:
            subscriber.blocks = request.op == .subscribe
            return [StreamMessage(type: request.op == .subscribe ? "subscribed" : "unsubscribed", channel: .blocks)]
        case .account:
            return [applyAccount(request, to: &subscriber)]
        case .book, .trades:
            return applyMarket(request, to: &subscriber, state: state)
        case .candles:
            return applyCandles(request, to: &subscriber, state: state)
        }
    }

    private static func applyAccount(_ request: StreamRequest, to subscriber: inout Subscriber) -> StreamMessage {
        guard let address = request.address, let account = AccountID(address: address) else {
            return StreamMessage(
                type: "error", code: "bad_request", message: "account subscriptions need a valid bz1 address")
        }
        if request.op == .unsubscribe {
            subscriber.accounts.remove(account)
            return StreamMessage(type: "unsubscribed", channel: .account, address: address)
        }
        guard subscriber.accounts.count < accountSubscriptionsMax || subscriber.accounts.contains(account) else {
            return StreamMessage(
                type: "error", code: "too_many_subscriptions",
                message: "at most \(accountSubscriptionsMax) account subscriptions per connection")
        }
        subscriber.accounts.insert(account)
        return StreamMessage(type: "subscribed", channel: .account, address: address)
    }

    private static func applyMarket(_ request: StreamRequest, to subscriber: inout Subscriber, state: State)
        -> [StreamMessage]
    {
        guard let text = request.market else {
            return [
                StreamMessage(
                    type: "error", code: "bad_request",
                    message: "\(request.channel.rawValue) subscriptions need a market, e.g. \"market\":\"BTC-USD\"")
            ]
        }
        guard let format = state.context.market(text) else {
            return [StreamMessage(type: "error", code: "unknown_market", message: state.context.unknownMarket(text))]
        }
        let market = format.market.id
        let name = format.market.name
        if request.op == .unsubscribe {
            if request.channel == .book { subscriber.books[market] = nil } else { subscriber.trades.remove(market) }
            return [StreamMessage(type: "unsubscribed", channel: request.channel, market: name)]
        }
        let isNew = request.channel == .book ? subscriber.books[market] == nil : !subscriber.trades.contains(market)
        guard !isNew || subscriber.marketSubscriptionCount < marketSubscriptionsMax else {
            return [tooManyMarketSubscriptions]
        }
        guard request.channel == .book else {
            subscriber.trades.insert(market)
            return [StreamMessage(type: "subscribed", channel: .trades, market: name)]
        }
        let depth = request.depth ?? BookResponse.depthDefault
        guard (1...BookResponse.depthMax).contains(depth) else {
            return [
                StreamMessage(
                    type: "error", code: "bad_request", message: "depth must be 1 to \(BookResponse.depthMax)")
            ]
        }
        subscriber.books[market] = depth
        let feed = state.feeds[market] ?? BookFeed(BookDepth(bids: [], asks: []))
        let top = feed.top(depth)
        return [
            StreamMessage(type: "subscribed", channel: .book, market: name, depth: depth),
            StreamMessage(
                type: "book_snapshot", channel: .book, height: state.height, market: name, sequence: feed.sequence,
                depth: depth, bids: top.bids.map { Rendering.level($0, format: format) },
                asks: top.asks.map { Rendering.level($0, format: format) }),
        ]
    }
}

extension StreamHub {
    private static var tooManyMarketSubscriptions: StreamMessage {
        StreamMessage(
            type: "error", code: "too_many_subscriptions",
            message: "at most \(marketSubscriptionsMax) book, trade and candle subscriptions per connection")
    }

    /// A candles subscription: `subscribed`, then the newest candle of the market at the
    /// resolution, queued under the hub's lock so that no block's candle overtakes it.
    private static func applyCandles(_ request: StreamRequest, to subscriber: inout Subscriber, state: State)
        -> [StreamMessage]
    {
        guard let text = request.market else {
            return [
                StreamMessage(
                    type: "error", code: "bad_request",
                    message: "candles subscriptions need a market, e.g. \"market\":\"BTC-USD\"")
            ]
        }
        guard let name = request.resolution, let resolution = CandleResolution(rawValue: name) else {
            return [
                StreamMessage(
                    type: "error", code: "bad_request",
                    message: "candles subscriptions need a resolution: one of \(CandleResolution.namesListed)")
            ]
        }
        guard let format = state.context.market(text) else {
            return [StreamMessage(type: "error", code: "unknown_market", message: state.context.unknownMarket(text))]
        }
        let key = Candle.Key(market: format.market.id, resolution: resolution)
        let acknowledged = StreamMessage(
            type: request.op == .subscribe ? "subscribed" : "unsubscribed", channel: .candles,
            market: format.market.name, resolution: resolution.rawValue)
        if request.op == .unsubscribe {
            subscriber.candles.remove(key)
            return [acknowledged]
        }
        guard subscriber.candles.contains(key) || subscriber.marketSubscriptionCount < marketSubscriptionsMax else {
            return [tooManyMarketSubscriptions]
        }
        subscriber.candles.insert(key)
        guard let candle = state.candles.latest[key] else { return [acknowledged] }
        return [
            acknowledged,
            StreamMessage(
                type: "candle", channel: .candles, height: state.height, market: format.market.name,
                resolution: resolution.rawValue, candle: candle.json(format: format, asOf: state.timeMilliseconds)),
        ]
    }
}

/// The messages of one published block, rendered and encoded once and picked per subscriber.
private struct BlockMessages {
    typealias Frame = StreamHub.Frame
    let block: Frame
    /// Every (account, message) of events touching an account, in event order.
    let accountEvents: [(AccountID, Frame)]
    let trades: [MarketID: [Frame]]
    let candles: [Candle.Key: Frame]
    let finalized: FinalizedBlock
    let context: RenderingContext
    let feeds: [MarketID: BookFeed]
    let changed: [MarketID: BookDepth]
    /// Book updates already encoded, by market and depth.
    var bookUpdates: [MarketID: [Int: Frame]] = [:]

    /// Renders only what someone subscribed to: events of `accounts`, prints of `tradedMarkets`.
    init(
        _ finalized: FinalizedBlock, prints: [StoredTrade], context: RenderingContext, feeds: [MarketID: BookFeed],
        changed: [MarketID: BookDepth], accounts subscribed: Set<AccountID>, tradedMarkets: Set<MarketID>,
        candles: [Candle]
    ) {
        let header = finalized.block.header
        self.finalized = finalized
        self.context = context
        self.feeds = feeds
        self.changed = changed
        block = Frame(
            StreamMessage(
                type: "block", channel: .blocks, height: header.height, hash: finalized.block.hash.hex,
                appHash: finalized.appHash.hex, timeMs: header.timeMilliseconds,
                transactionCount: finalized.block.transactions.count))
        var accountEvents: [(AccountID, Frame)] = []
        let sources =
            subscribed.isEmpty
            ? [] : finalized.results.map { ($0.id.hex as String?, $0.events) } + [(nil, finalized.endBlockEvents)]
        for (txID, events) in sources {
            for event in events {
                for account in event.accounts where subscribed.contains(account) {
                    accountEvents.append(
                        (
                            account,
                            Frame(
                                StreamMessage(
                                    type: "account_event", channel: .account, address: account.address,
                                    height: header.height, txId: txID, event: EventJSON(event, context: context)))
                        ))
                }
            }
        }
        self.accountEvents = accountEvents
        var trades: [MarketID: [Frame]] = [:]
        for print in tradedMarkets.isEmpty ? [] : prints {
            guard tradedMarkets.contains(print.market), let format = context.markets[print.market],
                let historyPrint = print.historyPrint
            else { continue }
            trades[print.market, default: []].append(
                Frame(
                    StreamMessage(
                        type: "trade", channel: .trades, height: header.height, market: format.market.name,
                        trade: TradeJSON(historyPrint, format: format))))
        }
        self.trades = trades
        var candleFrames: [Candle.Key: Frame] = [:]
        for candle in candles {
            guard let format = context.markets[candle.market] else { continue }
            candleFrames[candle.key] = Frame(
                StreamMessage(
                    type: "candle", channel: .candles, height: header.height, market: format.market.name,
                    resolution: candle.resolution.rawValue,
                    candle: candle.json(format: format, asOf: header.timeMilliseconds)))
        }
        self.candles = candleFrames
    }

    /// A subscriber's messages: the block, its accounts' events, its markets' trades, its books'
    /// updates, then its candles, markets in id order (candles then by resolution).
    mutating func `for`(
        _ blocks: Bool, _ accounts: Set<AccountID>, _ books: [MarketID: Int], _ markets: Set<MarketID>,
        _ candleKeys: Set<Candle.Key>
    ) -> [Frame] {
        var messages: [Frame] = blocks ? [block] : []
        if !accounts.isEmpty {
            messages += accountEvents.lazy.filter { accounts.contains($0.0) }.map(\.1)
        }
        for market in markets.sorted() { messages += trades[market] ?? [] }
        for (market, depth) in books.sorted(by: { $0.key < $1.key }) {
            if let update = bookUpdate(market, depth: depth) { messages.append(update) }
        }
        if !candleKeys.isEmpty {
            messages += candleKeys.sorted().compactMap { candles[$0] }
        }
        return messages
    }

    /// The `book_update` of `market` seen at `depth`, nil for a book the block left alone.
    private mutating func bookUpdate(_ market: MarketID, depth: Int) -> Frame? {
        if let frame = bookUpdates[market]?[depth] { return frame }
        guard let previous = changed[market], let feed = feeds[market], let format = context.markets[market] else {
            return nil
        }
        let changes = feed.changes(depth: depth, from: previous)
        let frame = Frame(
            StreamMessage(
                type: "book_update", channel: .book, height: finalized.block.header.height,
                market: format.market.name, sequence: feed.sequence, depth: depth,
                bids: changes.bids.map { Rendering.level($0, format: format) },
                asks: changes.asks.map { Rendering.level($0, format: format) }))
        bookUpdates[market, default: [:]][depth] = frame
        return frame
    }
}
