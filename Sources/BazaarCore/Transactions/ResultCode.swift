/// The outcome of a transaction: `ok` or the business rule it broke.
///
/// Codes are stable: they are stored in blocks' results and returned by the
/// API, so new ones are appended and none is ever renumbered.
public enum ResultCode: UInt16, Sendable, CaseIterable, CustomStringConvertible {
    case ok = 0
    // Admission: a transaction failing these is never included in a block.
    case malformed = 1
    case tooLarge = 2
    case tooManyActions = 3
    case noActions = 4
    case wrongChain = 5
    case badSignature = 6
    case expired = 7
    case nonceTooLow = 8
    case nonceTooHigh = 9
    case insufficientFee = 10
    case feeBelowMinimum = 11
    case duplicate = 12
    case mempoolFull = 13
    /// A public key in the transaction is a small-order point or a non-canonical encoding.
    case weakKey = 14
    /// The sender already has a pending transaction with this nonce; the mempool replaces none.
    case noncePending = 15
    // Execution: the transaction is included, pays its fee and bumps the nonce, and changes nothing else.
    case unknownAsset = 100
    case assetExists = 101
    case invalidDecimals = 102
    case invalidName = 103
    case notIssuer = 104
    case supplyCapExceeded = 105
    case insufficientBalance = 106
    case zeroAmount = 107
    case amountOverflow = 108
    case unknownMarket = 109
    case notMarketAuthority = 110
    case invalidMarket = 111
    case marketExists = 112
    case invalidSize = 113
    case sizeOffLot = 114
    case belowMinimumSize = 115
    case priceOffTick = 116
    case priceOutOfRange = 117
    case wouldCross = 118
    case cannotFill = 119
    case unknownOrder = 120
    case notOrderOwner = 121
    case tooManyOpenOrders = 122
    case duplicateClientOrderID = 123
    case bookFull = 124
    case invalidExpiry = 125
    case unsupportedOrderType = 126
    case invalidAmendment = 127
    /// A reduce-only order outside a continuous perpetual market, or one that would rest.
    case reduceOnlyUnsupported = 128
    /// A reduce-only order on the side that would open or grow a position (or with none to reduce).
    case reduceOnlyWouldIncrease = 129
    // AMM pools and routes: 130–159.
    case unknownPool = 130
    case poolExists = 131
    case invalidPool = 132
    case insufficientLiquidity = 133
    case slippageExceeded = 134
    case tickOutOfRange = 135
    case unknownPosition = 136
    case notPositionOwner = 137
    case insufficientShares = 138
    case assetNotInPool = 139
    case invalidRoute = 140
    case wrongPoolKind = 141
    // Escrows, HTLCs and swap offers: 160–189.
    case unknownHTLC = 160
    case wrongEscrowState = 161
    case wrongPreimage = 162
    case notHTLCRecipient = 163
    case notHTLCSender = 164
    case htlcExpired = 165
    case htlcNotExpired = 166
    case invalidTimeout = 167
    case unknownSwapOffer = 168
    case offerExpired = 169
    case ownOffer = 170
    case invalidSwapTerms = 171
    case notOfferMaker = 172
    case unknownTrade = 173
    case notTradeParty = 174
    case unknownResolver = 175
    case notMediator = 176
    case notArbitrator = 177
    case disputeTooEarly = 178
    case deadlinePassed = 179
    case invalidSplit = 180
    case noProposal = 181
    case notEscrowAuthority = 182
    case invalidTradeTerms = 183
    // Oracle: 190–199.
    case stalePrice = 190
    case notReporter = 191
    case reporterExists = 192
    case unknownReporter = 193
    case invalidOracleParameters = 194
    case invalidObservationTime = 195
    case invalidObservation = 196
    case oracleNotConfigured = 197
    case tooManyReporters = 198
    // Lending: 200–214.
    case unknownLendingPool = 200
    case invalidLendingParameters = 201
    case insufficientCash = 202
    case insufficientSupply = 203
    case noDebt = 204
    // Margin, perpetuals and liquidation: 215–249.
    case insufficientMargin = 215
    case notCollateral = 216
    case insufficientCollateral = 217
    case invalidMarginParameters = 218
    case noQuoteAsset = 219
    // The oracle's volatility surface: 230–239.
    case invalidVolatility = 230
    case invalidVolatilityExpiry = 231
    case tooManyVolatilityExpiries = 232
    // Option series, trading and settlement: 240–259.
    case invalidStrike = 240
    case expiryPassed = 241
    case seriesExpired = 242
    case insufficientPremium = 243
    case wrongQuoteAsset = 244

