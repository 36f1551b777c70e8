public import BazaarAPI
public import BazaarCore

/// What a coordinator sees of both ledgers at one moment; the shell fetches it.
public struct SwapObservation: Sendable {
    /// The latest block time of each ledger.
    public var nowA: UInt64
    public var nowB: UInt64
    public var offer: SwapOfferJSON?
    public var makerHTLC: HTLCJSON?
    public var takerHTLC: HTLCJSON?
    /// HTLCs on B under the swap's hashlock, newest first.
    public var candidatesB: [HTLCJSON]

    public init(
        nowA: UInt64, nowB: UInt64, offer: SwapOfferJSON? = nil, makerHTLC: HTLCJSON? = nil,
        takerHTLC: HTLCJSON? = nil, candidatesB: [HTLCJSON] = []
    ) {
        self.nowA = nowA
        self.nowB = nowB
        self.offer = offer
        self.makerHTLC = makerHTLC
        self.takerHTLC = takerHTLC
        self.candidatesB = candidatesB
    }
}

/// What the shell does next.
public enum SwapDirective: Sendable, Equatable {
    /// Sign `action` on `ledger`, record it as pending, persist, send it and report its result.
    case submit(SwapLedger, Action)
    /// Write the state file (the state changed).
    case persist
    /// Print one line of progress.
    case progress(String)
    /// Nothing to do until the ledgers move; observe again later.
    case wait
    /// The swap is over.
    case finished
}

/// The cross-ledger swap protocol as a value state machine (docs/ESCROW.md, "Cross-ledger swaps"):
/// each input — an observation of both ledgers or the result of a transaction it asked for —
/// returns directives that a thin shell (`SwapRunner`) carries out. No I/O, no clock: times are
/// the ledgers' block times in the observation.
public struct SwapCoordinator: Sendable {
    public private(set) var state: SwapState

    public init(state: SwapState) { self.state = state }

    /// The taker locks only if the maker's HTLC has at least this much left: its own lock plus
    /// half of it again, the time to claim on A after the maker reveals the secret on B.
    public var takerLockMarginMs: UInt64 { state.takerLockMs + state.takerLockMs / 2 }
    /// The maker claims only an HTLC with at least this much left (a quarter of the taker's lock).
    public var makerClaimMarginMs: UInt64 { state.takerLockMs / 4 }

    /// Decides the next move from a fresh observation.
    public mutating func handle(_ observation: SwapObservation) -> [SwapDirective] {
        guard !state.step.isFinal else { return [.finished] }
        guard state.pending == nil else { return [.wait] }
        switch state.role {
        case .maker: return makerStep(observation)
        case .taker: return takerStep(observation)
        }
    }

