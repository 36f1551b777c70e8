// JSON shapes of the REST API under /v1. Money and 64-bit-plus integers are
// decimal strings, never JSON numbers (DESIGN.md, Money). Hashes are lowercase hex,
// accounts are bz1… addresses, times are milliseconds since the Unix epoch.

/// `GET /v1/status`
public struct StatusResponse: Codable, Sendable, Equatable {
    public var chainId: String
    public var height: UInt64
    /// The application hash after executing block `height`.
    public var appHash: String
    public var latestBlockHash: String
    /// Block time of the latest block, milliseconds since the Unix epoch.
    public var latestBlockTimeMs: UInt64
    /// The same time as ISO 8601, for people.
    public var latestBlockTime: String
    public var feeAsset: String
    public var minimumFee: String
    public var mempoolTransactions: Int
    /// How many validators the chain has.
    public var validators: Int
    /// Peers with a live, authenticated link to this node.
    public var connectedPeers: Int
    /// The consensus round of the height being decided (`height + 1`); above 0 after a failed round.
    public var consensusRound: UInt32

    public init(
        chainId: String, height: UInt64, appHash: String, latestBlockHash: String, latestBlockTimeMs: UInt64,
        latestBlockTime: String, feeAsset: String, minimumFee: String, mempoolTransactions: Int, validators: Int = 1,
        connectedPeers: Int = 0, consensusRound: UInt32 = 0
    ) {
        self.chainId = chainId
        self.height = height
        self.appHash = appHash
        self.latestBlockHash = latestBlockHash
        self.latestBlockTimeMs = latestBlockTimeMs
        self.latestBlockTime = latestBlockTime
        self.feeAsset = feeAsset
        self.minimumFee = minimumFee
        self.mempoolTransactions = mempoolTransactions
        self.validators = validators
        self.connectedPeers = connectedPeers
        self.consensusRound = consensusRound
    }
}

/// `POST /v1/tx` request: the canonical bytes of a `SignedTransaction`, base64.
public struct SubmitTransactionRequest: Codable, Sendable, Equatable {
    public var tx: String

    public init(tx: String) { self.tx = tx }
}

/// `POST /v1/tx` response (202 Accepted): the transaction is in the mempool.
public struct SubmitTransactionResponse: Codable, Sendable, Equatable {
    public var id: String
    public var status: TransactionStatus

    public init(id: String, status: TransactionStatus) {
        self.id = id
        self.status = status
    }
}

public enum TransactionStatus: String, Codable, Sendable {
    case pending
    case committed
    case unknown
}

/// `GET /v1/tx/{id}`
public struct TransactionResponse: Codable, Sendable, Equatable {
    public var id: String
    public var status: TransactionStatus
    /// Present when committed.
    public var height: UInt64?
    public var index: Int?
    /// Result code name, `ok` on success (present when committed).
    public var code: String?
    public var message: String?
    public var failedActionIndex: UInt32?
    public var events: [EventJSON]?

    public init(
        id: String, status: TransactionStatus, height: UInt64? = nil, index: Int? = nil, code: String? = nil,
        message: String? = nil, failedActionIndex: UInt32? = nil, events: [EventJSON]? = nil
    ) {
        self.id = id
        self.status = status
        self.height = height
        self.index = index
        self.code = code
        self.message = message
        self.failedActionIndex = failedActionIndex
        self.events = events
    }
}

/// `GET /v1/accounts/{address}`; an address never used has nonce 0 and no balances.
public struct AccountResponse: Codable, Sendable, Equatable {
    public var address: String
    public var nonce: UInt64
    /// Free balances: what the account can spend or lock.
    public var balances: [BalanceJSON]
    /// What open orders hold, per asset, outside `balances`.
    public var locked: [BalanceJSON]
    /// How many open orders the account has across all markets.
    public var openOrders: Int

    public init(
        address: String, nonce: UInt64, balances: [BalanceJSON], locked: [BalanceJSON] = [], openOrders: Int = 0
    ) {
        self.address = address
        self.nonce = nonce
        self.balances = balances
        self.locked = locked
        self.openOrders = openOrders
    }
}

public struct BalanceJSON: Codable, Sendable, Equatable {
    public var asset: String
    /// Decimal string in whole units, e.g. `"1.5"`.
    public var amount: String
    /// The same amount in base units, as a decimal integer string.
    public var baseUnits: String

