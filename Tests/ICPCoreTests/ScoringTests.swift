import ICPCore
import Testing

@Suite("Scoring")
struct ScoringTests {
    @Test("Tier 1 is an 80%+ match: 8 of 10 points is Tier 1, 7.9 is not")
    func eightyPercentBoundary() throws {
        let rubric = try Rubric<FactSheet>("ten points") {
            fact("a").points(7.9)
            fact("b").points(0.1)
            fact("c").points(2)
        }
        let eight = rubric.score(FactSheet("eight", ["a": 1, "b": 1, "c": 0]), asOf: asOf)
        #expect(eight.total == 8)
        #expect(eight.maximum == 10)
        #expect(eight.ratio == 0.8)
        #expect(eight.tier == "Tier 1")
        #expect(eight.tierRank == 0)
        let sevenNine = rubric.score(FactSheet("seven point nine", ["a": 1, "b": 0, "c": 0]), asOf: asOf)
        #expect(sevenNine.total == 7.9)
        #expect(sevenNine.tier == "Tier 2")
        let half = rubric.score(FactSheet("half", ["a": 0, "b": 0, "c": 1]), asOf: asOf)
        #expect(half.tier == "Tier 3")
        #expect(half.isQualified == false)
        #expect(sevenNine.isQualified == true)
    }

    @Test(
        "Default tiers: Tier 1 ≥ 0.80, Tier 2 ≥ 0.50, Tier 3",
        arguments: [
            (10.0, "Tier 1"), (8.0, "Tier 1"), (7.0, "Tier 2"), (5.0, "Tier 2"), (4.0, "Tier 3"), (0.0, "Tier 3"),
        ])
    func defaultTiers(points: Double, tier: String) throws {
        let rubric = try Rubric<FactSheet>("one line") {
            Measure(key: "x").bands(.atLeast(0, points: 0)).named("filler"); fact("a").points(10)
        }
        let score = rubric.score(FactSheet("l", ["a": points / 10, "x": 0]), asOf: asOf)
        #expect(score.tier == tier)
    }

    @Test("Fractional degrees scale points; negative points are bad-fit traits")
    func degreesAndNegativePoints() throws {
        let rubric = try Rubric<FactSheet>("mixed") {
            fact("good").points(4)
            fact("bad").points(-3)
        }
        let s = rubric.score(FactSheet("l", ["good": 0.5, "bad": 1]), asOf: asOf)
        #expect(s.total == -1)
        #expect(s.maximum == 4)
        #expect(s.minimum == -3)
        #expect(s.ratio == 0)
        #expect(s.breakdown.map(\.points) == [2, -3])
        #expect(s.breakdown.map(\.status) == [.partial, .met])
    }

    @Test("Missing data: no points (default) keeps the line in the maximum")
    func missingNoPoints() throws {
        let rubric = try Rubric<FactSheet>("r") {
            fact("a").points(3); fact("b").points(1)
        }
        let s = rubric.score(FactSheet("l", ["b": 1]), asOf: asOf)
        #expect(s.total == 1)
        #expect(s.maximum == 4)
        #expect(s.coverage == 0.25)
        #expect(s.breakdown[0].status == .unknown)
        #expect(s.breakdown[0].missingPolicy == .noPoints)
        #expect(s.breakdown[0].sentence == "a not known")
    }

    @Test("Missing data: excluded from the maximum, per rubric")
    func missingExcluded() throws {
        let rubric = try Rubric<FactSheet>("r", missingData: .excludeFromMaximum) {
            fact("a").points(3); fact("b").points(1)
        }
        let s = rubric.score(FactSheet("l", ["b": 1]), asOf: asOf)
        #expect(s.total == 1)
        #expect(s.maximum == 1)
        #expect(s.ratio == 1)
        #expect(s.tier == "Tier 1")
        #expect(s.coverage == 0.25)
    }

    @Test("Missing data: fixed points, overriding the rubric per line")
    func missingFixedPerLine() throws {
        let rubric = try Rubric<FactSheet>("r", missingData: .excludeFromMaximum) {
            fact("a").points(3).ifMissing(.fixedPoints(1.5))
            fact("b").points(1)
            fact("c").points(2)
        }
        let s = rubric.score(FactSheet("l", ["b": 1]), asOf: asOf)
        #expect(s.total == 2.5)
        #expect(s.maximum == 4)  // a stays in (3), c is excluded (2)
        #expect(s.breakdown.map(\.missingPolicy) == [.fixedPoints(1.5), nil, .excludeFromMaximum])
        #expect(s.breakdown[0].points == 1.5)
        #expect(s.breakdown[0].status == .unknown)
    }