    /// Takes in the committed result of the transaction of `step` (the pending one).
    public mutating func handle(result: TransactionResponse, of step: SwapState.Step) -> [SwapDirective] {
        state.pending = nil
        let code = result.code ?? "unknown"
        let events = result.events ?? []
        func detail(_ kind: String, _ key: String) -> UInt64? {
            events.first { $0.kind == kind }?.details?[key].flatMap(UInt64.init)
        }
        switch (step, code) {
        case (.posting, "ok"):
            state.offerID = detail("swap_offer_posted", "id")
            return move(
                to: .waitingForTaker, "offer \(state.offerID.map(String.init) ?? "?") posted on \(state.chainA)")
        case (.posting, _):
            return finish(.abandoned, "the offer was refused: \(code)")
        case (.taking, "ok"):
            state.makerHTLC = detail("swap_offer_taken", "htlc")
            return move(
                to: .takerLocking,
                "took offer \(state.offerID ?? 0): the maker's HTLC \(state.makerHTLC ?? 0) on \(state.chainA) is locked for us"
            )
        case (.taking, _):
            return finish(.abandoned, "the offer could not be taken: \(code)")
        case (.takerLocking, "ok"):
            state.takerHTLC = detail("htlc_locked", "id")
            return move(
                to: .waitingForMakerClaim, "locked HTLC \(state.takerHTLC ?? 0) on \(state.chainB) for the maker")
        case (.takerLocking, _):
            return finish(.abandoned, "our lock on \(state.chainB) was refused (\(code)); nothing of ours is locked")
        case (.makerClaiming, "ok"):
            return move(
                to: .waitingForTakerClaim,
                "claimed HTLC \(state.takerHTLC ?? 0) on \(state.chainB); the secret is public")
        case (.makerClaiming, _):
            state.takerHTLC = nil
            return move(to: .waitingForTakerLock, "the claim on \(state.chainB) failed (\(code)); watching again")
        case (.takerClaiming, "ok"):
            return finish(.completed, "claimed HTLC \(state.makerHTLC ?? 0) on \(state.chainA): swap complete")
        case (.takerClaiming, "htlc_expired"):
            return finish(.abandoned, "too late: the maker's HTLC on \(state.chainA) timed out before our claim")
        case (.takerClaiming, _):
            return move(to: .waitingForMakerClaim, "the claim on \(state.chainA) failed (\(code)); watching again")
        case (.makerRefunding, "ok"):
            let claimed = state.step == .makerRefunding && state.outcome == "claimed"
            return finish(claimed ? .completed : .refunded, "refunded HTLC \(state.makerHTLC ?? 0) on \(state.chainA)")
        case (.takerRefunding, "ok"):
            return finish(.refunded, "refunded HTLC \(state.takerHTLC ?? 0) on \(state.chainB)")
        case (.makerRefunding, _), (.takerRefunding, _):
            // Too early by the other ledger's clock, or claimed meanwhile: observe again.
            return [.progress("step \(step.rawValue): refund refused (\(code)); will retry"), .persist, .wait]
        default:
            return [.persist, .wait]
        }
    }

    /// Forgets a pending transaction that the ledger never saw and that can no longer commit.
    public mutating func dropPending() -> [SwapDirective] {
        state.pending = nil
        return [.persist]
    }

    /// Records the signed transaction the shell is about to send.
    public mutating func recordPending(_ pending: SwapState.PendingTransaction) {
        state.pending = pending
    }

    // MARK: - The maker

    private mutating func makerStep(_ seen: SwapObservation) -> [SwapDirective] {
        switch state.step {
        case .posting:
            guard let action = postAction() else { return finish(.abandoned, "the swap's terms do not parse") }
            return [.submit(.a, action)]
        case .waitingForTaker:
            guard let offer = seen.offer else { return [.wait] }
            switch offer.status {
            case "taken":
                state.takerAddress = offer.taker
                state.makerHTLC = offer.htlc.flatMap(UInt64.init)
                return move(
                    to: .waitingForTakerLock,
                    "offer taken by \(offer.taker ?? "?"); our HTLC \(offer.htlc ?? "?") on \(state.chainA) is locked")
            case "expired", "cancelled":
                return finish(.expired, "the offer \(offer.status) untaken; its escrow returned")
            default:
                return [.wait]
            }
        case .waitingForTakerLock:
            if let lock = seen.candidatesB.first(where: isAcceptableTakerLock(now: seen.nowB)) {
                state.takerHTLC = UInt64(lock.id)
                state.step = .makerClaiming
                guard let secret = state.secret.flatMap({ [UInt8](hex: $0) }) else {
                    preconditionFailure("a maker's state always holds its secret")
                }
                return [
                    .progress(
                        "step \(SwapState.Step.makerClaiming.rawValue): the taker locked HTLC \(lock.id) on \(state.chainB); claiming it"
                    ),
                    .persist, .submit(.b, .escrow(.claimHTLC(id: UInt64(lock.id)!, preimage: secret))),
                ]
            }
            return refundIfDue(seen, outcome: nil)
        case .makerClaiming:
            // Resumed with no claim in flight: claim again while the taker's HTLC is open.
            guard let id = state.takerHTLC, let lock = seen.takerHTLC,
                isAcceptableTakerLock(now: seen.nowB)(lock),
                let secret = state.secret.flatMap({ [UInt8](hex: $0) })
            else {
                if seen.takerHTLC?.status == "claimed" {
                    return move(to: .waitingForTakerClaim, "our claim on \(state.chainB) is in")
                }
                state.takerHTLC = nil
                return move(to: .waitingForTakerLock, "the taker's HTLC can no longer be claimed; watching again")
            }
            return [.submit(.b, .escrow(.claimHTLC(id: id, preimage: secret)))]
        case .waitingForTakerClaim:
            guard let htlc = seen.makerHTLC else { return [.wait] }
            if htlc.status == "claimed" {
                return finish(.completed, "the taker claimed our HTLC on \(state.chainA): swap complete")
            }
            // The taker let our HTLC time out after we were paid: take it back too.
            return refundIfDue(seen, outcome: "claimed")
        case .makerRefunding:
            return refundIfDue(seen, outcome: state.outcome)
        default:
            preconditionFailure("step \(state.step) is not a maker's")
        }
    }

