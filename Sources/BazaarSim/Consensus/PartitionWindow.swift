/// A partition that blocks some links from `start` until it heals at `end`.
struct PartitionWindow: Sendable {
    let startMilliseconds: UInt64
    let endMilliseconds: UInt64
    /// `blocked[from][to]`; not symmetric for a one-way partition.
    let blocked: [[Bool]]

    func blocks(from: Int, to: Int, atMilliseconds time: UInt64) -> Bool {
        time >= startMilliseconds && time < endMilliseconds && blocked[from][to]
    }
}
