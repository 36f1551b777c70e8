import BazaarCore
import NIOCore
import NIOPosix
import NIOSSL

// The callbacks of the NIO shell: building a link's pipeline, admitting it, and reconnecting.
extension PeerTransport {
    /// Installs TLS, the frame codec and the link handler on a new channel.
    ///
    /// - Parameter expectedPeer: for an outbound link, the only key accepted from the peer.
    func configureLink(channel: any Channel, direction: LinkDirection, expectedPeer: PublicKey?) throws {
        let linkID = try state.withLock { state in
            guard !state.isClosed else { throw P2PError.notRunning }
            let linkID = state.nextLinkID
            state.nextLinkID += 1
            state.links[linkID] = TransportState.LinkEntry(channel: channel, dialledPeer: expectedPeer)
            return linkID
        }
        channel.closeFuture.whenComplete { [self] _ in linkClosed(linkID: linkID) }
        // Runs inside the handshake, after TLS has checked that the peer holds the certificate's key.
        let verify: NIOSSLCustomVerificationCallback = { [self] certificates, promise in
            let key = certificates.first.flatMap(NodeTLSIdentity.nodeKey(of:))
            promise.succeed(isAcceptable(key, expectedPeer: expectedPeer) ? .certificateVerified : .failed)
        }
        let operations = channel.pipeline.syncOperations
        switch direction {
        case .inbound:
            try operations.addHandler(NIOSSLServerHandler(context: serverContext, customVerificationCallback: verify))
        case .outbound:
            try operations.addHandler(
                NIOSSLClientHandler(context: clientContext, serverHostname: nil, customVerificationCallback: verify))
        }
        try operations.addHandler(ByteToMessageHandler(FrameDecoder(frameBytesMax: configuration.frameBytesMax)))
        try operations.addHandler(MessageToByteHandler(FrameEncoder(frameBytesMax: configuration.frameBytesMax)))
        try operations.addHandler(
            PeerLinkHandler(
                linkID: linkID, direction: direction, transport: self, configuration: configuration, logger: logger))
    }

    /// Admits a link whose peer proved `peer` in the handshake.
    ///
    /// - Returns: `nil` if admitted, or why it was refused.
    func linkAuthenticated(peer: PublicKey, linkID: UInt64, direction: LinkDirection, channel: any Channel) -> String? {
        let (refusal, replaced, peerList) = state.withLock {
            state -> (String?, (any Channel)?, [PeerRecord]?) in
            guard !state.isClosed else { return ("the transport is closing", nil, nil) }
            var replaced: (any Channel)?
            switch state.table.admit(peer: peer, linkID: linkID, direction: direction) {
            case .reject(let rejection):
                state.statistics.handshakesRefused += 1
                return (rejection.rawValue, nil, nil)
            case .acceptReplacing(let oldLinkID):
                replaced = state.links[oldLinkID]?.channel
            case .accept:
                break
            }
            state.linkPeers[linkID] = peer
            state.statistics.linksEstablished += 1
            guard var target = state.dialTargets[peer] else { return (nil, replaced, nil) }
            target.backoff.succeeded()
            target.retry?.cancel()
            target.retry = nil
            state.dialTargets[peer] = target
            guard state.knownPeers[peer] != target.record else { return (nil, replaced, nil) }
            state.knownPeers[peer] = target.record
            return (nil, replaced, Array(state.knownPeers.values))
        }
        replaced?.close(promise: nil)
        if let peerList, let peerListFile {
            do { try peerListFile.save(peerList) } catch { logger.error("\(error)") }
        }
        return refusal
    }

    /// Hands a frame from `peer` up, unless the upper layer refuses it.
    ///
    /// - Returns: `false` if the payload was refused and the peer must be dropped.
    func frameReceived(peer: PublicKey, payload: [UInt8]) -> Bool {
        guard configuration.acceptsPayload(peer, payload) else { return false }
        if case .dropped = continuation.yield(InboundFrame(peer: peer, payload: payload)) {
            state.withLock { $0.statistics.inboundFramesDropped += 1 }
        }
        return true
    }

