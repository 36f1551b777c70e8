public import BazaarCore

extension EventJSON {
    /// Renders a ledger event with amounts as decimal strings.
    ///
    /// - Parameter decimals: the decimals of the event's asset.
    public init(_ event: Event, decimals: UInt8) {
        switch event {
        case .feePaid(let payer, let asset, let amount):
            self.init(
                kind: event.kind, asset: asset.text, amount: amount.formatted(decimals: decimals), sender: payer.address
            )
        case .assetCreated(let asset, let issuer):
            self.init(kind: event.kind, asset: asset.text, sender: issuer.address)
        case .minted(let asset, let recipient, let amount):
            self.init(
                kind: event.kind, asset: asset.text, amount: amount.formatted(decimals: decimals),
                recipient: recipient.address)
        case .burned(let asset, let holder, let amount):
            self.init(
                kind: event.kind, asset: asset.text, amount: amount.formatted(decimals: decimals),
                sender: holder.address)
        case .transferred(let asset, let sender, let recipient, let amount):
            self.init(
                kind: event.kind, asset: asset.text, amount: amount.formatted(decimals: decimals),
                sender: sender.address,
                recipient: recipient.address)
        }
    }

    /// The asset an event concerns, whose decimals format its amount.
    public static func asset(of event: Event) -> AssetSymbol {
        switch event {
        case .feePaid(_, let asset, _), .assetCreated(let asset, _), .minted(let asset, _, _), .burned(let asset, _, _),
            .transferred(let asset, _, _, _):
            asset
        }
    }
}
