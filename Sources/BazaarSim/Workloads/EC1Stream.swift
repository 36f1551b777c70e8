/// An EC-1 command stream: warm-up commands that build the book, then the timed commands.
public struct EC1Stream: Sendable, Hashable {
    /// Every command, warm-up first.
    public var commands: [EC1Command]
    /// How many leading commands build the book before timing starts (`#prefill N`).
    public var prefillCount: Int
    /// Header lines other than `#prefill`, without the `#`.
    public var comments: [String]

    public init(commands: [EC1Command], prefillCount: Int, comments: [String] = []) {
        precondition((0...commands.count).contains(prefillCount), "prefill beyond the stream")
        self.commands = commands
        self.prefillCount = prefillCount
        self.comments = comments
    }

    /// The commands before timing starts.
    public var prefill: ArraySlice<EC1Command> { commands[..<prefillCount] }

    /// The timed commands.
    public var timed: ArraySlice<EC1Command> { commands[prefillCount...] }

    /// How many timed commands each operation has.
    ///
    /// - Complexity: O(timed commands).
    public var timedMix: [EC1Command.Operation: Int] {
        var mix: [EC1Command.Operation: Int] = [:]
        for command in timed { mix[command.operation, default: 0] += 1 }
        return mix
    }

    /// The stream in the file format: comments, `#prefill N`, one line per command.
    public var text: String {
        var lines = comments.map { "#" + $0 }
        lines.append("#prefill \(prefillCount)")
        lines.append(contentsOf: commands.map(\.line))
        return lines.joined(separator: "\n") + "\n"
    }
}
