public import BazaarCore

extension EventJSON {
    /// Renders an event of the derivatives half of the protocol; its own fields go in `details`.
    public init(_ event: DerivativesEvent, context: RenderingContext) {
        switch event {
        case .oracle(let event): self.init(event, context: context)
        case .lending(let event): self.init(event, context: context)
        case .margin(let event): self.init(event, context: context)
        }
    }
}
