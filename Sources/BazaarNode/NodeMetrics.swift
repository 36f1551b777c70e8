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

    public init() {
        transactionsAccepted = registry.makeCounter(
            name: "bazaar_transactions_accepted_total", help: "Transactions admitted to the mempool.")
        transactionsRejected = registry.makeCounter(
            name: "bazaar_transactions_rejected_total", help: "Transactions refused at admission.")
        transactionsCommitted = registry.makeCounter(
            name: "bazaar_transactions_committed_total", help: "Transactions included in committed blocks.")
        blocksCommitted = registry.makeCounter(name: "bazaar_blocks_committed_total", help: "Blocks committed.")
        blockHeight = registry.makeGauge(name: "bazaar_block_height", help: "Height of the latest committed block.")
        mempoolTransactions = registry.makeGauge(
            name: "bazaar_mempool_transactions", help: "Transactions waiting in the mempool.")
        mempoolBytes = registry.makeGauge(name: "bazaar_mempool_bytes", help: "Encoded bytes waiting in the mempool.")
        blockExecution = registry.makeDurationHistogram(
            name: "bazaar_block_commit_seconds",
            buckets: [
                .milliseconds(1), .milliseconds(5), .milliseconds(20), .milliseconds(50), .milliseconds(200),
                .seconds(1),
            ],
            help: "Time to prepare, execute and persist a block.")
        streamSubscribers = registry.makeGauge(
            name: "bazaar_stream_connections", help: "Open WebSocket stream connections.")
    }

    /// The Prometheus text exposition of every metric.
    public func exposition() -> String { registry.emitToString() }
}
