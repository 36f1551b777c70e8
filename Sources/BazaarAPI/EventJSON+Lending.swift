public import BazaarCore

extension EventJSON {
    /// Renders an event of the lending module; its own fields go in `details`.
    public init(_ event: LendingEvent, context: RenderingContext) {
        switch event {}
    }
}
