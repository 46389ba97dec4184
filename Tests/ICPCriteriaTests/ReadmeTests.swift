import ICPCore
import ICPCriteria
import Testing

@Suite("README")
struct ReadmeTests {
    @Test("The README's example prints what the README says")
    func readmeExample() throws {
        let fit = try Rubric<Account>("Mid-market security software", threshold: .points(6)) {
            Industry.oneOf("Security Software", "Cybersecurity").points(3)
            Employees.between(200...2_000).points(2)
            Location.in(.northAmerica).points(1)
            TechStack.usesAny("Salesforce", "Okta").points(2)
            TechStack.usesAny("Competitor X").points(-3)
            Attribute("do_not_contact").isTrue.disqualifies(because: "marked do not contact")
        }
        let acme = Account(
            id: "001", name: "Acme Security", industry: "Security Software", employees: 450,
            country: "USA", technologies: ["salesforce.com"])
        let score = fit.score(acme, asOf: CalendarDay(2026, 11, 23))
        #expect(
            score.description == """
                Acme Security — 8/8 points (100%), Tier 1, qualified, coverage 100%
                  ✓ 3/3  industry Security Software is one of Security Software or Cybersecurity
                  ✓ 2/2  employees 450 is between 200 and 2,000
                  ✓ 1/1  country USA is in North America
                  ✓ 2/2  uses Salesforce
                  · 0/0  does not use Competitor X
                """)
    }

    @Test("The getting-started article's example scores as the article says")
    func gettingStarted() throws {
        let fit = try Rubric<Account>("Mid-market security software", threshold: .points(6)) {
            Industry.oneOf("Security Software").points(3)
            Employees.between(200...2_000).points(2)
            Location.in(.northAmerica).points(1)
            TechStack.usesAny("Salesforce", "Okta").points(2)
            TechStack.usesAny("Competitor X").points(-3)
            TechStack.count(inCategory: "Security")
                .bands(.atLeast(3, points: 2), .atLeast(1, points: 1))
                .named("security stack depth")
            Attribute("do_not_contact").isTrue.disqualifies(because: "marked do not contact")
        }
        let acme = Account(
            id: "001", name: "Acme Security", industry: "Security Software", employees: 450,
            country: "USA", technologies: ["salesforce.com", "CrowdStrike"])
        let score = fit.score(acme, asOf: CalendarDay(2026, 11, 23))
        #expect(score.total == 9)
        #expect(score.tier == "Tier 1")
        #expect(score.isQualified)
    }
}
