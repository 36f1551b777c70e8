/// A bounded first-in first-out queue of frames waiting for a peer's socket to accept them.
///
/// Bounded in frames and in bytes; a frame that would exceed either bound is refused and counted,
/// never queued, so a slow or stalled peer costs the node a fixed amount of memory.
public struct OutboundQueue<Element>: Sendable where Element: Sendable {
    /// The most frames held.
    public let frameCountMax: Int
    /// The most payload bytes held.
    public let byteCountMax: Int

    private var elements: [(element: Element, byteCount: Int)] = []
    private var head = 0
    /// Payload bytes currently held.
    public private(set) var byteCount = 0
    /// Frames refused because the queue was full, since creation.
    public private(set) var droppedCount: UInt64 = 0

    public init(frameCountMax: Int, byteCountMax: Int) {
        precondition(frameCountMax > 0 && byteCountMax > 0, "queue bounds must be positive")
        self.frameCountMax = frameCountMax
        self.byteCountMax = byteCountMax
    }

    /// Frames currently held.
    public var count: Int { elements.count - head }
    public var isEmpty: Bool { count == 0 }

    /// Appends `element` if it fits, or counts it as dropped.
    ///
    /// - Returns: `true` if queued, `false` if dropped.
    /// - Complexity: amortized O(1).
    public mutating func enqueue(_ element: Element, byteCount size: Int) -> Bool {
        guard count < frameCountMax, byteCount + size <= byteCountMax else {
            droppedCount += 1
            return false
        }
        elements.append((element, size))
        byteCount += size
        return true
    }

    /// Removes and returns the oldest frame.
    ///
    /// - Complexity: amortized O(1); the storage is compacted once half of it is consumed.
    public mutating func dequeue() -> Element? {
        guard head < elements.count else { return nil }
        let (element, size) = elements[head]
        head += 1
        byteCount -= size
        if head * 2 >= elements.count {
            elements.removeFirst(head)
            head = 0
        }
        return element
    }

    /// Removes every frame and returns them, oldest first (to fail their promises on close).
    public mutating func removeAll() -> [Element] {
        let rest = elements[head...].map(\.element)
        elements = []
        head = 0
        byteCount = 0
        return rest
    }
}
