public import BazaarCore

extension EventJSON {
    /// Renders an event of the AMM module; its own fields go in `details`.
    public init(_ event: AMMEvent, context: RenderingContext) {
        switch event {}
    }
}