    public init(asset: String, amount: String, baseUnits: String) {
        self.asset = asset
        self.amount = amount
        self.baseUnits = baseUnits
    }
}

/// `GET /v1/assets`
public struct AssetsResponse: Codable, Sendable, Equatable {
    public var assets: [AssetJSON]

    public init(assets: [AssetJSON]) { self.assets = assets }
}

public struct AssetJSON: Codable, Sendable, Equatable {
    public var symbol: String
    public var name: String
    public var decimals: UInt8
    public var issuer: String
    public var supply: String
    /// Absent for an uncapped asset.
    public var maxSupply: String?

    public init(symbol: String, name: String, decimals: UInt8, issuer: String, supply: String, maxSupply: String?) {
        self.symbol = symbol
        self.name = name
        self.decimals = decimals
        self.issuer = issuer
        self.supply = supply
        self.maxSupply = maxSupply
    }
}

/// `GET /v1/blocks/{height}`
public struct BlockResponse: Codable, Sendable, Equatable {
    public var height: UInt64
    public var hash: String
    public var timeMs: UInt64
    public var time: String
    public var previousBlockHash: String
    /// The application hash before this block (as in the header).
    public var previousAppHash: String
    /// The application hash after executing this block.
    public var appHash: String
    public var proposer: String
    public var transactions: [BlockTransactionJSON]
    /// What the end of the block did, after its transactions: batch auctions (`auction_cleared`,
    /// `order_filled`, `order_cancelled` for released remainders) and expiries (`order_expired`).
    public var endBlockEvents: [EventJSON]
    /// The round the block was decided in; absent for blocks stored without a commit.
    public var commitRound: UInt32?
    /// The validators (hex keys) whose precommits are in the block's commit.
    public var signers: [String]
    /// Equivocations the block records.
    public var evidence: [EvidenceJSON]

    public init(
        height: UInt64, hash: String, timeMs: UInt64, time: String, previousBlockHash: String, previousAppHash: String,
        appHash: String, proposer: String, transactions: [BlockTransactionJSON], endBlockEvents: [EventJSON] = [],
        commitRound: UInt32? = nil, signers: [String] = [], evidence: [EvidenceJSON] = []
    ) {
        self.height = height
        self.hash = hash
        self.timeMs = timeMs
        self.time = time
        self.previousBlockHash = previousBlockHash
        self.previousAppHash = previousAppHash
        self.appHash = appHash
        self.proposer = proposer
        self.transactions = transactions
        self.endBlockEvents = endBlockEvents
        self.commitRound = commitRound
        self.signers = signers
        self.evidence = evidence
    }
}

/// Proof in a block that a validator signed two different votes for one step.
public struct EvidenceJSON: Codable, Sendable, Equatable {
    /// The validator's key, hex.
    public var validator: String
    public var height: UInt64
    public var round: UInt32
    /// `prevote` or `precommit`.
    public var type: String
    /// The two block ids voted for (an empty string for a nil vote).
    public var values: [String]

    public init(validator: String, height: UInt64, round: UInt32, type: String, values: [String]) {
        self.validator = validator
        self.height = height
        self.round = round
        self.type = type
        self.values = values
    }
}

public struct BlockTransactionJSON: Codable, Sendable, Equatable {
    public var id: String
    public var sender: String
    public var nonce: UInt64
    public var fee: String
    public var code: String
    public var actionCount: Int
    public var events: [EventJSON]

    public init(
        id: String, sender: String, nonce: UInt64, fee: String, code: String, actionCount: Int, events: [EventJSON]
    ) {
        self.id = id
        self.sender = sender
        self.nonce = nonce
        self.fee = fee
        self.code = code
        self.actionCount = actionCount
        self.events = events
    }
}

