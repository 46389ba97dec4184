import ICPCore
import Testing

@Suite("Streaming top N")
struct TopNTests {
    @Test("Keeps the best n, best first, ties by arrival", arguments: [0, 1, 3, 10, 100])
    func best(n: Int) {
        // A fixed shuffle of 0..<50 with repeats: value i % 17.
        let values = (0..<50).map { ($0 * 37) % 50 % 17 }
        var top = TopN<(Int, Int)>(n) { $0.0 > $1.0 }
        for (i, v) in values.enumerated() { top.add((v, i)) }
        let expected = values.enumerated().map { ($0.element, $0.offset) }
            .sorted { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }.prefix(n)
        #expect(top.sorted.map(\.0) == expected.map(\.0))
        #expect(top.sorted.map(\.1) == expected.map(\.1))
        #expect(top.offered == 50)
    }
}
