public import BazaarCore

extension EventJSON {
    /// Renders an event of the Escrow module; its own fields go in `details`.
    public init(_ event: EscrowEvent, context: RenderingContext) {
        switch event {}
    }
}