    private func isAcceptableTakerLock(now: UInt64) -> (HTLCJSON) -> Bool {
        { htlc in
            htlc.status == "open" && htlc.recipient == state.makerAddress && htlc.asset == state.wantAsset
                && (UInt128(htlc.amountBaseUnits) ?? 0) >= (UInt128(state.wantAmountBaseUnits) ?? .max)
                && htlc.timeoutMs > now + makerClaimMarginMs
        }
    }

    /// Refunds the maker's HTLC once A's block time reaches its timeout.
    private mutating func refundIfDue(_ seen: SwapObservation, outcome: String?) -> [SwapDirective] {
        guard let htlc = seen.makerHTLC, let id = state.makerHTLC else { return [.wait] }
        switch htlc.status {
        case "claimed": return finish(.completed, "the taker claimed our HTLC on \(state.chainA): swap complete")
        case "refunded":
            return finish(outcome == "claimed" ? .completed : .refunded, "our HTLC on \(state.chainA) is refunded")
        default: break
        }
        guard seen.nowA >= htlc.timeoutMs else { return [.wait] }
        state.step = .makerRefunding
        state.outcome = outcome
        return [
            .progress(
                "step \(SwapState.Step.makerRefunding.rawValue): our HTLC \(id) on \(state.chainA) timed out; refunding"
            ),
            .persist, .submit(.a, .escrow(.refundHTLC(id: id))),
        ]
    }

    private func postAction() -> Action? {
        guard let give = UInt128(state.giveAmountBaseUnits), let want = UInt128(state.wantAmountBaseUnits),
            let giveAsset = AssetSymbol(validating: state.giveAsset),
            let wantAsset = AssetSymbol(validating: state.wantAsset),
            let maker = AccountID(address: state.makerAddress), let hashlock = Hash(hex: state.hashlock)
        else { return nil }
        return .escrow(
            .postSwapOffer(
                SwapOffer.Terms(
                    giveAsset: giveAsset, giveAmount: Amount(baseUnits: give), wantChainID: state.chainB,
                    wantAsset: wantAsset, wantAmount: Amount(baseUnits: want), makerWantAddress: maker,
                    hashlock: hashlock, takerLockMilliseconds: state.takerLockMs,
                    expiresAtMilliseconds: state.offerExpiresAtMs)))
    }

    // MARK: - The taker

