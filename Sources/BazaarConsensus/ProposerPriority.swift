/// Weighted round-robin proposer selection, CometBFT's proposer-priority algorithm.
///
/// Each step adds every validator's power to its priority, picks the highest
/// priority as proposer (ties go to the lower index, i.e. the smaller public
/// key) and takes the total power off the proposer's priority. Over any window
/// each validator proposes in proportion to its power. Before stepping, the
/// priorities are scaled down if they spread wider than twice the total power
/// and then centred on their average (rounding down), so they stay bounded.
/// Integer arithmetic only: every node computes the same proposers.
public struct ProposerPriority: Sendable, Hashable {
    public private(set) var priorities: [Int64]
    /// The proposer chosen by the last step.
    public private(set) var proposerIndex: Int
    private let powers: [Int64]
    private let totalPower: Int64

    /// The priorities of height 1: all zero, then one step.
    public init(validators: ValidatorSet) {
        powers = validators.validators.map { Int64($0.votingPower) }
        totalPower = Int64(validators.totalVotingPower)
        priorities = Array(repeating: 0, count: powers.count)
        proposerIndex = 0
        increment(times: 1)
    }

    /// The priorities at the start of `height`, for a validator set unchanged since height 1.
    ///
    /// - Complexity: O(height × validators); a long-running node stores the priorities instead.
    /// - Precondition: `height >= 1`.
    public init(validators: ValidatorSet, height: UInt64) {
        precondition(height >= 1, "heights start at 1")
        self.init(validators: validators)
        for _ in 1..<height { increment(times: 1) }
    }

    /// The priorities one height later: one step, as CometBFT does after every block.
    public func nextHeight() -> ProposerPriority {
        var next = self
        next.increment(times: 1)
        return next
    }

    /// The proposer of `round` when `self` holds the priorities of the height's round 0.
    ///
    /// - Complexity: O(round × validators).
    public func proposer(round: UInt32) -> Int {
        guard round > 0 else { return proposerIndex }
        var copy = self
        copy.increment(times: Int(round))
        return copy.proposerIndex
    }

    mutating func increment(times: Int) {
        precondition(times > 0, "at least one step")
        rescale()
        centre()
        for _ in 0..<times { step() }
    }

    private mutating func step() {
        var best = 0
        for index in priorities.indices {
            priorities[index] += powers[index]
            if priorities[index] > priorities[best] { best = index }
        }
        priorities[best] -= totalPower
        proposerIndex = best
    }

    /// Divides every priority by the smallest integer that brings their spread within twice the total power.
    private mutating func rescale() {
        let window = 2 * totalPower
        guard let low = priorities.min(), let high = priorities.max(), high - low > window else { return }
        let spread = high - low
        let ratio = (spread + window - 1) / window
        // Swift's division truncates toward zero, as Go's does in CometBFT.
        priorities = priorities.map { $0 / ratio }
    }

    private mutating func centre() {
        let sum = priorities.reduce(Int128(0)) { $0 + Int128($1) }
        var average = sum / Int128(priorities.count)
        if sum < 0, sum % Int128(priorities.count) != 0 { average -= 1 }
        priorities = priorities.map { $0 - Int64(average) }
    }
}
