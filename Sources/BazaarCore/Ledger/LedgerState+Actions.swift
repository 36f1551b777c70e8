/// Why an action failed; the transaction's other actions are undone.
struct ActionFailure: Error {
    let code: ResultCode
}

extension LedgerState {
    /// Applies one action for `sender`, returning its events.
    ///
    /// On failure the action may have left partial changes; the caller rolls
    /// back the whole transaction.
    mutating func apply(_ action: Action, sender: AccountID) throws(ActionFailure) -> [Event] {
        switch action {
        case .createAsset(let create): try applyCreateAsset(create, issuer: sender)
        case .mint(let mint): try applyMint(mint, issuer: sender)
        case .burn(let burn): try applyBurn(burn, holder: sender)
        case .transfer(let transfer): try applyTransfer(transfer, sender: sender)
        case .createMarket(let create): try applyCreateMarket(create, sender: sender)
        case .placeOrder(let place): try applyPlaceOrder(place, sender: sender)
        case .cancelOrder(let cancel): try applyCancelOrder(cancel, sender: sender)
        case .cancelAllOrders(let cancel): try applyCancelAllOrders(cancel, sender: sender)
        case .amendOrder(let amend): try applyAmendOrder(amend, sender: sender)
        case .amm(let action): try apply(action, sender: sender)
        case .escrow(let action): try apply(action, sender: sender)
        case .derivatives(let action): try apply(action, sender: sender)
        }
    }

    private mutating func applyCreateAsset(_ create: Action.CreateAsset, issuer: AccountID) throws(ActionFailure)
        -> [Event]
    {
        guard assets[create.symbol] == nil else { throw ActionFailure(code: .assetExists) }
        guard create.decimals <= Amount.decimalsMax else { throw ActionFailure(code: .invalidDecimals) }
        guard !create.name.isEmpty, create.name.utf8.count <= Action.CreateAsset.nameByteCountMax else {
            throw ActionFailure(code: .invalidName)
        }
        writeAsset(
            AssetInfo(
                symbol: create.symbol, name: create.name, decimals: create.decimals, issuer: issuer,
                maxSupply: create.maxSupply, supply: .zero))
        return [.assetCreated(asset: create.symbol, issuer: issuer)]
    }

    private mutating func applyMint(_ mint: Action.Mint, issuer: AccountID) throws(ActionFailure) -> [Event] {
        guard var asset = assets[mint.asset] else { throw ActionFailure(code: .unknownAsset) }
        guard asset.issuer == issuer else { throw ActionFailure(code: .notIssuer) }
        guard !mint.amount.isZero else { throw ActionFailure(code: .zeroAmount) }
        guard let supply = asset.supply.adding(mint.amount) else { throw ActionFailure(code: .amountOverflow) }
        if let cap = asset.maxSupply, supply > cap { throw ActionFailure(code: .supplyCapExceeded) }
        // Supply bounds every balance, so the recipient's balance cannot overflow.
        let balance = self.balance(of: mint.recipient, asset: mint.asset).adding(mint.amount)!
        asset.supply = supply
        writeAsset(asset)
        setBalance(balance, of: mint.recipient, asset: mint.asset)
        return [.minted(asset: mint.asset, recipient: mint.recipient, amount: mint.amount)]
    }

    private mutating func applyBurn(_ burn: Action.Burn, holder: AccountID) throws(ActionFailure) -> [Event] {
        guard var asset = assets[burn.asset] else { throw ActionFailure(code: .unknownAsset) }
        guard !burn.amount.isZero else { throw ActionFailure(code: .zeroAmount) }
        guard let balance = self.balance(of: holder, asset: burn.asset).subtracting(burn.amount) else {
            throw ActionFailure(code: .insufficientBalance)
        }
        asset.supply = asset.supply.subtracting(burn.amount)!
        writeAsset(asset)
        setBalance(balance, of: holder, asset: burn.asset)
        return [.burned(asset: burn.asset, holder: holder, amount: burn.amount)]
    }

    private mutating func applyTransfer(_ transfer: Action.Transfer, sender: AccountID) throws(ActionFailure) -> [Event]
    {
        guard assets[transfer.asset] != nil else { throw ActionFailure(code: .unknownAsset) }
        guard !transfer.amount.isZero else { throw ActionFailure(code: .zeroAmount) }
        guard let senderBalance = balance(of: sender, asset: transfer.asset).subtracting(transfer.amount) else {
            throw ActionFailure(code: .insufficientBalance)
        }
        setBalance(senderBalance, of: sender, asset: transfer.asset)
        let recipientBalance = balance(of: transfer.recipient, asset: transfer.asset).adding(transfer.amount)!
        setBalance(recipientBalance, of: transfer.recipient, asset: transfer.asset)
        return [
            .transferred(asset: transfer.asset, sender: sender, recipient: transfer.recipient, amount: transfer.amount)
        ]
    }
}
