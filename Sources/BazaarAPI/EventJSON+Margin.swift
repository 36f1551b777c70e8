public import BazaarCore

extension EventJSON {
    /// Renders an event of the margin module; its own fields go in `details`.
    public init(_ event: MarginEvent, context: RenderingContext) {
        switch event {}
    }
}
