import BazaarConsensus
import BazaarCore

/// Validators with fixed keys and helpers to sign their messages, for driving one `Tendermint` by hand.
struct ConsensusFixture {
    static let chainID = "consensus-test"
    static let valueA = Hash.sha256([0xA])
    static let valueB = Hash.sha256([0xB])

    let keys: [PrivateKey]
    let validators: ValidatorSet
    let timeouts = TimeoutSettings(
        proposeMilliseconds: 1_000, proposeDeltaMilliseconds: 100, prevoteMilliseconds: 500,
        prevoteDeltaMilliseconds: 50, precommitMilliseconds: 500, precommitDeltaMilliseconds: 50)

    /// One validator per power, keys derived from their position.
    init(powers: [UInt64] = [1, 1, 1, 1]) {
        let keys = powers.indices.map { PrivateKey(seed: [UInt8](repeating: UInt8($0 + 1), count: 32))! }
        self.keys = keys
        validators = ValidatorSet(
            zip(keys, powers).map { Validator(publicKey: $0.publicKey, votingPower: $1) })
    }

    var configuration: Tendermint.Configuration {
        Tendermint.Configuration(chainID: Self.chainID, validators: validators, timeouts: timeouts)
    }

    func key(of publicKey: PublicKey) -> PrivateKey {
        keys.first { $0.publicKey == publicKey }!
    }

    /// The validator's key at `index` of the (sorted) validator set.
    func key(at index: Int) -> PrivateKey {
        key(of: validators.validators[index].publicKey)
    }

    func instance(_ key: PrivateKey, height: UInt64 = 1, restoring records: [WALRecord] = []) -> Tendermint {
        Tendermint(configuration: configuration, signer: key, height: height, restoring: records)
    }

    /// A started validator that does not propose in rounds 0, 1 and 2.
    func startedFollower(height: UInt64 = 1) -> (Tendermint, [ConsensusDirective]) {
        let probe = instance(keys[0], height: height)
        let proposers = (0...2).map { probe.proposer(round: $0) }
        let key = keys.first { !proposers.contains($0.publicKey) }!
        var consensus = instance(key, height: height)
        let directives = consensus.handle(.startHeight(height))
        return (consensus, directives)
    }

    func vote(
        _ type: VoteType, from key: PrivateKey, height: UInt64 = 1, round: UInt32 = 0, value: Hash?
    ) -> ConsensusInput {
        let vote = Vote(type: type, height: height, round: round, value: value, validator: key.publicKey)
        return .vote(
            VerifiedVote(
                verifying: SignedVote(signing: vote, with: key, chainID: Self.chainID),
                chainID: Self.chainID)!)
    }

    /// Votes of `type` for `value` from every validator in `indices` except the one `consensus` runs.
    func votes(
        _ type: VoteType, from indices: [Int], except consensus: Tendermint, height: UInt64 = 1, round: UInt32 = 0,
        value: Hash?
    ) -> [ConsensusInput] {
        indices.map { key(at: $0) }.filter { $0.publicKey != consensus.publicKey }.map {
            vote(type, from: $0, height: height, round: round, value: value)
        }
    }

    func proposal(
        for consensus: Tendermint, round: UInt32 = 0, value: Hash, validRound: UInt32? = nil, isValid: Bool = true
    ) -> ConsensusInput {
        let proposer = key(of: consensus.proposer(round: round))
        let proposal = Proposal(
            height: consensus.height, round: round, value: value, validRound: validRound,
            proposer: proposer.publicKey)
        let signed = SignedProposal(signing: proposal, with: proposer, chainID: Self.chainID)
        return .proposal(VerifiedProposal(verifying: signed, chainID: Self.chainID)!, isValid: isValid)
    }
}

extension Tendermint {
    /// Feeds several inputs and returns all directives.
    mutating func handle(_ inputs: [ConsensusInput]) -> [ConsensusDirective] {
        inputs.flatMap { handle($0) }
    }
}

extension [ConsensusDirective] {
    var broadcastVotes: [Vote] {
        compactMap {
            if case .broadcastVote(let signed) = $0 { return signed.vote }
            return nil
        }
    }

    var scheduledTimeouts: [(timeout: ConsensusTimeout, milliseconds: UInt64)] {
        compactMap {
            if case .scheduleTimeout(let timeout, let milliseconds) = $0 { return (timeout, milliseconds) }
            return nil
        }
    }

    var decisions: [Commit] {
        compactMap {
            if case .decide(let commit) = $0 { return commit }
            return nil
        }
    }

    var evidence: [Evidence] {
        compactMap {
            if case .reportEvidence(let evidence) = $0 { return evidence }
            return nil
        }
    }
}
