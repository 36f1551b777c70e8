import BazaarCore
import Prometheus

/// The node's Prometheus metrics, served at `/metrics`.
///
/// A registry per node rather than the process-wide `MetricsSystem`, so that
/// several nodes in one test process keep separate figures.
public struct NodeMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    let transactionsAccepted: Counter
    let transactionsRejected: Counter
    let transactionsCommitted: Counter
    let blocksCommitted: Counter
    let blockHeight: Gauge
    let mempoolTransactions: Gauge
    let mempoolBytes: Gauge
    let blockExecution: DurationHistogram
    let streamSubscribers: Gauge
    let consensusRound: Gauge
    let connectedPeers: Gauge
    let roundsAfterFirst: Counter
    let historyFailures: Counter

    public init() {
        transactionsAccepted = registry.makeCounter(
            descriptor: Self.name("transactions_accepted", unit: "total", help: "Transactions admitted to the mempool.")
        )
        transactionsRejected = registry.makeCounter(
            descriptor: Self.name("transactions_rejected", unit: "total", help: "Transactions refused at admission."))
        transactionsCommitted = registry.makeCounter(
            descriptor: Self.name(
                "transactions_committed", unit: "total", help: "Transactions included in committed blocks."))
        blocksCommitted = registry.makeCounter(
            descriptor: Self.name("blocks_committed", unit: "total", help: "Blocks committed."))
        blockHeight = registry.makeGauge(
            descriptor: Self.name("block_height", help: "Height of the latest committed block."))
        mempoolTransactions = registry.makeGauge(
            descriptor: Self.name("mempool_transactions", help: "Transactions waiting in the mempool."))
        mempoolBytes = registry.makeGauge(
            descriptor: Self.name("mempool", unit: "bytes", help: "Encoded bytes waiting in the mempool."))
        blockExecution = registry.makeDurationHistogram(
            descriptor: Self.name(
                "block_commit", unit: "seconds", help: "Time to prepare, execute and persist a block."),
            buckets: [
                .milliseconds(1), .milliseconds(5), .milliseconds(20), .milliseconds(50), .milliseconds(200),
                .seconds(1),
            ])
        streamSubscribers = registry.makeGauge(
            descriptor: Self.name("stream_connections", help: "Open WebSocket stream connections."))
        consensusRound = registry.makeGauge(
            descriptor: Self.name("consensus_round", help: "Consensus round of the height being decided."))
        connectedPeers = registry.makeGauge(
            descriptor: Self.name("peers_connected", help: "Peers with a live, authenticated link."))
        roundsAfterFirst = registry.makeCounter(
            descriptor: Self.name(
                "consensus_rounds_failed", unit: "total",
                help: "Heights decided after round 0, counted once per extra round (a slow or missing proposer)."))
        historyFailures = registry.makeCounter(
            descriptor: Self.name(
                "history_failures", unit: "total",
                help: "Blocks whose account history could not be made or stored (history then stops; see the log)."))
    }

    /// `bazaar_<metric>[_<unit>]`, with help text.
    private static func name(_ metric: String, unit: String = "", help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "bazaar", metricName: metric, unitName: unit, helpText: help)
    }

    /// The Prometheus text exposition of every metric.
    public func exposition() -> String { registry.emitToString() }
}
