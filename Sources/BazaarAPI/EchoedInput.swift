/// Client input repeated in an error message, cut short: an error never grows with what a client
/// sent (a 70 KB market name is not echoed back whole).
public enum EchoedInput {
    public static let charactersMax = 64

    /// `text` in single quotes, its first `charactersMax` characters and `…` when longer.
    public static func quoted(_ text: some StringProtocol) -> String {
        guard text.count > charactersMax else { return "'\(text)'" }
        return "'\(text.prefix(charactersMax))…' (\(text.utf8.count) bytes)"
    }
}