    /// Counts a frame refused by a full outbound queue.
    func outboundFrameDropped(peer: PublicKey) {
        let dropped = state.withLock { state in
            state.statistics.outboundFramesDropped += 1
            return state.statistics.outboundFramesDropped
        }
        // Logging every drop would flood the log exactly when the node is overloaded.
        if dropped & (dropped - 1) == 0 {
            logger.warning(
                "outbound queue full; frames dropped",
                metadata: ["peer": "\(peer.hex.prefix(16))", "droppedTotal": "\(dropped)"])
        }
    }

    /// Counts a link the link handler is closing.
    func linkDropped(isProtocolViolation: Bool, duringHandshake: Bool) {
        state.withLock { state in
            if isProtocolViolation { state.statistics.peersDropped += 1 }
            if duringHandshake { state.statistics.handshakesRefused += 1 }
        }
    }

    /// Forgets a closed channel and, if it was the way to a dialled peer, schedules a reconnection.
    func linkClosed(linkID: UInt64) {
        let retryPeer = state.withLock { state -> PublicKey? in
            let entry = state.links.removeValue(forKey: linkID)
            let peer = state.linkPeers.removeValue(forKey: linkID)
            if let peer { _ = state.table.closed(peer: peer, linkID: linkID) }
            if let dialled = entry?.dialledPeer { state.dialTargets[dialled]?.isConnecting = false }
            return peer ?? entry?.dialledPeer
        }
        if let retryPeer { scheduleRetry(retryPeer) }
    }

    /// Starts one connection attempt to a dialled peer, unless one is under way or a link is up.
    func connect(_ peer: PublicKey) {
        guard
            let record = state.withLock({ state -> PeerRecord? in
                guard !state.isClosed, var target = state.dialTargets[peer], !target.isConnecting,
                    state.table.links[peer] == nil
                else { return nil }
                target.isConnecting = true
                target.retry = nil
                state.dialTargets[peer] = target
                return target.record
            })
        else { return }
        ClientBootstrap(group: group)
            .connectTimeout(.milliseconds(configuration.connectTimeoutMilliseconds))
            .channelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    try configureLink(channel: channel, direction: .outbound, expectedPeer: peer)
                }
            }
            .connect(host: record.host, port: record.port)
            .whenFailure { [self] error in
                logger.debug("connect failed", metadata: ["peer": "\(peer.hex.prefix(16))", "error": "\(error)"])
                connectAttemptFailed(peer)
            }
    }

    /// Schedules the next attempt if nothing else will: no channel for the peer remains open.
    private func connectAttemptFailed(_ peer: PublicKey) {
        let pending = state.withLock { state in
            state.links.values.contains { $0.dialledPeer == peer }
        }
        guard !pending else { return }  // Its close will schedule the retry.
        state.withLock { $0.dialTargets[peer]?.isConnecting = false }
        scheduleRetry(peer)
    }

    /// Schedules a reconnection to `peer` after the next backoff delay, if it is dialled, unlinked,
    /// and neither connecting nor already scheduled.
    private func scheduleRetry(_ peer: PublicKey) {
        let loop = group.next()
        let delay = state.withLock { state -> Int64? in
            guard !state.isClosed, var target = state.dialTargets[peer], !target.isConnecting, target.retry == nil,
                state.table.links[peer] == nil
            else { return nil }
            let delay = target.backoff.failed(unitRandom: configuration.unitRandom())
            target.retry = loop.scheduleTask(in: .milliseconds(delay)) { [self] in connect(peer) }
            state.dialTargets[peer] = target
            return delay
        }
        if let delay {
            logger.debug("reconnecting later", metadata: ["peer": "\(peer.hex.prefix(16))", "delayMs": "\(delay)"])
        }
    }

    private func isAcceptable(_ key: PublicKey?, expectedPeer: PublicKey?) -> Bool {
        guard let key else { return false }
        if let expectedPeer { return key == expectedPeer }
        return state.withLock { $0.acceptsInbound(key, configured: configuration.allowedPeers) }
    }
}
