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

    @Test("The README's engagement, matrix and committee example gives what the README says")
    func readmeEngagement() throws {
        let fit = try Rubric<Account>("Mid-market security software", threshold: .points(6)) {
            Industry.oneOf("Security Software", "Cybersecurity").points(3)
            Employees.between(200...2_000).points(2)
            Location.in(.northAmerica).points(1)
            TechStack.usesAny("Salesforce", "Okta").points(2)
        }
        let engagement = try Rubric<Account>(
            "Engagement",
            tiers: [
                Tier("High", minimum: .ratio(0.6)), Tier("Medium", minimum: .ratio(0.3)),
                Tier("Low", minimum: .ratio(0.1)), Tier("None"),
            ],
            caps: ["email": 3]
        ) {
            Events.count(.websiteVisit, in: .last(30)).levels(high: 10, low: 1).points(high: 3, low: 1)
            Events.any(.emailClick, in: .last(30)).points(3).group("email")
            Events.any(.emailOpen, in: .last(30)).points(1).group("email")
            Events.decayed([.formSubmit: 9, .webinar: 6], decay: .linear(lifespan: 90)).points(upTo: 9)
            Trigger.funded(withinDays: 180).points(1)
        }
        let profile = Profile(
            name: "Mid-market security", fit: fit, engagement: engagement,
            personas: [
                Persona(
                    name: "Security leader", titles: ["CISO", "VP Security", "Head of Security"], roleWeight: 2,
                    isRequired: true),
                Persona(name: "IT operations", titles: ["IT Operations", "IT Manager"]),
            ])

        var acme = Account(
            id: "001", name: "Acme Security", industry: "Security Software", employees: 450,
            country: "USA", technologies: ["salesforce.com"])
        acme.events = [
            EngagementEvent(.websiteVisit, on: CalendarDay(2026, 11, 18), count: 12),
            EngagementEvent(.formSubmit, on: CalendarDay(2026, 11, 20)),
        ]
        let result = profile.score(acme, asOf: CalendarDay(2026, 11, 23))
        #expect(result.cell?.name == "A1")
        #expect(result.engagement?.total == 11.7)  // 3 (12 visits: high) + 8.7 (9 × 87/90) + 0 + 0
        #expect(result.engagement?.tier == "High")
        let committee = profile.committee([Contact(id: "c1", name: "Dana Reyes", title: "Head of IT Security")])
        #expect(committee.description == "1 of 2 roles, 66.7% by weight")
        #expect(committee.missingRequired.isEmpty)
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
