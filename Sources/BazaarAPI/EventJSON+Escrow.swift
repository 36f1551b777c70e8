public import BazaarCore

extension EventJSON {
    /// Renders an event of the Escrow module; its own fields go in `details` (ids as decimal
    /// strings, hashlocks and preimages in hex, times in block-time milliseconds).
    public init(_ event: EscrowEvent, context: RenderingContext) {
        func amount(_ value: Amount, _ asset: AssetSymbol) -> String {
            value.formatted(decimals: context.decimals(of: asset))
        }
        switch event {
        case .htlcLocked(let id, let sender, let recipient, let asset, let value, let hashlock, let timeout, let offer):
            var details = ["id": String(id), "hashlock": hashlock.hex, "timeoutMs": String(timeout)]
            if let offer { details["swapOffer"] = String(offer) }
            self.init(
                kind: event.kind, asset: asset.text, amount: amount(value, asset), sender: sender.address,
                recipient: recipient.address, details: details)
        case .htlcClaimed(let id, let sender, let recipient, let asset, let value, let preimage):
            self.init(
                kind: event.kind, asset: asset.text, amount: amount(value, asset), sender: sender.address,
                recipient: recipient.address, details: ["id": String(id), "preimage": preimage.hexString])
        case .htlcRefunded(let id, let sender, let recipient, let asset, let value):
            self.init(
                kind: event.kind, asset: asset.text, amount: amount(value, asset), sender: sender.address,
                recipient: recipient.address, details: ["id": String(id)])
        case .swapOfferPosted(let id, let maker, let terms):
            self.init(
                kind: event.kind, asset: terms.giveAsset.text, amount: amount(terms.giveAmount, terms.giveAsset),
                maker: maker.address,
                details: [
                    "id": String(id), "wantChainId": terms.wantChainID, "wantAsset": terms.wantAsset.text,
                    "wantAmountBaseUnits": terms.wantAmount.description, "hashlock": terms.hashlock.hex,
                    "expiresAtMs": String(terms.expiresAtMilliseconds),
                    "takerLockMs": String(terms.takerLockMilliseconds),
                ])
        case .swapOfferTaken(let id, let maker, let taker, let htlc):
            self.init(
                kind: event.kind, maker: maker.address, taker: taker.address,
                details: ["id": String(id), "htlc": String(htlc)])
        case .swapOfferClosed(let id, let maker, let status):
            self.init(kind: event.kind, maker: maker.address, reason: status.name, details: ["id": String(id)])
        case .resolverRegistered(let account, let roles):
            self.init(
                kind: event.kind, owner: account.address,
                details: ["mediator": String(roles.isMediator), "arbitrator": String(roles.isArbitrator)])
        case .tradeOffered(let id, let seller, let terms):
            self.init(
                kind: event.kind, asset: terms.asset.text, amount: amount(terms.amount, terms.asset),
                sender: seller.address,
                details: [
                    "id": String(id), "depositAsset": terms.depositAsset.text,
                    "sellerDeposit": amount(terms.sellerDeposit, terms.depositAsset),
                    "buyerDeposit": amount(terms.buyerDeposit, terms.depositAsset),
                    "mediator": terms.mediator.address, "arbitrator": terms.arbitrator.address,
                    "paymentTerms": terms.paymentTerms,
                ])
        case .tradeUpdated(let id, let seller, let buyer, let status, let actor):
            var details = ["id": String(id), "status": status.name, "seller": seller.address]
            if let buyer { details["buyer"] = buyer.address }
            self.init(
                kind: event.kind, sender: actor?.address, reason: actor == nil ? "deadline" : nil, details: details)
        case .splitProposed(let id, let seller, let buyer, let mediator, let split):
            self.init(
                kind: event.kind, sender: mediator.address,
                details: [
                    "id": String(id), "seller": seller.address, "buyer": buyer.address,
                    "buyerAmountBaseUnits": split.buyerAmount.description,
                    "buyerDepositsBaseUnits": split.buyerDeposits.description,
                ])
        case .tradePaidOut(
            let id, let seller, let buyer, let buyerAmount, let buyerDeposits, let sellerAmount, let sellerDeposits):
            var details = [
                "id": String(id), "seller": seller.address,
                "buyerAmountBaseUnits": buyerAmount.description, "buyerDepositsBaseUnits": buyerDeposits.description,
                "sellerAmountBaseUnits": sellerAmount.description,
                "sellerDepositsBaseUnits": sellerDeposits.description,
            ]
            if let buyer { details["buyer"] = buyer.address }
            self.init(kind: event.kind, details: details)
        }
    }
}