    @Test("Disqualifiers force the lowest tier and give the reason")
    func disqualifiers() throws {
        let rubric = try Rubric<FactSheet>("r") {
            fact("a").points(10)
            fact("competitor").disqualifies(because: "runs a competitor")
            fact("sanctioned").disqualifies()
        }
        let s = rubric.score(FactSheet("l", ["a": 1, "competitor": 1, "sanctioned": 1]), asOf: asOf)
        #expect(s.total == 10)
        #expect(s.tier == "Tier 3")
        #expect(s.isQualified == false)
        #expect(s.disqualifications == ["runs a competitor", "sanctioned holds"])
        #expect(s.gap == nil)
        let clean = rubric.score(FactSheet("l", ["a": 1, "competitor": 0]), asOf: asOf)
        #expect(clean.tier == "Tier 1")
        #expect(clean.disqualifications.isEmpty)
        let quick = rubric.score(FactSheet("l", ["a": 1, "sanctioned": 1]), asOf: asOf, detail: .pointsOnly)
        #expect(quick.disqualifications == ["sanctioned"])
    }

    @Test("Caps cut a group's points to the cap and its maximum with it")
    func caps() throws {
        let rubric = try Rubric<FactSheet>("r", caps: ["engagement": 4]) {
            fact("visits").points(3).group("engagement")
            fact("opens").points(2).group("engagement")
            fact("clicks").points(3).group("engagement")
            fact("fit").points(6)
        }
        #expect(rubric.maximumPoints == 10)
        let s = rubric.score(FactSheet("l", ["visits": 1, "opens": 1, "clicks": 1, "fit": 0]), asOf: asOf)
        #expect(s.total == 4)
        #expect(s.breakdown.map(\.points) == [3, 2, 3, 0])
        #expect(s.cappedGroups == [CappedGroup(group: "engagement", cap: 4, uncapped: 8)])
        let under = rubric.score(FactSheet("l", ["visits": 1, "opens": 0, "clicks": 0, "fit": 1]), asOf: asOf)
        #expect(under.total == 9)
        #expect(under.cappedGroups.isEmpty)
    }

    @Test("Banded signals: first band reached gives the points")
    func bands() throws {
        let rubric = try Rubric<FactSheet>("r") {
            Measure(key: "visits").bands(.atLeast(10, points: 3), .atLeast(1, points: 1), otherwise: 0)
        }
        let cases: [(Double, Double, LineScore.Status, String)] = [
            (25, 3, .met, "visits 25 is at least 10"), (10, 3, .met, "visits 10 is at least 10"),
            (9.5, 1, .partial, "visits 9.5 is at least 1"), (1, 1, .partial, "visits 1 is at least 1"),
            (0, 0, .unmet, "visits 0 is below 1"),
        ]
        for (value, points, status, sentence) in cases {
            let line = rubric.score(FactSheet("l", ["visits": value]), asOf: asOf).breakdown[0]
            #expect(line.points == points)
            #expect(line.status == status)
            #expect(line.sentence == sentence)
            #expect(line.value == value)
        }
        #expect(rubric.maximumPoints == 3)
    }

    @Test("The gap names the smallest set of unmet lines that lifts the subject a tier")
    func gapToNextTier() throws {
        let rubric = try Rubric<FactSheet>("r") {
            fact("a").points(1)
            fact("b").points(2)
            fact("c").points(3)
            fact("d").points(4)
        }
        // 1/10 now: Tier 3. Tier 2 needs 5: the single largest line (d, 4) is not enough, d + c is.
        let s = rubric.score(FactSheet("l", ["a": 1, "b": 0, "c": 0, "d": 0]), asOf: asOf)
        #expect(s.tier == "Tier 3")
        let gap = try #require(s.gap)
        #expect(gap.tier == "Tier 2")
        #expect(gap.pointsNeeded == 4)
        #expect(gap.lines == ["d"])
        #expect(gap.isReachable)
        #expect("\(gap)" == "Next tier \"Tier 2\": 4 more points; meet: d")
        // 6/10: Tier 2. Tier 1 needs 8: c (3) alone closes it.
        let t2 = rubric.score(FactSheet("l", ["a": 1, "b": 1, "c": 0, "d": 1]), asOf: asOf)
        #expect(t2.gap?.lines == ["c"])
        #expect(t2.gap?.pointsNeeded == 1)
        // Tier 1 has no gap.
        #expect(rubric.score(FactSheet("l", ["a": 1, "b": 1, "c": 1, "d": 1]), asOf: asOf).gap == nil)
        // Scoring without explanation does not compute it.
        #expect(rubric.score(FactSheet("l", ["a": 1]), asOf: asOf, detail: .pointsOnly).gap == nil)
    }

