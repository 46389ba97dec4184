import ICPCore
import ICPCriteria
import ICPTesting
import Testing

/// The compiled plan over columns against the row-by-row summary: every
/// summary equal, field by field, to the last bit.
@Suite("Scoring plan over columns")
struct PlanTests {
    static let context = EvaluationContext(asOf: Fixtures.asOf)

    /// A rubric with every built-in criterion as a line (points of both
    /// signs, some capped in groups, every missing-data policy), banded
    /// signals, disqualifiers and tiers with requirements.
    static func everything() throws -> Rubric<Account> {
        var lines: [RubricLine<Account>] = []
        for (i, criterion) in builtIns.enumerated() {
            let points = Double(i % 7) - 2.5
            var line = criterion.points(points).named("line \(i)")
            let policies: [MissingDataPolicy?] = [nil, .excludeFromMaximum, .fixedPoints(points / 2), .noPoints]
            if let policy = policies[i % policies.count] { line = line.ifMissing(policy) }
            if i % 5 == 0 { line = line.group("g\(i % 3)") }
            lines.append(line)
        }
        lines.append(Employees.bands(.atLeast(1_000, points: 3), .atLeast(200, points: 1), otherwise: -1).named("size"))
        lines.append(
            TechStack.count(inCategory: "Security").bands(.atLeast(2, points: 2), otherwise: 0).named("security stack"))
        lines.append(Attribute("mrr").number.bands(.atLeast(10_000, points: 2)).named("mrr bands"))
        lines.append(Events.count(.pageView, in: .last(30)).bands(.atLeast(3, points: 2)).named("views"))
        lines.append(CompanyAge.years.bands(.atLeast(10, points: 1)).named("age"))
        return try Rubric(
            name: "everything", lines: lines,
            disqualifiers: [Attribute("do_not_contact").isTrue.disqualifies(), Employees.lessThan(1).disqualifies()],
            caps: ["g0": 2, "g1": 1.5, "g2": 3], missingData: .noPoints,
            tiers: [
                Tier("Best", minimum: .ratio(0.25), requires: Location.in(.northAmerica) && Employees.atLeast(200)),
                Tier(
                    "Good", minimum: .ratio(0.2),
                    requires: Criteria.atLeast(2, of: NPS.promoter, Brand.isProminent, TechStack.usesAny("Okta"))),
                Tier("Some", minimum: .points(1)),
                Tier("Rest"),
            ])
    }

    @Test("Every summary equals the row-by-row one, on 3,000 seeded awkward accounts and the fixtures")
    func everythingMatches() throws {
        let rubric = try Self.everything()
        let plan = try #require(ScoringPlan(rubric))
        let accounts = Fixtures.varied(count: 3_000, seed: 5) + Fixtures.accounts
        let table = AccountTable(accounts, reading: plan.operands)
        for threads in [1, 3] {
            let got = plan.summaries(of: table, in: Self.context, threads: threads)
            let expected = accounts.map { rubric.summary($0, in: Self.context) }
            #expect(got.count == expected.count)
            let wrong = zip(got, expected).enumerated().filter { $0.element.0 != $0.element.1 }.map(\.offset)
            #expect(wrong == [], "threads \(threads): first \(wrong.prefix(3).map { "\(got[$0]) vs \(expected[$0])" })")
        }
        // The answers vary: tiers, disqualifications and unknowns all occur.
        let summaries = plan.summaries(of: table, in: Self.context)
        #expect(Set(summaries.map(\.tierRank)).count == 4)
        #expect(summaries.contains { $0.isDisqualified })
        #expect(Set(summaries.map(\.maximum)).count > 10)
    }

    @Test("A table reads only what the plan needs, and text is held once per distinct value")
    func tableColumns() throws {
        let fit = try Rubric<Account>("fit") {
            Industry.oneOf("Security Software").points(3)
            Employees.moreThan(500).points(2)
            Events.lastSeen(.formSubmit, withinDays: 14).points(1)
        }
        let plan = try #require(ScoringPlan(fit))
        let recency = EventMeasure(.daysSinceLast, kinds: [.formSubmit])
        #expect(Set(plan.operands) == [.field(.industry), .field(.employees), .events(recency)])
        let accounts = Fixtures.varied(count: 500, seed: 9)
        let table = AccountTable(accounts, reading: plan.operands)
        let distinct = Set(accounts.map { $0.industry ?? "(none)" }).count
        #expect(table.distinctValues(of: .field(.industry)) == distinct)
        #expect(table.distinctValues(of: .field(.employees)) == nil)  // a number column
        #expect(plan.summaries(of: table, in: Self.context) == accounts.map { fit.summary($0, in: Self.context) })
    }

