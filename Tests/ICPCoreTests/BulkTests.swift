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

@Suite("Summaries in runs")
struct SummaryRunTests {
    /// Every policy, two cap groups, a band line whose signal can be
    /// missing, two disqualifiers, tiers with and without requirements and
    /// a threshold: host-written criteria, so each line is asked subject by
    /// subject inside a run.
    static func rubric() throws -> Rubric<FactSheet> {
        try Rubric<FactSheet>(
            "runs", missingData: .excludeFromMaximum, threshold: .ratio(0.4),
            tiers: [
                Tier("A", minimum: .ratio(0.7), requires: fact("r")), Tier("B", minimum: .ratio(0.5)),
                Tier("C", requires: fact("q")), Tier("D"),
            ],
            caps: ["g": 2, "h": 1.5]
        ) {
            fact("a").points(2).group("g")
            fact("b").points(2).group("g")
            fact("c").points(1).ifMissing(.fixedPoints(0.5)).group("h")
            fact("e").points(1.25).group("h")
            fact("d").points(-1).ifMissing(.noPoints)
            Measure(key: "n").bands(.atLeast(10, points: 3), .atLeast(1, points: 1), otherwise: -1)
            fact("x").disqualifies(because: "x")
            fact("y").disqualifies(because: "y")
        }
    }

    /// Sheets that reach every branch: each fact present or missing, at
    /// degrees 0, ½ and 1, band values across the thresholds.
    static let sheets: [FactSheet] = (0..<300).map { i in
        var facts: [String: Double] = [:]
        for (k, key) in ["a", "b", "c", "d", "e", "r", "q"].enumerated() where (i >> k) & 1 == 1 {
            facts[key] = Double((i + k) % 3) / 2
        }
        if i % 5 != 0 { facts["n"] = Double(i % 14) }
        if i % 11 == 3 { facts["x"] = 1 }
        if i % 13 == 4 { facts["y"] = 0.5 }
        if i % 17 == 5 { facts["y"] = 0.25 }
        return FactSheet("s\(i)", facts)
    }

    @Test(
        "summarizeAll gives each subject's summary, at every run boundary and on any number of threads",
        arguments: [0, 1, 7, 8, 9, 15, 16, 17, 63, 300], [1, 2, 3])
    func boundaries(count: Int, threads: Int) throws {
        let rubric = try Self.rubric()
        let context = EvaluationContext(asOf: asOf)
        let sheets = Array(Self.sheets.prefix(count))
        let expected = sheets.map { rubric.summary($0, in: context) }
        #expect(rubric.summarizeAll(sheets, in: context, threads: threads) == expected)
        // A collection that is not one contiguous array.
        #expect(
            rubric.summarizeAll(sheets.reversed(), in: context, threads: threads) == Array(expected.reversed()))
    }

    @Test("the sheets reach every tier, disqualifier and missing-data branch")
    func coverage() throws {
        let rubric = try Self.rubric()
        let context = EvaluationContext(asOf: asOf)
        let all = rubric.summarizeAll(Self.sheets, in: context, threads: 1)
        #expect(Set(all.map(\.tierRank)) == [0, 1, 2, 3])
        // x holds on 27 sheets, y on 21 (at ½; a quarter does not disqualify),
        // both on 2: 46 disqualified.
        #expect(all.filter(\.isDisqualified).count == 46)
        #expect(all.contains { $0.isQualified } && all.contains { !$0.isQualified && !$0.isDisqualified })
        #expect(all == Self.sheets.map { ScoreSummary(rubric.score($0, in: context, detail: .pointsOnly)) })
    }

    @Test("subjects not stored side by side are summarised as an array of them is")
    func notContiguous() throws {
        let rubric = try Self.rubric()
        let context = EvaluationContext(asOf: asOf)
        let sheets = Self.sheets
        let apart = Apart(sheets: sheets)
        #expect(apart.withContiguousStorageIfAvailable { _ in true } == nil)
        for threads in [1, 3] {
            #expect(
                rubric.summarizeAll(apart, in: context, threads: threads)
                    == rubric.summarizeAll(sheets, in: context, threads: threads))
        }
    }

    /// Sheets behind a collection that does not offer contiguous storage.
    struct Apart: RandomAccessCollection, Sendable {
        let sheets: [FactSheet]
        var startIndex: Int { 0 }
        var endIndex: Int { sheets.count }
        subscript(i: Int) -> FactSheet { sheets[i] }
    }

    /// A subject with a reference count to watch.
    final class Counted: Sendable {
        let name: String
        init(_ name: String) { self.name = name }
    }

    @Test("a lent run reads its subjects in place and leaves each owned once", arguments: 1...8)
    func lent(count: Int) {
        var subjects = (0..<count).map { Counted("s\($0)") }
        let slot = UnsafeMutablePointer<SubjectRun<Counted>>.allocate(capacity: 1)
        defer { slot.deallocate() }
        for _ in 0..<3 {
            let names = subjects.withUnsafeBufferPointer { stored in
                SubjectRun.lending(stored.baseAddress!, count: count, in: slot) { run in
                    var seen: [String] = []
                    run.forEach { i, s in
                        #expect(s === stored[min(i, count - 1)] && s === run[i])
                        seen.append(s.name)
                    }
                    return seen
                }
            }
            #expect(names == (0..<8).map { "s\(min($0, count - 1))" })
        }
        // Lending took no reference and gave none back: each subject is
        // still held once, by the array.
        for i in 0..<count { #expect(isKnownUniquelyReferenced(&subjects[i])) }
    }

    @Test("a run holds its subjects in order and repeats the last to fill", arguments: 1...8)
    func run(count: Int) {
        let run = SubjectRun(count: count) { "s\($0)" }
        #expect((0..<SubjectRun<String>.width).map { run[$0] } == (0..<8).map { "s\(min($0, count - 1))" })
        var seen: [String] = []
        run.forEach { i, s in
            #expect(s == run[i])
            seen.append(s)
        }
        #expect(seen.count == 8)
    }

    @Test(
        "parts cover every index once, in order, on any number of threads",
        arguments: [0, 1, 5, 16, 1_001], [1, 2, 3, 64])
    func parts(count: Int, threads: Int) {
        let squares = ParallelMap.mapParts(count: count, threads: threads) {
            (range: Range<Int>, out: UnsafeMutablePointer<Int>) in
            for i in range { (out + (i - range.lowerBound)).initialize(to: i * i) }
        }
        #expect(squares == (0..<count).map { $0 * $0 })
    }
}