    @Test("The gap through a capped group counts only what the cap lets through")
    func gapWithCaps() throws {
        let rubric = try Rubric<FactSheet>("r", caps: ["noise": 1]) {
            fact("n1").points(1).group("noise")
            fact("n2").points(1).group("noise")
            fact("n3").points(1).group("noise")
            fact("x").points(2)
            fact("y").points(2)
        }
        #expect(rubric.maximumPoints == 5)
        let s = rubric.score(FactSheet("l", ["n1": 0, "n2": 0, "n3": 0, "x": 0, "y": 0]), asOf: asOf)
        // Tier 2 needs 2.5: x (2) then one noise line (1).
        #expect(s.gap?.lines == ["n1", "x"])
        #expect(s.gap?.pointsNeeded == 2.5)
    }

    @Test("A tier's required criterion shows in the gap when unmet")
    func gapRequirement() throws {
        let rubric = try Rubric<FactSheet>(
            "r", tiers: [Tier("Best", minimum: .ratio(0.5), requires: fact("us")), Tier("Rest")]
        ) {
            fact("a").points(2); fact("b").points(2)
        }
        let s = rubric.score(FactSheet("l", ["a": 1, "b": 1, "us": 0]), asOf: asOf)
        #expect(s.tier == "Rest")
        #expect(
            s.gap
                == TierGap(tier: "Best", pointsNeeded: 0, lines: [], requirement: "us does not hold", isReachable: true)
        )
        #expect("\(s.gap!)" == "Next tier \"Best\": requirement not met: us does not hold")
    }

    @Test("A threshold decides qualification")
    func threshold() throws {
        let rubric = try Rubric<FactSheet>("r", threshold: .points(3)) {
            fact("a").points(2); fact("b").points(2)
        }
        #expect(rubric.score(FactSheet("l", ["a": 1, "b": 1]), asOf: asOf).isQualified)
        #expect(!rubric.score(FactSheet("l", ["a": 1, "b": 0]), asOf: asOf).isQualified)
    }

    @Test("Top reasons are the lines that earned most, ties in rubric order")
    func topReasons() throws {
        let rubric = try Rubric<FactSheet>("r") {
            fact("a").points(1); fact("b").points(3); fact("c").points(1); fact("d").points(2)
        }
        let s = rubric.score(FactSheet("l", ["a": 1, "b": 1, "c": 1, "d": 0]), asOf: asOf)
        #expect(s.topReasons(2).map(\.name) == ["b", "a"])
        #expect(s.topReasons().map(\.name) == ["b", "a", "c"])
    }

    @Test("The description reads as a short report")
    func description() throws {
        let rubric = try Rubric<FactSheet>("r") {
            fact("fit").points(3)
            fact("size").points(2)
            fact("competitor").points(-1)
            fact("region").points(1)
        }
        let s = rubric.score(FactSheet("Acme", ["fit": 1, "size": 0, "competitor": 0]), asOf: asOf)
        #expect(
            s.description == """
                Acme — 3/6 points (50%), Tier 2, qualified, coverage 85.7%
                  ✓ 3/3  fit holds
                  ✗ 0/2  size does not hold
                  · 0/0  competitor does not hold
                  ? 0/1  region not known (no points)
                  Next tier "Tier 1": 1.8 more points; meet: size
                """)
    }

    @Test("Scoring the same subjects from many concurrent tasks gives identical results")
    func concurrentScoring() async throws {
        let rubric = try Rubric<FactSheet>("r", caps: ["g": 3]) {
            fact("a").points(2).group("g")
            fact("b").points(2).group("g")
            Measure(key: "m").bands(.atLeast(5, points: 2), .atLeast(1, points: 1))
            fact("c").points(-1)
        }
        var leads: [FactSheet] = []
        for i in 0..<200 {
            let b: Double = i % 3 == 0 ? 1 : 0
            let c: Double = i % 5 == 0 ? 1 : 0
            leads.append(FactSheet("lead \(i)", ["a": Double(i % 2), "b": b, "m": Double(i % 7), "c": c]))
        }
        let subjects = leads
        let serial = subjects.map { rubric.score($0, asOf: asOf) }
        let results = await withTaskGroup(of: [Score].self) { group in
            for _ in 0..<16 {
                group.addTask { subjects.map { rubric.score($0, asOf: asOf) } }
            }
            var all: [[Score]] = []
            for await r in group { all.append(r) }
            return all
        }
        #expect(results.count == 16)
        for r in results { #expect(r == serial) }
    }
}

