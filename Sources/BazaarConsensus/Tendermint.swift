public import BazaarCore

/// One validator's Tendermint consensus (Buchman, Kwon, Milosevic, 2018, Algorithm 1) as a pure state machine.
///
/// Every input goes through `handle(_:)`, which returns the directives the
/// driver carries out in order, in the shape of swift-cluster-membership's
/// `SWIM.Instance`: no I/O, no clock, no randomness, and nothing observable
/// depends on dictionary order, so the same inputs give the same directives on
/// every run. Thresholds are by voting power: "2f + 1" is more than two thirds
/// of the total power and "f + 1" more than one third.
///
/// Messages come in as `VerifiedVote`/`VerifiedProposal`: the shell checks the
/// Ed25519 signatures (once, possibly on other cores); this type checks
/// membership, height, round and proposer. Its own messages it signs itself,
/// emitting `persist` before each `broadcast`. After a restart it is built
/// with the write-ahead log's records, and it then never signs a second,
/// different message for a step it signed before, and keeps its lock.
///
/// Two deliberate differences from the paper, both as in CometBFT: the
/// proposer also schedules the propose timeout (so a driver that never
/// supplies a value cannot stall the round), and a height is decided on
/// precommits of more than two thirds for a value alone, without holding the
/// proposal (values are block ids; the driver fetches the block by its id).
/// Round skipping counts votes only, not proposals.
///
/// One addition for liveness after a restart: every round has a deadline (`TimeoutKind.round`)
/// after which a validator still in it moves to the next round, whatever its step. The paper's
/// prevote and precommit timeouts need votes from two thirds of the power in the round, and round
/// skipping needs votes from a third in a later one; validators split between two rounds with
/// neither (one back from a crash in a later round, its peers waiting in an earlier one, one
/// validator of four down) would otherwise wait forever.
public struct Tendermint: Sendable {
    /// What every validator of a chain agrees on.
    public struct Configuration: Sendable {
        public var chainID: String
        public var validators: ValidatorSet
        public var timeouts: TimeoutSettings
        /// Messages for rounds further ahead than this are ignored, which bounds memory per height.
        public var roundsAheadMax: UInt32

        public init(
            chainID: String, validators: ValidatorSet, timeouts: TimeoutSettings = TimeoutSettings(),
            roundsAheadMax: UInt32 = 100
        ) {
            self.chainID = chainID
            self.validators = validators
            self.timeouts = timeouts
            self.roundsAheadMax = roundsAheadMax
        }
    }

    public let configuration: Configuration
    let signer: PrivateKey?
    /// This validator's key, or `nil` for a node that follows consensus without voting.
    public let publicKey: PublicKey?

    public internal(set) var height: UInt64
    public internal(set) var round: UInt32 = 0
    public internal(set) var step: ConsensusStep = .idle
    public internal(set) var lockedValue: Hash?
    public internal(set) var lockedRound: UInt32?
    public internal(set) var validValue: Hash?
    public internal(set) var validRound: UInt32?
    /// The commit of the current height, once decided.
    public internal(set) var decision: Commit?
    public internal(set) var votes: VoteKeeper
    /// The proposer priorities of the current height's round 0.
    public internal(set) var priorities: ProposerPriority

    var proposals: [UInt32: ReceivedProposal] = [:]
    /// Everything this validator signed at the current height and later, including before a restart.
    var signedVotes: [SigningKey: SignedVote] = [:]
    var signedProposals: [SigningKey: SignedProposal] = [:]
    /// The round whose "for the first time" rules (lines 34, 36, 47) already fired.
    var prevoteTimeoutRound: UInt32?
    var polkaRound: UInt32?
    var precommitTimeoutRound: UInt32?
    /// The round to resume in after a restart, from the write-ahead log.
    var restoredRound: UInt32?
    var output: [ConsensusDirective] = []

    /// A validator about to start `height`; give it `.startHeight(height)` next.
    ///
    /// - Parameters:
    ///   - signer: this validator's key, or `nil` to follow without voting.
    ///   - priorities: the proposer priorities of `height`; computed from height 1 when `nil`.
    ///   - records: the write-ahead log's records, after a restart.
    ///   - round: the first round to take part in. A validator that knows it signed something in a
    ///     round without knowing what (its signer state is ahead of its log) starts after that round:
    ///     moving to a later round is always allowed, and it then never signs in the unknown one.
    public init(
        configuration: Configuration, signer: PrivateKey?, height: UInt64, priorities: ProposerPriority? = nil,
        restoring records: [WALRecord] = [], startingRound round: UInt32 = 0
    ) {
        precondition(height >= 1, "heights start at 1")
        self.configuration = configuration
        self.signer = signer
        publicKey = signer?.publicKey
        self.height = height
        votes = VoteKeeper(height: height, validators: configuration.validators)
        self.priorities = priorities ?? ProposerPriority(validators: configuration.validators, height: height)
        restore(records)
        if round > 0 { restoredRound = max(restoredRound ?? 0, round) }
    }

