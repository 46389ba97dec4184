import ICPCore
import Testing

@Suite("Bulk scoring")
struct BulkTests {
    @Test("On any number of threads, scores come back in input order and equal one-by-one scoring", arguments: [1, 2, 3, 8])
    func order(threads: Int) throws {
        let rubric = try Rubric<FactSheet>("bulk") {
            fact("a").points(2)
            fact("b").points(1)
            Measure(key: "n").bands(.atLeast(10, points: 3), .atLeast(1, points: 1))
        }
        let sheets: [FactSheet] = (0..<1_000).map { (i: Int) -> FactSheet in
            let a = Double(i % 2)
            let b: Double = i % 3 == 0 ? 1 : 0
            let n = Double(i % 17)
            return FactSheet("s\(i)", ["a": a, "b": b, "n": n])
        }
        let context = EvaluationContext(asOf: asOf)
        let serial = sheets.map { rubric.score($0, in: context, detail: .pointsOnly) }
        #expect(rubric.scoreAll(sheets, in: context, threads: threads) == serial)
        #expect(rubric.scoreAll(sheets[100..<200], in: context, threads: threads) == Array(serial[100..<200]))
        let profile = Profile(name: "p", fit: rubric)
        #expect(profile.scoreAll(sheets, in: context, threads: threads).map(\.fit) == serial)
        #expect(rubric.scoreAll([FactSheet](), in: context, threads: threads).isEmpty)
    }
}
