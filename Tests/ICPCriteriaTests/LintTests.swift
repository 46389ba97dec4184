import ICPCore
import ICPCriteria
import ICPTesting
import Testing

/// `lint` with a sample counts what it needs as the sample is read: a
/// tally of parts, merged, gives what the whole sample gives.
@Suite("Lint against a sample")
struct LintTests {
    static let day = CalendarDay(2026, 11, 23)

    /// Four accounts, three lines: one every account meets, one none has
    /// data for, one half meet; a tier no one reaches.
    static func profile() throws -> Profile<Account> {
        let fit = try Rubric<Account>(
            "Fit", threshold: .points(2),
            tiers: [Tier("Top", minimum: .points(5)), Tier("Some", minimum: .points(2)), Tier("Rest")]
        ) {
            Employees.atLeast(1).points(1).named("has people")
            Attribute("renewal_risk").number.atLeast(5).points(2).named("risky")
            Location.in(.northAmerica).points(2).named("north america")
        }
        return Profile(
            name: "Lint", fit: fit, personas: [Persona(name: "Buyer", titles: ["CEO"])],
            lastReviewed: CalendarDay(2026, 10, 1))
    }

    static let sample = [
        Account(id: "1", name: "A", employees: 10, country: "USA"),
        Account(id: "2", name: "B", employees: 20, country: "Canada"),
        Account(id: "3", name: "C", employees: 30, country: "France"),
        Account(id: "4", name: "D", employees: 40, country: "Germany"),
    ]

    @Test("Counts per line, per tier and qualified, and the findings they give")
    func findings() throws {
        let profile = try Self.profile()
        var tally = LintTally(profile)
        for account in Self.sample { tally.add(account, of: profile, in: EvaluationContext(asOf: Self.day)) }
        #expect(tally.count == 4)
        #expect(tally.rubrics.count == 1)
        #expect(tally.rubrics[0].known == [4, 0, 4])
        #expect(tally.rubrics[0].met == [4, 0, 2])
        #expect(tally.rubrics[0].tiers == [0, 2, 2])
        #expect(tally.rubrics[0].qualified == 2)
        let findings = profile.lint(tally: tally, asOf: Self.day).map(\.description)
        #expect(
            findings == [
                "error: fit.lines[1] \"risky\": no account of the 4 in the sample has the data it needs; map a column to it or drop the line",
                "warning: fit.lines[0] \"has people\": met by 100% of the sample: too broad to tell accounts apart",
                "warning: fit.tiers[0] \"Top\": no account of the sample reaches it",
            ])
        #expect(profile.lint(sample: Self.sample, asOf: Self.day).map(\.description) == findings)
    }

    @Test("Tallies of parts merge into the tally of the whole")
    func merging() throws {
        let profile = try Self.profile()
        let context = EvaluationContext(asOf: Self.day)
        let accounts = Fixtures.varied(count: 900, seed: 8)
        var whole = LintTally(profile)
        for a in accounts { whole.add(a, of: profile, in: context) }
        var merged = LintTally(profile)
        for part in stride(from: 0, to: accounts.count, by: 250) {
            var tally = LintTally(profile)
            for a in accounts[part..<min(accounts.count, part + 250)] { tally.add(a, of: profile, in: context) }
            merged.merge(tally)
        }
        #expect(merged == whole)
        #expect(whole.count == 900)
        #expect(whole.rubrics[0].tiers.reduce(0, +) == 900)
    }
}