    private mutating func takerStep(_ seen: SwapObservation) -> [SwapDirective] {
        switch state.step {
        case .taking:
            guard let offer = seen.offer else { return [.wait] }
            if offer.taker == state.takerAddress, let htlc = offer.htlc.flatMap(UInt64.init) {
                state.makerHTLC = htlc
                return move(to: .takerLocking, "the offer is taken by us; the maker's HTLC \(htlc) is locked for us")
            }
            guard offer.status == "open", seen.nowA < offer.expiresAtMs else {
                return finish(
                    .abandoned,
                    "offer \(offer.id) is \(offer.status == "open" ? "expired" : offer.status); nothing was locked")
            }
            return [.submit(.a, .escrow(.takeSwapOffer(id: state.offerID!)))]
        case .takerLocking:
            if let mine = seen.candidatesB.first(where: {
                $0.sender == state.takerAddress && $0.recipient == state.makerAddress
            }) {
                state.takerHTLC = UInt64(mine.id)
                return move(to: .waitingForMakerClaim, "our HTLC \(mine.id) on \(state.chainB) is locked")
            }
            guard let htlc = seen.makerHTLC else { return [.wait] }
            guard htlc.status == "open", htlc.recipient == state.takerAddress, htlc.hashlock == state.hashlock,
                htlc.asset == state.giveAsset, htlc.amountBaseUnits == state.giveAmountBaseUnits
            else {
                return finish(
                    .abandoned, "the maker's HTLC is not as offered (\(htlc.status)); nothing of ours was locked")
            }
            guard htlc.timeoutMs >= seen.nowA + takerLockMarginMs else {
                return finish(
                    .abandoned, "too little time left on the maker's HTLC to lock safely; nothing of ours was locked")
            }
            guard let lock = lockAction(now: seen.nowB) else {
                return finish(.abandoned, "the swap's terms do not parse")
            }
            return [.submit(.b, lock)]
        case .waitingForMakerClaim:
            guard let mine = seen.takerHTLC, let id = state.takerHTLC else { return [.wait] }
            switch mine.status {
            case "claimed":
                guard let preimage = mine.preimage, let bytes = [UInt8](hex: preimage), let makerHTLC = state.makerHTLC
                else { return [.wait] }
                state.secret = preimage
                state.step = .takerClaiming
                return [
                    .progress(
                        "step \(SwapState.Step.takerClaiming.rawValue): the maker claimed on \(state.chainB) and revealed the secret; claiming on \(state.chainA)"
                    ),
                    .persist, .submit(.a, .escrow(.claimHTLC(id: makerHTLC, preimage: bytes))),
                ]
            case "refunded":
                return finish(.refunded, "our HTLC on \(state.chainB) is refunded")
            default:
                guard seen.nowB >= mine.timeoutMs else { return [.wait] }
                state.step = .takerRefunding
                return [
                    .progress(
                        "step \(SwapState.Step.takerRefunding.rawValue): the maker never claimed; our HTLC \(id) on \(state.chainB) timed out; refunding"
                    ),
                    .persist, .submit(.b, .escrow(.refundHTLC(id: id))),
                ]
            }
        case .takerClaiming:
            if seen.makerHTLC?.status == "claimed" {
                return finish(.completed, "claimed on \(state.chainA): swap complete")
            }
            guard let bytes = state.secret.flatMap({ [UInt8](hex: $0) }), let makerHTLC = state.makerHTLC else {
                return [.wait]
            }
            return [.submit(.a, .escrow(.claimHTLC(id: makerHTLC, preimage: bytes)))]
        case .takerRefunding:
            guard let mine = seen.takerHTLC, let id = state.takerHTLC else { return [.wait] }
            if mine.status != "open" {
                state.step = .waitingForMakerClaim
                return takerStep(seen)
            }
            return [.submit(.b, .escrow(.refundHTLC(id: id)))]
        default:
            preconditionFailure("step \(state.step) is not a taker's")
        }
    }

    private func lockAction(now: UInt64) -> Action? {
        guard let want = UInt128(state.wantAmountBaseUnits), let asset = AssetSymbol(validating: state.wantAsset),
            let maker = AccountID(address: state.makerAddress), let hashlock = Hash(hex: state.hashlock)
        else { return nil }
        return .escrow(
            .lockHTLC(
                EscrowAction.LockHTLC(
                    recipient: maker, asset: asset, amount: Amount(baseUnits: want), hashlock: hashlock,
                    timeoutMilliseconds: now + state.takerLockMs)))
    }

    // MARK: - Moves

    private mutating func move(to step: SwapState.Step, _ text: String) -> [SwapDirective] {
        state.step = step
        return [.progress("step \(step.rawValue): \(text)"), .persist]
    }

    private mutating func finish(_ step: SwapState.Step, _ text: String) -> [SwapDirective] {
        state.step = step
        state.outcome = text
        return [.progress("step \(step.rawValue): \(text)"), .persist, .finished]
    }
}