    /// A stable snake_case name for APIs and logs.
    public var name: String {
        switch self {
        case .ok: "ok"
        case .malformed: "malformed"
        case .tooLarge: "too_large"
        case .tooManyActions: "too_many_actions"
        case .noActions: "no_actions"
        case .wrongChain: "wrong_chain"
        case .badSignature: "bad_signature"
        case .expired: "expired"
        case .nonceTooLow: "nonce_too_low"
        case .nonceTooHigh: "nonce_too_high"
        case .insufficientFee: "insufficient_fee"
        case .feeBelowMinimum: "fee_below_minimum"
        case .duplicate: "duplicate"
        case .mempoolFull: "mempool_full"
        case .weakKey: "weak_key"
        case .noncePending: "nonce_pending"
        case .unknownAsset: "unknown_asset"
        case .assetExists: "asset_exists"
        case .invalidDecimals: "invalid_decimals"
        case .invalidName: "invalid_name"
        case .notIssuer: "not_issuer"
        case .supplyCapExceeded: "supply_cap_exceeded"
        case .insufficientBalance: "insufficient_balance"
        case .zeroAmount: "zero_amount"
        case .amountOverflow: "amount_overflow"
        case .unknownMarket: "unknown_market"
        case .notMarketAuthority: "not_market_authority"
        case .invalidMarket: "invalid_market"
        case .marketExists: "market_exists"
        case .invalidSize: "invalid_size"
        case .sizeOffLot: "size_off_lot"
        case .belowMinimumSize: "below_minimum_size"
        case .priceOffTick: "price_off_tick"
        case .priceOutOfRange: "price_out_of_range"
        case .wouldCross: "would_cross"
        case .cannotFill: "cannot_fill"
        case .unknownOrder: "unknown_order"
        case .notOrderOwner: "not_order_owner"
        case .tooManyOpenOrders: "too_many_open_orders"
        case .duplicateClientOrderID: "duplicate_client_order_id"
        case .bookFull: "book_full"
        case .invalidExpiry: "invalid_expiry"
        case .unsupportedOrderType: "unsupported_order_type"
        case .reduceOnlyUnsupported: "reduce_only_unsupported"
        case .reduceOnlyWouldIncrease: "reduce_only_would_increase"
        case .invalidAmendment: "invalid_amendment"
        case .unknownPool: "unknown_pool"
        case .poolExists: "pool_exists"
        case .invalidPool: "invalid_pool"
        case .insufficientLiquidity: "insufficient_liquidity"
        case .slippageExceeded: "slippage_exceeded"
        case .tickOutOfRange: "tick_out_of_range"
        case .unknownPosition: "unknown_position"
        case .notPositionOwner: "not_position_owner"
        case .insufficientShares: "insufficient_shares"
        case .assetNotInPool: "asset_not_in_pool"
        case .invalidRoute: "invalid_route"
        case .wrongPoolKind: "wrong_pool_kind"
        case .unknownHTLC: "unknown_htlc"
        case .wrongEscrowState: "wrong_escrow_state"
        case .wrongPreimage: "wrong_preimage"
        case .notHTLCRecipient: "not_htlc_recipient"
        case .notHTLCSender: "not_htlc_sender"
        case .htlcExpired: "htlc_expired"
        case .htlcNotExpired: "htlc_not_expired"
        case .invalidTimeout: "invalid_timeout"
        case .unknownSwapOffer: "unknown_swap_offer"
        case .offerExpired: "offer_expired"
        case .ownOffer: "own_offer"
        case .invalidSwapTerms: "invalid_swap_terms"
        case .notOfferMaker: "not_offer_maker"
        case .unknownTrade: "unknown_trade"
        case .notTradeParty: "not_trade_party"
        case .unknownResolver: "unknown_resolver"
        case .notMediator: "not_mediator"
        case .notArbitrator: "not_arbitrator"
        case .disputeTooEarly: "dispute_too_early"
        case .deadlinePassed: "deadline_passed"
        case .invalidSplit: "invalid_split"
        case .noProposal: "no_proposal"
        case .notEscrowAuthority: "not_escrow_authority"
        case .invalidTradeTerms: "invalid_trade_terms"
        case .stalePrice: "stale_price"
        case .notReporter: "not_reporter"
        case .reporterExists: "reporter_exists"
        case .unknownReporter: "unknown_reporter"
        case .invalidOracleParameters: "invalid_oracle_parameters"
        case .invalidObservationTime: "invalid_observation_time"
        case .invalidObservation: "invalid_observation"
        case .oracleNotConfigured: "oracle_not_configured"
        case .tooManyReporters: "too_many_reporters"
        case .unknownLendingPool: "unknown_lending_pool"
        case .invalidLendingParameters: "invalid_lending_parameters"
        case .insufficientCash: "insufficient_cash"
        case .insufficientSupply: "insufficient_supply"
        case .noDebt: "no_debt"
        case .insufficientMargin: "insufficient_margin"
        case .notCollateral: "not_collateral"
        case .insufficientCollateral: "insufficient_collateral"
        case .invalidMarginParameters: "invalid_margin_parameters"
        case .noQuoteAsset: "no_quote_asset"
        case .invalidVolatility: "invalid_volatility"
        case .invalidVolatilityExpiry: "invalid_volatility_expiry"
        case .tooManyVolatilityExpiries: "too_many_volatility_expiries"
        case .invalidStrike: "invalid_strike"
        case .expiryPassed: "expiry_passed"
        case .seriesExpired: "series_expired"
        case .insufficientPremium: "insufficient_premium"
        case .wrongQuoteAsset: "wrong_quote_asset"
        }
    }