    public var validators: ValidatorSet { configuration.validators }

    /// The proposer of `round` at the current height.
    public func proposer(round: UInt32) -> PublicKey {
        validators.validators[priorities.proposer(round: round)].publicKey
    }

    /// Feeds one input and returns what the driver must do, in order.
    public mutating func handle(_ input: ConsensusInput) -> [ConsensusDirective] {
        precondition(output.isEmpty, "directives left from a previous input")
        switch input {
        case .startHeight(let height): startHeight(height)
        case .proposeValue(let height, let round, let value): proposeValue(height: height, round: round, value: value)
        case .proposal(let proposal, let isValid): receive(proposal, isValid: isValid)
        case .vote(let vote): receive(vote)
        case .timeout(let timeout): timeoutFired(timeout)
        }
        applyRules()
        defer { output = [] }
        return output
    }

    var isRunning: Bool { step != .idle && step != .decided }

    private mutating func startHeight(_ newHeight: UInt64) {
        if step == .decided {
            precondition(newHeight == height + 1, "the next height follows the decided one")
            height = newHeight
            round = 0
            (lockedValue, lockedRound, validValue, validRound, decision) = (nil, nil, nil, nil, nil)
            votes = VoteKeeper(height: newHeight, validators: validators)
            priorities = priorities.nextHeight()
            proposals = [:]
            (prevoteTimeoutRound, polkaRound, precommitTimeoutRound) = (nil, nil, nil)
            signedVotes = signedVotes.filter { $0.key.height >= newHeight }
            signedProposals = signedProposals.filter { $0.key.height >= newHeight }
        } else {
            precondition(step == .idle && newHeight == height, "startHeight once, for the height given at init")
        }
        startRound(restoredRound ?? 0)
        restoredRound = nil
    }

    /// The paper's StartRound.
    mutating func startRound(_ newRound: UInt32) {
        round = newRound
        step = .propose
        if proposer(round: newRound) == publicKey {
            let key = SigningKey(height: height, round: newRound, type: nil)
            if let signed = signedProposals[key] {
                // Proposed this round before a restart: send that proposal again, never another.
                output.append(.broadcastProposal(signed))
                proposals[newRound] = ReceivedProposal(proposal: VerifiedProposal(ownSigned: signed), isValid: true)
            } else if let validValue {
                sendProposal(validValue, validRound: validRound)
            } else {
                output.append(.requestValue(height: height, round: newRound))
            }
        }
        schedule(.propose)
        schedule(.round)
    }

    mutating func schedule(_ kind: TimeoutKind) {
        let duration = configuration.timeouts.durationMilliseconds(kind, round: round)
        output.append(
            .scheduleTimeout(ConsensusTimeout(kind: kind, height: height, round: round), milliseconds: duration))
    }

    private mutating func proposeValue(height: UInt64, round: UInt32, value: Hash) {
        guard isRunning, height == self.height, round == self.round, step == .propose,
            proposer(round: round) == publicKey, proposals[round] == nil
        else { return }
        sendProposal(value, validRound: nil)
    }

    private func isAcceptedRound(_ messageRound: UInt32) -> Bool {
        messageRound <= round || messageRound - round <= configuration.roundsAheadMax
    }

    private mutating func receive(_ verified: VerifiedProposal, isValid: Bool) {
        let proposal = verified.proposal
        guard isRunning, proposal.height == height, isAcceptedRound(proposal.round),
            proposal.validRound.map({ $0 < proposal.round }) ?? true,
            proposals[proposal.round] == nil, proposal.proposer == proposer(round: proposal.round)
        else { return }
        // The first proposal of a round counts; a conflicting second one from the same proposer is ignored.
        proposals[proposal.round] = ReceivedProposal(proposal: verified, isValid: isValid)
    }

    private mutating func receive(_ vote: VerifiedVote) {
        guard isRunning, vote.vote.height == height, isAcceptedRound(vote.vote.round) else { return }
        if case .equivocation(let evidence) = votes.add(vote) {
            output.append(.reportEvidence(evidence))
        }
    }

    private mutating func timeoutFired(_ timeout: ConsensusTimeout) {
        guard isRunning, timeout.height == height, timeout.round == round else { return }
        switch timeout.kind {
        case .propose where step == .propose:
            step = .prevote
            castVote(.prevote, value: nil)
        case .prevote where step == .prevote:
            step = .precommit
            castVote(.precommit, value: nil)
        case .precommit, .round:
            // The round's deadline (see `TimeoutKind.round`) moves on from any step, like line 65.
            precondition(round < UInt32.max, "round overflow")
            startRound(round + 1)
        default:
            break
        }
    }
}