    /// Compounds that read one column are answered once per distinct value
    /// of it, those of one part are that part, and the rest combine columns
    /// of answers: every summary still equals the row-by-row one.
    @Test("Compounds over one column, over several, and of a single part equal the row-by-row summary")
    func compounds() throws {
        let fit = try Rubric<Account>("compounds", missingData: .excludeFromMaximum, caps: ["tech": 2]) {
            (Industry.oneOf("Security Software") || Industry.oneOf("Cybersecurity")).points(2)
            (TechStack.usesAny("Okta") && !TechStack.usesAny("CrowdStrike")).points(1.5).group("tech")
            Criteria.atLeast(
                2, of: TechStack.usesAny("Okta"), TechStack.usesAny("Salesforce"), TechStack.usesNone("HubSpot")
            ).points(1.25).group("tech")
            (Industry.oneOf("Security Software") && Employees.atLeast(200)).points(1)
            Criteria.atLeast(1, of: Stage.oneOf("Series B", "Series C")).points(0.5).ifMissing(.fixedPoints(0.25))
            Criteria.allOf(Employees.atLeast(50)).points(0.75)
            (!Location.in(.emea)).points(-1)
            Revenue.amount.bands(.atLeast(50_000_000, points: 2), .atLeast(1_000_000, points: 1), otherwise: -0.5)
                .named("revenue bands")
        }
        let plan = try #require(ScoringPlan(fit))
        let accounts = Fixtures.varied(count: 2_000, seed: 13) + Fixtures.accounts
        let table = AccountTable(accounts, reading: plan.operands)
        let got = plan.summaries(of: table, in: Self.context, threads: 1)
        let expected = accounts.map { fit.summary($0, in: Self.context) }
        let wrong = zip(got, expected).enumerated().filter { $0.element.0 != $0.element.1 }.map(\.offset)
        #expect(wrong == [], "first \(wrong.prefix(3).map { "\(got[$0]) vs \(expected[$0])" })")
        // Every line varies, so a wrong line could not pass unseen.
        #expect(Set(got.map(\.total)).count > 20)
        #expect(Set(got.map(\.maximum)).count > 3)
    }

    /// How `icp score` runs the plan over a file's part: a table of columns
    /// alone, with every leaf's answers given (per distinct value, or per
    /// row) and the rows' answers recorded.
    @Test("Answers given per distinct value and per row give the same summaries; the recorded answers are each row's")
    func givenAnswers() throws {
        let rubric = try Self.everything()
        let plan = try #require(ScoringPlan(rubric))
        let accounts = Fixtures.varied(count: 800, seed: 21) + Fixtures.accounts
        let table = AccountTable(accounts, reading: plan.operands)
        // The same columns without the accounts, and each leaf answered here.
        var numbers: [Operand: [Double]] = [:]
        var categories: [Operand: (codes: [Int32], representatives: [Account])] = [:]
        for operand in Set(plan.operands.flatMap(AccountTable.stored)) {
            if let column = table.numbers(of: operand) { numbers[operand] = column }
            if let column = table.codes(of: operand) { categories[operand] = (column.codes, []) }
        }
        let columns = AccountTable(count: table.count, numbers: numbers, categories: categories)
        var answers: [[Double]] = []
        var perRow: [[Double]] = []
        for k in 0..<plan.leafCount {
            if let column = plan.column(ofLeaf: k), let held = table.codes(of: column) {
                answers.append(held.representatives.map { plan.answer(leaf: k, $0, in: Self.context) })
                perRow.append([])
            } else {
                answers.append([])
                perRow.append(accounts.map { plan.answer(leaf: k, $0, in: Self.context) })
            }
        }
        #expect(perRow.contains { !$0.isEmpty })  // events: some leaves are asked per row
        let bound = BoundPlan(plan: plan, table: columns, answers: answers, perRow: perRow, day: Self.context.asOfDay)
        let (got, lines, disqualifiers) = bound.summaries(in: Self.context, lines: true)
        let expected = accounts.map { rubric.summary($0, in: Self.context) }
        #expect(got == expected)
        // Each row's lines' degrees and disqualifications, as its score gives them.
        let lineCount = rubric.lines.count
        let disqualifierCount = rubric.disqualifiers.count
        var wrong: [Int] = []
        for (i, account) in accounts.enumerated() {
            let score = rubric.score(account, in: Self.context, detail: .pointsOnly)
            let degrees = (0..<lineCount).map { rubric.degree(line: $0, answer: lines[i * lineCount + $0]) }
            let same = zip(degrees, score.breakdown.map { $0.degree ?? .nan }).allSatisfy {
                $0 == $1 || ($0.isNaN && $1.isNaN)
            }
            let held = (0..<disqualifierCount).contains { disqualifiers[i * disqualifierCount + $0] >= 0.5 }
            if !same || held != !score.disqualifications.isEmpty { wrong.append(i) }
        }
        #expect(wrong == [])
        #expect(disqualifiers.contains { $0 >= 0.5 })
    }

    @Test("A rubric with a host's own criterion does not compile")
    func hostCriterion() throws {
        struct Big: Criterion {
            var name: String { "big" }
            var category: SignalCategory { .firmographic }
            func evaluate(_ a: Account, in context: EvaluationContext) -> Evaluation {
                .known((a.employees ?? 0) > 100, evidence: [], met: "big", unmet: "small")
            }
        }
        let fit = try Rubric<Account>("fit") {
            Big().points(1)
            Employees.moreThan(500).points(2)
        }
        #expect(ScoringPlan(fit) == nil)
    }
}
