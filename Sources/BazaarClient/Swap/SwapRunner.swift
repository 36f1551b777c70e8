import BazaarAPI
public import BazaarCore
import Foundation

/// The thin async shell around `SwapCoordinator`: it observes both ledgers, hands the
/// observation in, and carries out the directives — persisting the state after every step and
/// before sending any transaction, so `bazaar swap resume` continues after a crash.
public struct SwapRunner: Sendable {
    public let key: PrivateKey
    public let apiA: BazaarAPIClient
    public let apiB: BazaarAPIClient
    public let store: SwapStore
    /// How often the ledgers are polled.
    public let pollInterval: Duration
    /// Receives each progress line.
    public let report: @Sendable (String) -> Void

    public init(
        key: PrivateKey, apiA: BazaarAPIClient, apiB: BazaarAPIClient, store: SwapStore,
        pollInterval: Duration = .milliseconds(500), report: @escaping @Sendable (String) -> Void
    ) {
        self.key = key
        self.apiA = apiA
        self.apiB = apiB
        self.store = store
        self.pollInterval = pollInterval
        self.report = report
    }

    /// Runs the swap until it reaches a final step; returns the final state.
    ///
    /// Errors talking to a node are reported and retried: a coordinator must outlive a node restart.
    /// - Parameter stop: ends the run early once it holds of the state with nothing pending.
    public func run(_ initial: SwapState, until stop: @Sendable (SwapState) -> Bool = { _ in false }) async throws
        -> SwapState
    {
        var machine = SwapCoordinator(state: initial)
        try store.save(machine.state)
        while true {
            if machine.state.pending == nil, stop(machine.state) { return machine.state }
            do {
                if let pending = machine.state.pending {
                    try await resolve(pending, machine: &machine)
                } else {
                    let directives = machine.handle(try await observe(machine.state))
                    if try await carryOut(directives, machine: &machine) { return machine.state }
                }
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                report("note: \(error); retrying")
                try await Task.sleep(for: pollInterval * 2)
            }
            try await Task.sleep(for: pollInterval)
        }
    }

    private func api(_ ledger: SwapLedger) -> BazaarAPIClient { ledger == .a ? apiA : apiB }

    /// Carries out directives in order; true once the swap is finished.
    private func carryOut(_ directives: [SwapDirective], machine: inout SwapCoordinator) async throws -> Bool {
        // The state is on disk before any line saying it changed is printed.
        try store.save(machine.state)
        var finished = false
        for directive in directives {
            switch directive {
            case .progress(let line): report(line)
            case .persist, .wait: break
            case .finished: finished = true
            case .submit(let ledger, let action): try await submit(action, on: ledger, machine: &machine)
            }
        }
        return finished
    }

    /// Signs, records as pending, persists, then sends.
    private func submit(_ action: Action, on ledger: SwapLedger, machine: inout SwapCoordinator) async throws {
        let api = api(ledger)
        let signed = try await api.sign(actions: [action], from: key)
        let pending = SwapState.PendingTransaction(
            ledger: ledger, id: signed.id.hex, bytes: Data(signed.canonicalBytes).base64EncodedString(),
            expiryHeight: signed.transaction.expiryHeight, step: machine.state.step)
        machine.recordPending(pending)
        try store.save(machine.state)
        _ = try? await api.submit(signed)
    }

    /// Finds out what became of the pending transaction and tells the machine.
    private func resolve(_ pending: SwapState.PendingTransaction, machine: inout SwapCoordinator) async throws {
        let api = api(pending.ledger)
        let response = try await api.transaction(id: pending.id)
        switch response.status {
        case .committed:
            _ = try await carryOut(machine.handle(result: response, of: pending.step), machine: &machine)
        case .pending:
            return
        case .unknown:
            let status = try await api.status()
            guard status.height <= pending.expiryHeight, let bytes = Data(base64Encoded: pending.bytes),
                let signed = try? SignedTransaction(canonicalBytes: [UInt8](bytes))
            else {
                _ = try await carryOut(machine.dropPending(), machine: &machine)
                return
            }
            do {
                _ = try await api.submit(signed)
            } catch let error as APIError where !["duplicate", "mempool_full", "nonce_too_high"].contains(error.code) {
                // Refused for good (another transaction took the nonce, the height passed, the fee
                // cannot be paid…): this one never commits. (A committed one would have been found above.)
                if try await api.transaction(id: pending.id).status == .unknown {
                    report("note: \(pending.ledger) refused the transaction of step \(pending.step.rawValue): \(error)")
                    _ = try await carryOut(machine.dropPending(), machine: &machine)
                }
            }
        }
    }

    /// Fetches what the machine needs of both ledgers.
    private func observe(_ state: SwapState) async throws -> SwapObservation {
        async let statusA = apiA.status()
        async let statusB = apiB.status()
        var observation = SwapObservation(
            nowA: try await statusA.latestBlockTimeMs, nowB: try await statusB.latestBlockTimeMs)
        if let id = state.offerID { observation.offer = try await apiA.swapOffer(id: id) }
        if let id = state.makerHTLC { observation.makerHTLC = try await apiA.htlc(id: id) }
        if let id = state.takerHTLC { observation.takerHTLC = try await apiB.htlc(id: id) }
        if [.waitingForTakerLock, .takerLocking].contains(state.step) {
            observation.candidatesB = try await apiB.htlcs(hashlock: state.hashlock).htlcs
        }
        return observation
    }
}