    /// A sentence for people.
    public var message: String {
        switch self {
        case .ok: "executed"
        case .malformed: "transaction bytes are not a canonical encoding"
        case .tooLarge: "transaction exceeds \(SignedTransaction.byteCountMax) bytes"
        case .tooManyActions: "transaction has more than \(SignedTransaction.actionCountMax) actions"
        case .noActions: "transaction has no actions"
        case .wrongChain: "transaction is for another chain"
        case .badSignature: "signature does not match the sender's key"
        case .expired: "transaction expired before inclusion"
        case .nonceTooLow: "nonce already used"
        case .nonceTooHigh: "nonce is ahead of the sender's next nonce"
        case .insufficientFee: "sender cannot pay the fee"
        case .feeBelowMinimum: "fee is below the chain's minimum"
        case .duplicate: "transaction is already pending"
        case .mempoolFull: "mempool is full; retry later"
        case .weakKey: "a public key is a small-order point or non-canonical, so anyone could sign for it"
        case .noncePending: "the sender already has a pending transaction with this nonce; none is replaced"
        case .unknownAsset: "no such asset"
        case .assetExists: "an asset with this symbol exists"
        case .invalidDecimals: "decimals out of range"
        case .invalidName: "asset name is empty or too long"
        case .notIssuer: "only the asset's issuer may do this"
        case .supplyCapExceeded: "mint would exceed the asset's supply cap"
        case .insufficientBalance: "balance too low"
        case .zeroAmount: "amount must be positive"
        case .amountOverflow: "amount overflows"
        case .unknownMarket: "no such market"
        case .notMarketAuthority:
            "only the chain's market authority may create markets or configure the oracle and lending pools"
        case .invalidMarket: "market parameters are out of range"
        case .marketExists: "a market for this pair exists"
        case .invalidSize: "order size must be positive"
        case .sizeOffLot: "order size is not a whole number of lots"
        case .belowMinimumSize: "order size is below the market's minimum"
        case .priceOffTick: "price is not a whole number of ticks"
        case .priceOutOfRange: "price is zero or above the market's maximum"
        case .wouldCross: "post-only order would trade"
        case .cannotFill: "fill-or-kill order cannot fill completely"
        case .unknownOrder: "no such open order"
        case .notOrderOwner: "the order belongs to another account"
        case .tooManyOpenOrders: "the account has the most open orders allowed"
        case .duplicateClientOrderID: "an open order of the account has this client order id"
        case .bookFull: "the market's book holds the most orders allowed"
        case .invalidExpiry: "expiry is not after the block time"
        case .unsupportedOrderType: "this market does not take this order type"
        case .reduceOnlyUnsupported:
            "reduce-only orders are for continuous perpetual markets and must be IOC, FOK or market"
        case .reduceOnlyWouldIncrease: "a reduce-only order must be opposite an open position of at least one lot"
        case .invalidAmendment: "amendment changes nothing"
        case .unknownPool: "no such pool"
        case .poolExists: "a pool for this pair, kind and fee tier exists"
        case .invalidPool:
            "pool parameters are invalid: same asset twice, unknown fee tier or initial price out of range"
        case .insufficientLiquidity: "the pool has too little liquidity for this amount"
        case .slippageExceeded: "the output would be below the minimum, or the input above the maximum"
        case .tickOutOfRange: "ticks are out of order, beyond ±887272 or off the pool's tick spacing"
        case .unknownPosition: "no such liquidity position"
        case .notPositionOwner: "the position belongs to another account"
        case .insufficientShares: "the account holds fewer pool shares or position liquidity than that"
        case .assetNotInPool: "the asset is not one of the pool's two assets"
        case .invalidRoute:
            "the route has no legs, too many legs or hops, or a path that does not lead from the input to the output asset"
        case .wrongPoolKind: "the action needs the other kind of pool (constant-product or concentrated)"
        case .unknownHTLC: "no such HTLC"
        case .wrongEscrowState: "the HTLC, swap offer or trade is not in a state that allows this action"
        case .wrongPreimage: "the preimage does not hash to the HTLC's hashlock"
        case .notHTLCRecipient: "only the HTLC's recipient may claim it"
        case .notHTLCSender: "only the HTLC's sender may refund it"
        case .htlcExpired: "the HTLC's timeout has passed; it can only be refunded"
        case .htlcNotExpired: "the HTLC's timeout has not passed; it cannot be refunded yet"
        case .invalidTimeout: "timeout or duration is not after the block time or beyond the longest allowed"
        case .unknownSwapOffer: "no such swap offer"
        case .offerExpired: "the offer has expired"
        case .ownOffer: "an account cannot take its own offer"
        case .invalidSwapTerms: "the swap's other chain id is empty or this chain's"
        case .notOfferMaker: "only the offer's maker may do this"
        case .unknownTrade: "no such trade"
        case .notTradeParty: "only the trade's buyer or seller (as the action requires) may do this"
        case .unknownResolver: "the mediator or arbitrator is not registered in that role"
        case .notMediator: "only the trade's mediator may propose a split"
        case .notArbitrator: "only the trade's arbitrator may decide"
        case .disputeTooEarly: "a dispute opens only from the payment deadline on"
        case .deadlinePassed: "the deadline for this action has passed"
        case .invalidSplit: "the split gives the buyer more than the escrow holds"
        case .noProposal: "the mediator has not proposed a split"
        case .notEscrowAuthority: "only the chain's escrow authority (its market authority) may register resolvers"
        case .invalidTradeTerms: "the trade's parties or windows are invalid"
        case .stalePrice: "the oracle price is stale or missing; risk-increasing actions wait until it is fresh"
        case .notReporter: "only a registered oracle reporter may report prices"
        case .reporterExists: "the account is already an oracle reporter"
        case .unknownReporter: "the account is not an oracle reporter"
        case .invalidOracleParameters:
            "oracle parameters out of range, or a different quote asset than the one already set"
        case .invalidObservationTime:
            "observation time is too far ahead of the block, already stale, or not after the reporter's last"
        case .invalidObservation: "observed price must be positive and of an asset other than the quote asset"
        case .oracleNotConfigured: "the oracle has no parameters yet"
        case .tooManyReporters: "the oracle has the most reporters allowed"
        case .unknownLendingPool: "no lending pool for this asset"
        case .invalidLendingParameters: "lending pool parameters are out of range"
        case .insufficientCash: "the lending pool does not hold that much to lend or withdraw"
        case .insufficientSupply: "the account has not supplied that much to the pool"
        case .noDebt: "the account owes nothing in this asset"
        case .insufficientMargin: "the account's equity would not cover its initial margin requirement"
        case .notCollateral: "the asset is not accepted as margin collateral"
        case .insufficientCollateral: "the margin account holds less of the asset than asked"
        case .invalidMarginParameters: "weights, margins, close factor, penalty or funding rules out of range"
        case .noQuoteAsset: "the oracle's quote asset is not configured, or a perpetual's quote is not it"
        case .invalidVolatility:
            "a volatility report needs one volatility per moneyness point, each from 1% to 1000% (10000 to 10000000 ppm)"
        case .invalidVolatilityExpiry: "the expiry has passed or lies more than two years after the block time"
        case .tooManyVolatilityExpiries: "the underlying has the most volatility expiries allowed (16)"
        case .invalidStrike:
            "the strike is not a positive multiple of the strike step, or the step differs from the underlying's grid"
        case .expiryPassed: "the series' expiry is not after the block time"
        case .seriesExpired: "the option series has expired or settled; it takes no orders"
        case .insufficientPremium: "the margin account's free equity cannot pay the option's premium and fee"
        case .wrongQuoteAsset: "an option series' quote asset must be the oracle's quote asset"
        }
    }

    public var description: String { name }

    /// Whether a transaction with this outcome may be in a block.
    public var isIncludable: Bool { self == .ok || rawValue >= 100 }
}
