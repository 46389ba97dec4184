import ICPCore
import Testing

@Suite("Bulk scoring")
struct BulkTests {
    @Test(
        "On any number of threads, scores come back in input order and equal one-by-one scoring",
        arguments: [1, 2, 3, 8])
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

@Suite("Score summaries, every policy")
struct SummaryPolicyTests {
    @Test("Missing-data policies, caps, thresholds and disqualifiers agree with the full score")
    func policies() throws {
        let rubric = try Rubric<FactSheet>(
            "policies", missingData: .excludeFromMaximum, threshold: .points(3), tiers: [], caps: ["g": 2]
        ) {
            fact("a").points(2).group("g")
            fact("b").points(2).group("g")
            fact("c").points(1).ifMissing(.fixedPoints(0.5))
            fact("d").points(-1).ifMissing(.noPoints)
            Measure(key: "n").bands(.atLeast(10, points: 3), .atLeast(1, points: 1), otherwise: -1)
            fact("x").disqualifies(because: "x")
        }
        let context = EvaluationContext(asOf: asOf)
        let keys = ["a", "b", "c", "d", "n", "x"]
        for mask in 0..<(1 << keys.count) {
            var facts: [String: Double] = [:]
            for (i, k) in keys.enumerated() where mask & (1 << i) != 0 {
                facts[k] = k == "n" ? Double(mask % 13) : (k == "x" ? Double(mask % 2) : 0.5 + Double(mask % 2) / 2)
            }
            let sheet = FactSheet("m\(mask)", facts)
            #expect(rubric.summary(sheet, in: context) == ScoreSummary(rubric.score(sheet, in: context)))
        }
    }
}
