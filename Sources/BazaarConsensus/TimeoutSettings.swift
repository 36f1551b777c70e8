/// How long each timeout lasts: a base plus a step per round, so that after
/// enough rounds every honest message arrives within the timeout (the paper's
/// assumption for liveness under partial synchrony). Rounds restart at 0 on
/// each height, so the durations reset there too.
public struct TimeoutSettings: Sendable, Hashable {
    public var proposeMilliseconds: UInt64
    public var proposeDeltaMilliseconds: UInt64
    public var prevoteMilliseconds: UInt64
    public var prevoteDeltaMilliseconds: UInt64
    public var precommitMilliseconds: UInt64
    public var precommitDeltaMilliseconds: UInt64
    /// No timeout is longer than this, however high the round.
    public var durationMillisecondsMax: UInt64

    public init(
        proposeMilliseconds: UInt64 = 3_000, proposeDeltaMilliseconds: UInt64 = 500,
        prevoteMilliseconds: UInt64 = 1_000, prevoteDeltaMilliseconds: UInt64 = 500,
        precommitMilliseconds: UInt64 = 1_000, precommitDeltaMilliseconds: UInt64 = 500,
        durationMillisecondsMax: UInt64 = 60_000
    ) {
        self.proposeMilliseconds = proposeMilliseconds
        self.proposeDeltaMilliseconds = proposeDeltaMilliseconds
        self.prevoteMilliseconds = prevoteMilliseconds
        self.prevoteDeltaMilliseconds = prevoteDeltaMilliseconds
        self.precommitMilliseconds = precommitMilliseconds
        self.precommitDeltaMilliseconds = precommitDeltaMilliseconds
        self.durationMillisecondsMax = durationMillisecondsMax
    }

    /// A round's deadline (`TimeoutKind.round`) is this many times the sum of its three timeouts:
    /// long enough that a round whose validators all take part ends (decided, or moved on by the
    /// precommit timeout) well before it, and it grows with the round as they do.
    public static let roundDeadlineFactor: UInt64 = 2

    /// The duration of `kind` in `round`: base + delta × round, capped at `durationMillisecondsMax`;
    /// for `.round`, `roundDeadlineFactor` times the sum of the round's three.
    public func durationMilliseconds(_ kind: TimeoutKind, round: UInt32) -> UInt64 {
        let base: UInt64
        let delta: UInt64
        switch kind {
        case .propose: (base, delta) = (proposeMilliseconds, proposeDeltaMilliseconds)
        case .prevote: (base, delta) = (prevoteMilliseconds, prevoteDeltaMilliseconds)
        case .precommit: (base, delta) = (precommitMilliseconds, precommitDeltaMilliseconds)
        case .round: return roundDeadlineMilliseconds(round: round)
        }
        let (growth, overflow) = delta.multipliedReportingOverflow(by: UInt64(round))
        guard !overflow else { return durationMillisecondsMax }
        let (total, sumOverflow) = base.addingReportingOverflow(growth)
        return sumOverflow ? durationMillisecondsMax : min(total, durationMillisecondsMax)
    }

    /// Each of the three is at most `durationMillisecondsMax`, so this cannot overflow for any
    /// reasonable maximum; it saturates anyway.
    private func roundDeadlineMilliseconds(round: UInt32) -> UInt64 {
        var total: UInt64 = 0
        for kind in [TimeoutKind.propose, .prevote, .precommit] {
            let (sum, overflow) = total.addingReportingOverflow(durationMilliseconds(kind, round: round))
            total = overflow ? .max : sum
        }
        let (scaled, overflow) = total.multipliedReportingOverflow(by: Self.roundDeadlineFactor)
        return overflow ? .max : scaled
    }
}
