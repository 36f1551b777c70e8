public import BazaarCore

/// `GET /v1/htlcs/{id}` and each element of `GET /v1/htlcs`.
public struct HTLCJSON: Codable, Sendable, Equatable {
    public var id: String
    public var sender: String
    public var recipient: String
    public var asset: String
    public var amount: String
    public var amountBaseUnits: String
    public var hashlock: String
    public var timeoutMs: UInt64
    public var lockedAtMs: UInt64
    /// `open`, `claimed` or `refunded`.
    public var status: String
    /// Hex; present once claimed.
    public var preimage: String?
    public var swapOffer: String?

    public init(_ htlc: HTLC, context: RenderingContext) {
        id = String(htlc.id)
        sender = htlc.sender.address
        recipient = htlc.recipient.address
        asset = htlc.asset.text
        amount = htlc.amount.formatted(decimals: context.decimals(of: htlc.asset))
        amountBaseUnits = htlc.amount.description
        hashlock = htlc.hashlock.hex
        timeoutMs = htlc.timeoutMilliseconds
        lockedAtMs = htlc.lockedAtMilliseconds
        status = htlc.status.name
        preimage = htlc.preimage?.hexString
        swapOffer = htlc.swapOffer.map(String.init)
    }
}

public struct HTLCsResponse: Codable, Sendable, Equatable {
    /// The most an answer lists.
    public static let countMax = 100
    public var htlcs: [HTLCJSON]

    public init(htlcs: [HTLCJSON]) { self.htlcs = htlcs }
}

/// `GET /v1/swap-offers/{id}` and each element of `GET /v1/swap-offers`.
public struct SwapOfferJSON: Codable, Sendable, Equatable {
    public var id: String
    public var maker: String
    public var giveAsset: String
    public var giveAmount: String
    public var giveAmountBaseUnits: String
    public var wantChainId: String
    public var wantAsset: String
    /// In base units of the asset on the other chain (whose decimals this chain does not know).
    public var wantAmountBaseUnits: String
    public var makerWantAddress: String
    public var hashlock: String
    public var takerLockMs: UInt64
    public var expiresAtMs: UInt64
    /// `open`, `taken`, `cancelled` or `expired`.
    public var status: String
    public var taker: String?
    public var htlc: String?

    public init(_ offer: SwapOffer, context: RenderingContext) {
        id = String(offer.id)
        maker = offer.maker.address
        giveAsset = offer.terms.giveAsset.text
        giveAmount = offer.terms.giveAmount.formatted(decimals: context.decimals(of: offer.terms.giveAsset))
        giveAmountBaseUnits = offer.terms.giveAmount.description
        wantChainId = offer.terms.wantChainID
        wantAsset = offer.terms.wantAsset.text
        wantAmountBaseUnits = offer.terms.wantAmount.description
        makerWantAddress = offer.terms.makerWantAddress.address
        hashlock = offer.terms.hashlock.hex
        takerLockMs = offer.terms.takerLockMilliseconds
        expiresAtMs = offer.terms.expiresAtMilliseconds
        status = offer.status.name
        taker = offer.taker?.address
        htlc = offer.htlc.map(String.init)
    }
}

public struct SwapOffersResponse: Codable, Sendable, Equatable {
    public static let countMax = 100
    public var offers: [SwapOfferJSON]

    public init(offers: [SwapOfferJSON]) { self.offers = offers }
}

/// `GET /v1/escrows/{id}` and each element of `GET /v1/escrows`: a peer-to-peer trade escrow.
public struct TradeEscrowJSON: Codable, Sendable, Equatable {
    public var id: String
    public var seller: String
    public var buyer: String?
    /// `offered`, `taken`, `payment_sent`, `mediation`, `arbitration`, `completed`, `cancelled`,
    /// `expired`, `refunded` or `settled`.
    public var status: String
    public var asset: String
    public var amount: String
    public var depositAsset: String
    public var sellerDeposit: String
    public var buyerDeposit: String
    public var paymentTerms: String
    public var mediator: String
    public var arbitrator: String
    public var expiresAtMs: UInt64
    public var paymentWindowMs: UInt64
    public var disputeWindowMs: UInt64
    /// 0 before the take.
    public var paymentDeadlineMs: UInt64
    /// When the current status's default outcome applies (absent once final).
    public var deadlineMs: UInt64?
    /// The mediator's proposal: the buyer's share of the asset and of both deposits together.
    public var proposalBuyerAmount: String?
    public var proposalBuyerDeposits: String?
    public var sellerAccepted: Bool
    public var buyerAccepted: Bool

    public init(_ trade: TradeEscrow, context: RenderingContext) {
        let assetDecimals = context.decimals(of: trade.terms.asset)
        let depositDecimals = context.decimals(of: trade.terms.depositAsset)
        id = String(trade.id)
        seller = trade.seller.address
        buyer = trade.buyer?.address
        status = trade.status.name
        asset = trade.terms.asset.text
        amount = trade.terms.amount.formatted(decimals: assetDecimals)
        depositAsset = trade.terms.depositAsset.text
        sellerDeposit = trade.terms.sellerDeposit.formatted(decimals: depositDecimals)
        buyerDeposit = trade.terms.buyerDeposit.formatted(decimals: depositDecimals)
        paymentTerms = trade.terms.paymentTerms
        mediator = trade.terms.mediator.address
        arbitrator = trade.terms.arbitrator.address
        expiresAtMs = trade.terms.expiresAtMilliseconds
        paymentWindowMs = trade.terms.paymentWindowMilliseconds
        disputeWindowMs = trade.terms.disputeWindowMilliseconds
        paymentDeadlineMs = trade.paymentDeadlineMilliseconds
        deadlineMs = trade.status.isFinal ? nil : trade.deadlineMilliseconds
        proposalBuyerAmount = trade.proposal?.buyerAmount.formatted(decimals: assetDecimals)
        proposalBuyerDeposits = trade.proposal?.buyerDeposits.formatted(decimals: depositDecimals)
        sellerAccepted = trade.sellerAccepted
        buyerAccepted = trade.buyerAccepted
    }
}

public struct TradeEscrowsResponse: Codable, Sendable, Equatable {
    public static let countMax = 100
    public var escrows: [TradeEscrowJSON]
    /// Registered mediators and arbitrators, for choosing at offer time.
    public var mediators: [String]
    public var arbitrators: [String]

    public init(escrows: [TradeEscrowJSON], mediators: [String], arbitrators: [String]) {
        self.escrows = escrows
        self.mediators = mediators
        self.arbitrators = arbitrators
    }
}