@Suite("The gap to the next tier, at scale")
struct GapTests {
    /// The gap found by rescoring: each step tries every line left at its
    /// best (a fact of 1 for points, 0 for a penalty) and keeps the one that
    /// closes the most, as a person would by hand.
    static func reference(_ rubric: Rubric<FactSheet>, _ subject: FactSheet, target: Tier<FactSheet>)
        -> (lines: [String], reachable: Bool)
    {
        func deficit(_ s: FactSheet) -> Double {
            let score = rubric.score(s, asOf: asOf, detail: .pointsOnly)
            guard let minimum = target.minimum else { return 0 }
            return minimum.isReached(total: score.total, maximum: score.maximum)
                ? 0 : minimum.points(forMaximum: score.maximum) - score.total
        }
        var current = subject
        var chosen: [String] = []
        var left = deficit(current)
        while left > 0 {
            var best: (name: String, sheet: FactSheet, deficit: Double)?
            for line in rubric.lines where !chosen.contains(line.name) {
                let bestFact: Double = line.maximumPoints > 0 ? 1 : 0
                guard current.facts[line.name] != bestFact else { continue }
                var tried = current
                tried.facts[line.name] = bestFact
                let d = deficit(tried)
                if d < left - 1e-12, best.map({ d < $0.deficit - 1e-12 }) ?? true { best = (line.name, tried, d) }
            }
            guard let pick = best else { break }
            chosen.append(pick.name)
            current = pick.sheet
            left = pick.deficit
        }
        return (
            chosen.sorted { a, b in
                (rubric.lines.firstIndex { $0.name == a } ?? 0) < (rubric.lines.firstIndex { $0.name == b } ?? 0)
            }, left <= 0
        )
    }

    @Test("Capped groups and penalties: the gap equals rescoring line by line, on 300 seeded rubrics")
    func matchesRescoring() throws {
        var rng = SeededGenerator(seed: 17)
        var compared = 0
        for _ in 0..<300 {
            let count = 4 + rng.below(10)
            let groups = ["g1", "g2"]
            var lines: [RubricLine<FactSheet>] = []
            for k in 0..<count {
                let points = Double([-3, -1, 1, 2, 3, 4][rng.below(6)])
                var line = fact("l\(k)").points(points)
                if points > 0, rng.below(3) == 0 { line = line.group(groups[rng.below(2)]) }
                lines.append(line)
            }
            let used = Set(lines.compactMap(\.group))
            let caps = Dictionary(uniqueKeysWithValues: used.map { ($0, Double(2 + rng.below(4))) })
            guard let rubric = try? Rubric(name: "r", lines: lines, caps: caps) else { continue }
            var facts: [String: Double] = [:]
            for k in 0..<count { facts["l\(k)"] = rng.below(3) == 0 ? 1 : 0 }
            let subject = FactSheet("s", facts)
            let score = rubric.score(subject, asOf: asOf)
            guard let gap = score.gap, let rank = rubric.tiers.firstIndex(where: { $0.name == gap.tier }) else {
                continue
            }
            let expected = Self.reference(rubric, subject, target: rubric.tiers[rank])
            #expect(gap.lines == expected.lines, "\(facts)")
            #expect(gap.isReachable == expected.reachable)
            compared += 1
        }
        #expect(compared > 150)
    }
}
