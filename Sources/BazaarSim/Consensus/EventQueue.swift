/// Events ordered by virtual time, ties broken by insertion order, so every run pops them identically.
struct EventQueue {
    private struct Entry {
        let timeMilliseconds: UInt64
        let sequence: UInt64
        let event: SimulationEvent
    }

    private var entries: [Entry] = []
    private var nextSequence: UInt64 = 0

    var isEmpty: Bool { entries.isEmpty }
    var count: Int { entries.count }

    /// - Complexity: O(n) for the insertion into the sorted array; the queue stays in the thousands.
    mutating func schedule(_ event: SimulationEvent, atMilliseconds time: UInt64) {
        let entry = Entry(timeMilliseconds: time, sequence: nextSequence, event: event)
        nextSequence += 1
        // Kept in descending order so that popping the earliest is O(1).
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            let other = entries[middle]
            if (other.timeMilliseconds, other.sequence) > (time, entry.sequence) {
                low = middle + 1
            } else {
                high = middle
            }
        }
        entries.insert(entry, at: low)
    }

    mutating func popEarliest() -> (timeMilliseconds: UInt64, event: SimulationEvent)? {
        guard let entry = entries.popLast() else { return nil }
        return (entry.timeMilliseconds, entry.event)
    }
}
