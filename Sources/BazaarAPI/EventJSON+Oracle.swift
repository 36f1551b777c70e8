public import BazaarCore

extension EventJSON {
    /// Renders an event of the oracle module; its own fields go in `details`.
    public init(_ event: OracleEvent, context: RenderingContext) {
        switch event {}
    }
}
