import BazaarAPI
import BazaarCore

/// Escrow API values with every optional field set, so that their JSON carries every key.
enum EscrowSamples {
    static let account = PrivateKey(seed: [UInt8](repeating: 3, count: 32))!.publicKey.accountID
    static let context = RenderingContext(decimals: ["USD": 2])

    static var htlc: HTLCJSON {
        HTLCJSON(
            HTLC(
                id: 1, sender: account, recipient: account, asset: "USD", amount: Amount(baseUnits: 5),
                hashlock: .zero, timeoutMilliseconds: 9, lockedAtMilliseconds: 1, status: .claimed, preimage: [1],
                swapOffer: 2),
            context: context)
    }

    static var swapOffer: SwapOfferJSON {
        SwapOfferJSON(
            SwapOffer(
                id: 1, maker: account,
                terms: SwapOffer.Terms(
                    giveAsset: "USD", giveAmount: Amount(baseUnits: 5), wantChainID: "b", wantAsset: "ETH",
                    wantAmount: Amount(baseUnits: 5), makerWantAddress: account, hashlock: .zero,
                    takerLockMilliseconds: 1_000, expiresAtMilliseconds: 9),
                status: .taken, taker: account, htlc: 1),
            context: context)
    }

    static var trade: TradeEscrowJSON {
        var trade = TradeEscrow(
            id: 1, seller: account,
            terms: TradeEscrow.Terms(
                asset: "USD", amount: Amount(baseUnits: 5), depositAsset: "USD", sellerDeposit: Amount(baseUnits: 1),
                buyerDeposit: Amount(baseUnits: 1), paymentTerms: "t", mediator: account, arbitrator: account,
                expiresAtMilliseconds: 9, paymentWindowMilliseconds: 1_000, disputeWindowMilliseconds: 1_000))
        trade.buyer = account
        trade.status = .mediation
        trade.proposal = TradeEscrow.Split(buyerAmount: .zero, buyerDeposits: .zero)
        return TradeEscrowJSON(trade, context: context)
    }
}
