import ICPCore
import ICPCriteria
import ICPTesting
import Testing

/// The fixture accounts three times over, so that summaries cross the
/// boundaries of runs of eight.
let runAccounts = Fixtures.accounts + Fixtures.accounts.reversed() + Fixtures.accounts

@Suite("Criteria asked in runs")
struct BatchTests {
    @Test("A run's degrees are each subject's degree, for every built-in criterion", arguments: builtIns.indices)
    func degrees(index: Int) throws {
        let criterion = builtIns[index]
        let context = EvaluationContext(asOf: Fixtures.asOf)
        for start in stride(from: 0, to: runAccounts.count, by: 8) {
            let count = min(8, runAccounts.count - start)
            let run = SubjectRun(count: count) { runAccounts[start + $0] }
            var out = [Double](repeating: -1, count: 8)
            if let batch = criterion as? any BatchCriterion<Account> {
                out.withUnsafeMutableBufferPointer { batch.degrees(of: run, in: context, into: $0.baseAddress!) }
            } else {
                out.withUnsafeMutableBufferPointer { criterion.eachDegree(of: run, in: context, into: $0.baseAddress!) }
            }
            for i in 0..<8 {
                let expected = criterion.degree(of: runAccounts[start + min(i, count - 1)], in: context)
                #expect(out[i].isNaN ? expected == nil : out[i] == expected, "\(criterion.name), subject \(start + i)")
            }
        }
        // The bulk summary of a one-line rubric agrees as well.
        let rubric = try Rubric<Account>("one line") { criterion.points(2) }
        #expect(
            rubric.summarizeAll(runAccounts, in: context, threads: 2)
                == runAccounts.map { rubric.summary($0, in: context) })
    }

    @Test("The criteria and signals of firmographic, technographic and attribute lines are asked in runs")
    func conformances() {
        let batched = builtIns.filter { $0 is any BatchCriterion<Account> }.map(\.name)
        // Of 69: the rest (combinators, events, triggers, qualitative) are
        // asked one subject at a time.
        #expect(batched.count == 48)
        let signals: [any Signal<Account>] = [
            Employees.count, TechStack.count(inCategory: "Security"), Events.count(.pageView, in: .last(30)),
        ]
        #expect(signals.map { $0 is any BatchSignal<Account> } == [true, true, false])
    }

    @Test(
        "A rubric of every kind of line, banded lines, caps and disqualifiers sums the same in runs", arguments: [1, 2])
    func rubric(threads: Int) throws {
        let rubric = try Rubric<Account>(
            "every kind", missingData: .fixedPoints(0.25), threshold: .ratio(0.3),
            tiers: [
                Tier("A", minimum: .ratio(0.6), requires: NPS.promoter), Tier("B", minimum: .ratio(0.3)), Tier("C"),
            ],
            caps: ["size": 3]
        ) {
            Industry.oneOf("Security Software").points(3)
            Employees.between(200...2_000).points(2).group("size")
            Employees.count.bands(.atLeast(1_000, points: 3), .atLeast(200, points: 1)).named("size band").group("size")
            TechStack.count(inCategory: "Security").bands(.atLeast(2, points: 2), otherwise: -1).named("security tools")
            Location.in(.northAmerica).points(1).ifMissing(.excludeFromMaximum)
            TechStack.usesAny("Salesforce", "HubSpot").points(1)
            Attribute("business_type").oneOf("manufacturer").points(2)
            Attribute("mrr").between(1_000...100_000).points(1).ifMissing(.noPoints)
            (Employees.moreThan(500) && Location.in(.northAmerica)).points(1)
            Events.any(.websiteVisit, in: .last(30)).points(1)
            Attribute("do_not_contact").isTrue.disqualifies(because: "do not contact")
            Stage.oneOf("Seed").disqualifies(because: "too early")
        }
        let context = EvaluationContext(asOf: Fixtures.asOf)
        let expected = runAccounts.map { ScoreSummary(rubric.score($0, in: context, detail: .pointsOnly)) }
        #expect(rubric.summarizeAll(runAccounts, in: context, threads: threads) == expected)
        #expect(Set(expected.map(\.tierRank)) == [0, 1, 2])  // every tier is reached
    }
}