/// One event; the fields are present where the kind has them.
///
/// Ledger events (`fee_paid`, `asset_created`, `minted`, `burned`, `transferred`) carry `asset`,
/// `amount`, `sender` and `recipient`. Market events carry `market` and `marketId`:
/// `market_created`; `order_placed` (`orderId`, `owner`, `side`, `price`, `size`);
/// `trade` (a continuous trade at the maker's price: `side` is the taker's, `makerOrderId`,
/// `takerOrderId`, `maker`, `taker`); `order_cancelled` (`size` released, `reason`: `requested`,
/// `unfilled` or `self_trade`); `order_expired`; `order_amended` (the new `price` and unfilled
/// `size`); `auction_cleared` (the uniform `price` and the auction's `size`); `order_filled` (an
/// order's share of an auction). Prices are per whole base unit and sizes in whole base units,
/// with `priceTicks` and `sizeLots` exact. Events of pools, escrows and derivatives carry their
/// own fields in `details` (see each module's rendering).
public struct EventJSON: Codable, Sendable, Equatable {
    public var kind: String
    public var asset: String?
    public var amount: String?
    public var sender: String?
    public var recipient: String?
    public var market: String?
    public var marketId: UInt32?
    public var orderId: String?
    public var owner: String?
    public var side: String?
    public var price: String?
    public var priceTicks: Int64?
    public var size: String?
    public var sizeLots: String?
    public var makerOrderId: String?
    public var takerOrderId: String?
    public var maker: String?
    public var taker: String?
    public var reason: String?
    /// Fields of a module's event (`pool`, `id`, `preimage`, …), values as strings.
    public var details: [String: String]?

    public init(
        kind: String, asset: String? = nil, amount: String? = nil, sender: String? = nil, recipient: String? = nil,
        market: String? = nil, marketId: UInt32? = nil, orderId: String? = nil, owner: String? = nil,
        side: String? = nil, price: String? = nil, priceTicks: Int64? = nil, size: String? = nil,
        sizeLots: String? = nil, makerOrderId: String? = nil, takerOrderId: String? = nil, maker: String? = nil,
        taker: String? = nil, reason: String? = nil, details: [String: String]? = nil
    ) {
        self.kind = kind
        self.asset = asset
        self.amount = amount
        self.sender = sender
        self.recipient = recipient
        self.market = market
        self.marketId = marketId
        self.orderId = orderId
        self.owner = owner
        self.side = side
        self.price = price
        self.priceTicks = priceTicks
        self.size = size
        self.sizeLots = sizeLots
        self.makerOrderId = makerOrderId
        self.takerOrderId = takerOrderId
        self.maker = maker
        self.taker = taker
        self.reason = reason
        self.details = details
    }
}

/// `POST /v1/txs` request: up to `SubmitTransactionsRequest.countMax` signed transactions, each base64.
///
/// Each is admitted as if posted alone to `/v1/tx`, in order; one's rejection does not affect the others.
public struct SubmitTransactionsRequest: Codable, Sendable, Equatable {
    public static let countMax = 1_000
    public var txs: [String]

    public init(txs: [String]) { self.txs = txs }
}

/// `POST /v1/txs` response (200): one entry per submitted transaction, in order.
public struct SubmitTransactionsResponse: Codable, Sendable, Equatable {
    public var results: [SubmissionResult]

    public init(results: [SubmissionResult]) { self.results = results }
}

/// The outcome of one transaction of a batch: `status` `pending` when admitted, else `code` and `message`.
public struct SubmissionResult: Codable, Sendable, Equatable {
    /// Absent when the bytes did not decode to a transaction.
    public var id: String?
    public var status: TransactionStatus?
    public var code: String?
    public var message: String?

    public init(id: String?, status: TransactionStatus? = nil, code: String? = nil, message: String? = nil) {
        self.id = id
        self.status = status
        self.code = code
        self.message = message
    }
}

/// `GET /v1/blocks/{height}/results`: the block's transaction ids and result codes only,
/// for indexers and benchmarks that follow every block.
public struct BlockResultsResponse: Codable, Sendable, Equatable {
    public var height: UInt64
    public var timeMs: UInt64
    public var appHash: String
    public var results: [TransactionCodeJSON]
    /// As in `BlockResponse`: auctions and expiries at the end of the block.
    public var endBlockEvents: [EventJSON]

    public init(
        height: UInt64, timeMs: UInt64, appHash: String, results: [TransactionCodeJSON],
        endBlockEvents: [EventJSON] = []
    ) {
        self.height = height
        self.timeMs = timeMs
        self.appHash = appHash
        self.results = results
        self.endBlockEvents = endBlockEvents
    }
}

public struct TransactionCodeJSON: Codable, Sendable, Equatable {
    public var id: String
    public var code: String

    public init(id: String, code: String) {
        self.id = id
        self.code = code
    }
}
