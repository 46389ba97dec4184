/// Keeps the best `n` of a stream, in O(log n) per element and O(n)
/// memory, however long the stream.
///
/// "Best" is given by `areInOrder(a, b)`: true when `a` ranks before `b`.
/// Ties keep the element that came first, so the result does not depend
/// on anything but the input order.
///
/// ```swift
/// var top = TopN<Score>(5) { $0.total > $1.total }
/// for account in accounts { top.add(rubric.score(account, asOf: day, detail: .pointsOnly)) }
/// top.sorted   // the five highest totals, best first
/// ```
public struct TopN<Element> {
    /// How many to keep.
    public let limit: Int
    private let areInOrder: (Element, Element) -> Bool
    /// A heap with the worst kept element on top; each element carries its
    /// arrival number to break ties by arrival.
    private var heap: [(element: Element, arrival: Int)] = []
    private var arrivals = 0

    /// Keeps the best `limit` elements (none for a limit of 0 or less).
    public init(_ limit: Int, by areInOrder: @escaping (Element, Element) -> Bool) {
        self.limit = max(0, limit)
        self.areInOrder = areInOrder
        heap.reserveCapacity(min(self.limit, 1 << 16))
    }

    /// How many elements have been offered.
    public var offered: Int { arrivals }

    /// The last of the kept elements once `limit` are kept (a newcomer must
    /// rank before it to be kept), else `nil`: lets a caller skip building
    /// an element that could not be kept.
    public var threshold: Element? { limit > 0 && heap.count == limit ? heap[0].element : nil }

    /// Offers an element.
    public mutating func add(_ element: Element) {
        let item = (element, arrivals)
        arrivals += 1
        guard limit > 0 else { return }
        if heap.count < limit {
            heap.append(item)
            siftUp(heap.count - 1)
        } else if ranksBefore(item, heap[0]) {
            heap[0] = item
            siftDown(0)
        }
    }

    /// The kept elements, best first.
    public var sorted: [Element] {
        heap.sorted { ranksBefore($0, $1) }.map(\.element)
    }

    private func ranksBefore(_ a: (element: Element, arrival: Int), _ b: (element: Element, arrival: Int)) -> Bool {
        if areInOrder(a.element, b.element) { return true }
        if areInOrder(b.element, a.element) { return false }
        return a.arrival < b.arrival
    }

    /// Heap order: a parent ranks after its children (the worst on top).
    private mutating func siftUp(_ index: Int) {
        var child = index
        while child > 0 {
            let parent = (child - 1) / 2
            guard ranksBefore(heap[parent], heap[child]) else { return }
            heap.swapAt(parent, child)
            child = parent
        }
    }

    private mutating func siftDown(_ index: Int) {
        var parent = index
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var worst = parent
            if left < heap.count, ranksBefore(heap[worst], heap[left]) { worst = left }
            if right < heap.count, ranksBefore(heap[worst], heap[right]) { worst = right }
            if worst == parent { return }
            heap.swapAt(parent, worst)
            parent = worst
        }
    }
}
