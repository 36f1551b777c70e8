public import BazaarCore

extension EventJSON {
    /// Renders an event of the Derivatives module; its own fields go in `details`.
    public init(_ event: DerivativesEvent, context: RenderingContext) {
        switch event {}
    }
}
