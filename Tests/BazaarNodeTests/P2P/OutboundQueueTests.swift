import BazaarNode
import Testing

@Suite struct OutboundQueueTests {
    @Test func framesLeaveInTheOrderTheyCame() {
        var queue = OutboundQueue<Int>(frameCountMax: 8, byteCountMax: 100)
        let accepted = (0..<5).map { queue.enqueue($0, byteCount: 1) }
        #expect(accepted == Array(repeating: true, count: 5))
        #expect((0..<5).map { _ in queue.dequeue() } == [0, 1, 2, 3, 4])
        #expect(queue.dequeue() == nil)
        #expect(queue.byteCount == 0)
    }

    @Test func aFullQueueDropsAndCountsNewFrames() {
        var queue = OutboundQueue<Int>(frameCountMax: 2, byteCountMax: 100)
        let accepted = [1, 2, 3].map { queue.enqueue($0, byteCount: 1) }
        #expect(accepted == [true, true, false])
        #expect(queue.droppedCount == 1)
        #expect(queue.dequeue() == 1)
        let roomAgain = queue.enqueue(4, byteCount: 1)
        #expect(roomAgain)
    }

    @Test func theByteBoundHoldsToo() {
        var queue = OutboundQueue<Int>(frameCountMax: 100, byteCountMax: 10)
        let accepted = [(1, 6), (2, 5), (3, 4)].map { queue.enqueue($0.0, byteCount: $0.1) }
        #expect(accepted == [true, false, true])
        #expect(queue.droppedCount == 1)
        #expect(queue.removeAll() == [1, 3])
        #expect(queue.isEmpty)
    }
}
