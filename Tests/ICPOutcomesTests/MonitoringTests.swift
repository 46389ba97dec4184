import ICPCore
import ICPCriteria
import ICPOutcomes
import Testing

@Suite("Discovery, drift and diff")
struct MonitoringTests {
    /// 200 customers; the planted segment (Fintech with 100 employees) is
    /// the top 40 by MRR and tenure, and has the fewest tickets. Other
    /// customers are Fintech, or have 100 employees, but rarely both.
    static func customers() -> [Account] {
        var rng = SeededGenerator(seed: 11)
        return (0..<200).map { i in
            var a = Account(id: "C\(i)", name: "C\(i)")
            let planted = i < 40
            a.industry = planted ? "Fintech" : ["Retail", "Media", "Fintech", "Logistics"][rng.below(4)]
            a.employees = planted ? 100 : [10, 20, 100, 500, 3_000][rng.below(5)]
            a.attributes = [
                "mrr": .number(planted ? 5_000 + rng.unit() * 1_000 : rng.unit() * 4_000),
                "tenure_months": .number(planted ? 30 + rng.unit() * 10 : rng.unit() * 29),
                "support_tickets": .number(planted ? rng.unit() * 2 : 3 + rng.unit() * 20),
            ]
            return a
        }
    }

    @Test("value columns parse with their directions, and bad ones are named")
    func valueColumns() throws {
        let v = try ValueColumn.parse("mrr:+, tenure_months:+,support_tickets:-")
        #expect(
            v == [
                ValueColumn("mrr", higherIsBetter: true), ValueColumn("tenure_months", higherIsBetter: true),
                ValueColumn("support_tickets", higherIsBetter: false),
            ])
        #expect(throws: OutcomeError("\"mrr\" is not a value column; write NAME:+ or NAME:-")) {
            try ValueColumn.parse("mrr")
        }
        #expect(throws: OutcomeError.self) { try ValueColumn.parse("mrr:up") }
    }

    @Test("value scores average percentile ranks, turned round for a minus column")
    func valueScores() throws {
        let accounts = (0..<3).map { i in
            var a = Account(id: "\(i)", name: "\(i)")
            a.attributes = ["mrr": .number(Double(i)), "tickets": .number(Double(i))]
            return a
        }
        let scores = try Discovery.valueScores(
            accounts, values: [ValueColumn("mrr", higherIsBetter: true), ValueColumn("tickets", higherIsBetter: false)])
        #expect(scores == [0.5, 0.5, 0.5])
        let mrrOnly = try Discovery.valueScores(accounts, values: [ValueColumn("mrr", higherIsBetter: true)])
        #expect(mrrOnly == [0, 0.5, 1])
        #expect(throws: OutcomeError.self) {
            try Discovery.valueScores(accounts, values: [ValueColumn("nps", higherIsBetter: true)])
        }
    }

    @Test("discovery finds the planted segment and drafts a profile around it")
    func findsPlantedSegment() throws {
        let accounts = MonitoringTests.customers()
        let values = try ValueColumn.parse("mrr:+,tenure_months:+,support_tickets:-")
        let report = try Discovery.discover(
            accounts, values: values, top: 0.2, columns: AccountColumn.present(in: accounts),
            asOf: CalendarDay(2026, 11, 23))
        #expect(Set(report.superUsers) == Set((0..<40).map { "C\($0)" }))
        let best = try #require(report.patterns.first)
        #expect(best.lines.map(\.column).sorted() == ["employees", "industry"])
        #expect(best.superShare == 1)
        #expect(best.statement.hasPrefix("100% of super users match "))
        // The draft's best tier holds the planted segment.
        let draft = report.draft.fit
        let tiers = draft.scoreAll(accounts, in: EvaluationContext(asOf: CalendarDay(2026, 11, 23))).map(\.tierRank)
        #expect((0..<40).allSatisfy { tiers[$0] == 0 })
    }

    @Test("drift: identical sets are stable; a moved industry mix is shifted")
    func drift() throws {
        let reference = MonitoringTests.customers()
        let profile = Profile(
            name: "p", fit: try Rubric("fit") { Industry.oneOf("Fintech").points(2) })
        let same = try Drift.compare(
            reference: reference, current: reference, profile: profile, asOf: CalendarDay(2026, 11, 23))
        #expect(same.fields.allSatisfy { $0.psi == 0 && $0.status == .stable })
        #expect(same.score.psi == 0)
        let moved = reference.map { a in
            var b = a
            b.industry = "Retail"
            return b
        }
        let drifted = try Drift.compare(
            reference: reference, current: moved, profile: profile, asOf: CalendarDay(2026, 11, 23))
        let industry = try #require(drifted.fields.first { $0.field == "industry" })
        #expect(industry.status == .shifted)
        #expect(drifted.tiers.map(\.current) == [0, 0, 200])
        #expect(FieldDrift.Status(psi: 0.0999) == .stable)
        #expect(FieldDrift.Status(psi: 0.1) == .investigate)
        #expect(FieldDrift.Status(psi: 0.25) == .shifted)
    }

    @Test("drift counts each item of a list once per account, in a short list and a long one")
    func driftListItems() throws {
        let long: [String] = ["A"] + (0..<20).map { "t\($0)" } + ["A", "B", "t3"]
        let accounts = [["A", "A", "B"], ["B"], long, []].enumerated().map { i, items in
            Account(id: "\(i)", name: "n\(i)", attributes: ["tools": .list(items)])
        }
        let profile = Profile(name: "p", fit: try Rubric("fit") { Industry.oneOf("Fintech").points(2) })
        let report = try Drift.compare(
            reference: accounts, current: accounts, profile: profile, asOf: CalendarDay(2026, 11, 23))
        let tools = try #require(report.fields.first { $0.field == "tools" })
        let counts = Dictionary(uniqueKeysWithValues: tools.bins.map { ($0.label, $0.reference) })
        #expect(counts["A"] == 2)
        #expect(counts["B"] == 3)
        #expect(counts["t3"] == 1)
        #expect(counts["t0"] == 1)
    }

    /// The customers with attributes first seen late (none in the first
    /// 50, the plan from the 121st on), tenure missing in every third.
    static func lateAttributes() -> [Account] {
        var accounts = MonitoringTests.customers()
        for i in accounts.indices {
            if i < 50 { accounts[i].attributes = [:] }
            if i % 3 == 0 { accounts[i].attributes["tenure_months"] = nil }
            if i > 120 { accounts[i].attributes["plan"] = .text(i % 2 == 0 ? "pro" : "team") }
        }
        return accounts
    }

    /// The attribute columns of ``lateAttributes()`` as a file has them, in
    /// the order an account lists them.
    static let lateAttributeNames = ["mrr", "plan", "support_tickets", "tenure_months"].sorted {
        NameKey($0) < NameKey($1)
    }

    @Test("drift: a sample counted from values by position equals one counted from accounts")
    func driftByPosition() throws {
        // Attributes first seen late, and in a row where another is missing.
        let accounts = MonitoringTests.lateAttributes()
        let profile = Profile(name: "p", fit: try Rubric("fit") { Industry.oneOf("Fintech").points(2) })
        let context = EvaluationContext(asOf: CalendarDay(2026, 11, 23))
        var rows = DriftSample(profile)
        var positional = DriftSample(profile)
        // The file's attribute columns, in the order an account lists them.
        let names = MonitoringTests.lateAttributeNames
        let keys = names.map { NameKey($0) }
        for account in accounts {
            let fit = profile.fit.summary(account, in: context)
            rows.add(account, fit: fit)
            positional.add(
                standard: AccountColumn.standard.map { $0.read(account).attributeValue }[...],
                attributes: keys.map { account.attributes.entry($0)?.value }[...], keys: keys, names: names, fit: fit)
        }
        let expected = try Drift.compare(reference: rows, current: rows, profile: profile)
        let got = try Drift.compare(reference: rows, current: positional, profile: profile)
        #expect(got.fields.map(\.field) == expected.fields.map(\.field))
        #expect(got.fields.map(\.field).suffix(4) == ["mrr", "support_tickets", "tenure_months", "plan"])
        #expect(got.fields.map(\.bins) == expected.fields.map(\.bins))
        #expect(got.fields.allSatisfy { $0.psi == 0 })
        #expect(got.score.bins == expected.score.bins)
        #expect(got.currentCount == 200)
    }

    @Test("drift: a sample counted from blocks of codes equals one counted from accounts")
    func driftByCodes() throws {
        // Attributes first seen late, one (tenure) a few rows before the
        // others in the same block; a row in each block that is not counted.
        var accounts = MonitoringTests.lateAttributes()
        accounts[46].attributes["tenure_months"] = .number(7)
        let profile = Profile(name: "p", fit: try Rubric("fit") { Industry.oneOf("Fintech").points(2) })
        let context = EvaluationContext(asOf: CalendarDay(2026, 11, 23))
        var rows = DriftSample(profile)
        var columnar = DriftSample(profile)
        let names = MonitoringTests.lateAttributeNames
        let keys = names.map { NameKey($0) }
        let skipped = Account(id: "x", name: "x", industry: "Skipped", attributes: ["plan": .text("skipped")])
        for start in stride(from: 0, to: accounts.count, by: 37) {
            let block = [skipped] + accounts[start..<min(accounts.count, start + 37)]
            // Each column's distinct values once, in the order first seen;
            // numbers per row (code -1), as a bulk reading keeps them.
            func column(_ value: (Account) -> AttributeValue?) -> DriftSample.KeptCodes {
                var values: [AttributeValue?] = []
                var numbers = [Double](repeating: 0, count: block.count)
                let codes = block.indices.map { row -> Int32 in
                    let v = value(block[row])
                    if case .number(let n)? = v {
                        numbers[row] = n
                        return -1
                    }
                    if let k = values.firstIndex(where: { $0 == v }) { return Int32(k) }
                    values.append(v)
                    return Int32(values.count - 1)
                }
                return (codes, values, numbers)
            }
            let fits = block.dropFirst().map { profile.fit.summary($0, in: context) }
            for (account, fit) in zip(block.dropFirst(), fits) { rows.add(account, fit: fit) }
            columnar.add(
                rows: Array(1..<block.count),
                standard: AccountColumn.standard.map { c in column { c.read($0).attributeValue } },
                attributes: keys.map { key in column { $0.attributes.entry(key)?.value } }, keys: keys, names: names,
                fits: fits)
        }
        // The columns are listed in the reference's order: each sample as the reference.
        let expected = try Drift.compare(reference: rows, current: rows, profile: profile)
        let got = try Drift.compare(reference: columnar, current: columnar, profile: profile)
        #expect(got.fields.map(\.field) == expected.fields.map(\.field))
        #expect(got.fields.map(\.field).suffix(4) == ["tenure_months", "mrr", "support_tickets", "plan"])
        #expect(got.fields.map(\.bins) == expected.fields.map(\.bins))
        let crossed = try Drift.compare(reference: rows, current: columnar, profile: profile)
        #expect(crossed.fields.allSatisfy { $0.psi == 0 })
        #expect(crossed.score.bins == expected.score.bins)
        #expect(crossed.tiers.map(\.current) == expected.tiers.map(\.reference))
        #expect(got.currentCount == 200)
    }

    @Test("diff: lines added, removed and changed; tier transitions counted")
    func diff() throws {
        let old = Profile(
            name: "p", version: "1",
            fit: try Rubric("fit", tiers: [Tier("Best fit", minimum: .points(2)), Tier("Bad fit")]) {
                Industry.oneOf("Fintech").points(2).named("fintech")
                Employees.atLeast(500).points(1).named("size")
            })
        let new = Profile(
            name: "p", version: "2",
            fit: try Rubric("fit", tiers: [Tier("Best fit", minimum: .points(3)), Tier("Bad fit")]) {
                Industry.oneOf("Fintech").points(3).named("fintech")
                Employees.atLeast(50).points(1).named("size")
                Industry.oneOf("Retail").points(-1).named("retail")
            })
        let diff = ProfileDiff(old: old, new: new)
        #expect(
            diff.changes.map(\.description) == [
                "changed version: 1 → 2",
                "changed fit line \"fintech\": points 2 → 3",
                "changed fit line \"size\": criterion employees at least 500 → employees at least 50",
                "added fit line \"retail\": -1 point for industry Retail",
                "changed fit tier \"Best fit\": minimum at least 2 points → minimum at least 3 points",
            ])
        #expect(ProfileDiff(old: old, new: old).isEmpty)
        let accounts = MonitoringTests.customers()
        let t = TierTransitions(old: old, new: new, accounts: accounts, asOf: CalendarDay(2026, 11, 23))
        // Old Best fit: Fintech (2 points) or more. New Best fit: Fintech with 50+ employees (4), or Fintech alone (3).
        let fintech = accounts.filter { $0.industry == "Fintech" }.count
        #expect(t.counts == [[fintech, 0], [0, accounts.count - fintech]])
        #expect(t.moves.isEmpty)
        // From summaries kept as a file is read: a move, and a tier neither profile has, not counted.
        func summary(_ total: Double, tier: Int) -> ScoreSummary {
            ScoreSummary(
                total: total, maximum: 4, ratio: total / 4, tierRank: tier, isQualified: tier == 0,
                isDisqualified: false)
        }
        let kept = TierTransitions(
            old: old, new: new,
            scores: [("A", summary(2, tier: 0), summary(1, tier: 1)), ("B", summary(0, tier: 1), summary(0, tier: 7))])
        #expect(kept.counts == [[0, 1], [0, 0]])
        #expect(kept.moves.map(\.id) == ["A"])
        #expect(
            kept.moves.map { "\($0.from) → \($0.to), \($0.oldPoints) → \($0.newPoints)" } == [
                "Best fit → Bad fit, 2.0 → 1.0"
            ])
    }
}
