import ICPCore
import ICPCriteria
import ICPTesting
import Testing

/// Every built-in criterion, for the laws.
let builtIns: [any Criterion<Account>] = {
    var list: [any Criterion<Account>] = [
        Employees.atLeast(200), Employees.atMost(2_000), Employees.moreThan(500), Employees.lessThan(100),
        Employees.between(200...2_000), Revenue.between(1e6...5e8), CustomerBase.atLeast(1_000), Funding.atLeast(1e7),
        Founded.before(2010), Founded.after(2000), CompanyAge.atLeast(5), Stage.oneOf("Series D", "Public"),
        Industry.oneOf("Security Software"), Industry.code(prefix: "5112"),
        Industry.matches(names: ["Retail"], codePrefixes: ["54"]), Location.in(.northAmerica),
        Location.in(.emea, .apac),
        TechStack.usesAny("Salesforce", "HubSpot"), TechStack.usesAll("Salesforce", "Okta"),
        TechStack.usesNone("CrowdStrike"),
        TechStack.count(inCategory: "Security").atLeast(2), Attribute("business_type").oneOf("manufacturer"),
        Attribute("mrr").between(1_000...100_000), Attribute("certifications").containsAny("SOC 2"),
        Attribute("certifications").containsAll("SOC 2", "ISO 27001"), Attribute("do_not_contact").isTrue,
        Attribute("do_not_contact").isFalse, Attribute("renewal_date").before(CalendarDay(2027, 6, 1)),
        Attribute("renewal_date").onOrAfter(CalendarDay(2027, 1, 1)), Attribute("mrr").isPresent,
        Employees.moreThan(500) && Location.in(.northAmerica), Employees.moreThan(500) || TechStack.usesAny("Okta"),
        !Industry.oneOf("Retail"),
        Criteria.atLeast(2, of: Employees.atLeast(200), Revenue.atLeast(1e7), Stage.oneOf("Public")),
        Employees.count.within(200..<2_000), Missing(Employees.atLeast(200)), Missing(Stage.oneOf("Seed")),
        City.oneOf("Springfield"),
    ]
    if let california = try? Location.in(Region.state("California")) { list.append(california) }
    list += behavioral
    return list
}()

/// The behavioral, trigger, churn and qualitative criteria, for the laws.
let behavioral: [any Criterion<Account>] = [
    Events.any(.websiteVisit, in: .last(30)), Events.count(.pageView, in: .last(30), perDayCap: 5).atLeast(10),
    Events.count(in: TimeWindow.last(30).previous).atMost(3),
    Events.sum(valueOf: .productUsage, in: .last(60)).atLeast(1),
    Events.lastSeen(.formSubmit, withinDays: 14), Events.daysSinceLast(.websiteVisit).atMost(7),
    Events.any(.intentTopic, about: "zero trust", in: .last(30)),
    ProportionalCriterion(Events.decayed([.pageView: 1, .websiteVisit: 2], decay: .halfLife(30)), cap: 10),
    ProportionalCriterion(Events.decayed([.pageView: 1], decay: .linear(lifespan: 90), perDayCap: 3), cap: -4),
    ProportionalCriterion(Events.decayed([.emailClick: 3], decay: .steps([.within(30, 1), .within(90, 0.5)])), cap: 6),
    Events.count(.websiteVisit, in: .last(30)).levels(high: 10, low: 1).isHigh,
    Trigger.funded(withinDays: 90), Trigger.headcountCrossed(500, withinDays: 365),
    Trigger.headcountGrowth(atLeast: 0.2, overDays: 365), Trigger.compellingEvent("breach", withinDays: 60),
    Churn.activityDrop(atLeast: 0.5, of: .productUsage, periodDays: 30),
    Churn.activityChange(of: .websiteVisit, periodDays: 30).atMost(-0.5),
    NPS.promoter, NPS.passive, NPS.detractor, NPS.between(7...10), Sentiment.atLeast(0.5), Referrals.atLeast(1),
    Advocacy.any(.caseStudy, .review), Advocacy.all(.caseStudy, .reference), Advocacy.any(), Brand.isProminent,
    PainPoints.overlap(with: ["alert fatigue", "compliance reporting"], atLeast: 2), UseCases.overlap(with: ["SOC"]),
    !Brand.isProminent && NPS.promoter,
]

/// Persona criteria over contacts, for the laws.
let personaCriteria: [PersonaCriterion] = [
    Personas.match(Persona(name: "Security leader", titles: ["CISO", "Head of Security"], isRequired: true)),
    Personas.match(anyOf: [
        Persona(name: "IT", titles: ["IT Operations"], department: "IT"),
        Persona(name: "Buyer", titles: ["Procurement"], seniorities: [.manager]),
    ]),
    Personas.match(Persona(name: "Empty")),
]

@Suite("Criterion laws")
struct LawTests {
    @Test("Every built-in criterion keeps the laws on every fixture account", arguments: builtIns.indices)
    func laws(index: Int) {
        let criterion = builtIns[index]
        let violations = CriterionLaws.check(criterion, on: Fixtures.accounts, asOf: Fixtures.asOf)
        #expect(violations.isEmpty, "\(violations)")
    }

    @Test("Every built-in criterion's condition answers as the criterion on 400 seeded awkward accounts")
    func conditionsOnVariedAccounts() {
        let accounts = Fixtures.varied(count: 400, seed: 17)
        let context = EvaluationContext(asOf: Fixtures.asOf)
        var disagreements: [String] = []
        var known = 0
        var unknown = 0
        for criterion in builtIns {
            guard let condition = criterion.condition else { continue }
            for (i, account) in accounts.enumerated() {
                let expected = criterion.degree(of: account, in: context)
                if expected == nil { unknown += 1 } else { known += 1 }
                if condition.degree(of: account, in: context) != expected {
                    disagreements.append("\(criterion.name), account \(i)")
                }
            }
        }
        #expect(disagreements == [])
        // Both answers occur often enough for the comparison to mean something.
        #expect(known > 10_000)
        #expect(unknown > 5_000)
    }

    @Test("Every built-in criterion for accounts is written as a condition")
    func everyBuiltInHasACondition() {
        let without = builtIns.filter { $0.condition == nil }.map(\.name)
        #expect(without == [])
    }

    @Test("Every built-in signal's operand reads what it measures, on every fixture account")
    func signalOperands() {
        let signals: [any Signal<Account>] = [
            Employees.count, Revenue.amount, CustomerBase.size, Funding.total, Founded.year, CompanyAge.years,
            NPS.rating, Sentiment.score, Referrals.given, Attribute("mrr").number, Growth.headcount(overDays: 365),
            TechStack.count(inCategory: "Security"), Events.count(.pageView, in: .last(30), perDayCap: 2),
            Events.sum(valueOf: .productUsage, in: .last(60)), Events.daysSinceLast(.websiteVisit),
            Events.decayed([.pageView: 1, .websiteVisit: 2], decay: .halfLife(30)),
            Churn.activityChange(of: .websiteVisit, periodDays: 30),
        ]
        var failures: [LawViolation] = []
        for signal in signals {
            #expect(signal.operand != nil, "\(signal.name) has no operand")
            failures += check(signal)
        }
        #expect(failures == [])
        func check<S: Signal>(_ s: S) -> [LawViolation] where S.Subject == Account {
            CriterionLaws.check(signal: s, on: Fixtures.accounts, in: EvaluationContext(asOf: Fixtures.asOf))
        }
    }

    @Test("A condition that disagrees with its criterion breaks a law")
    func wrongConditionIsCaught() {
        struct Wrong: Criterion {
            var name: String { "employees at least 200, said wrongly" }
            var category: SignalCategory { .firmographic }
            var condition: Condition? { .number(.field(.employees), .atLeast(201)) }
            func evaluate(_ a: Account, in context: EvaluationContext) -> Evaluation {
                Employees.atLeast(200).evaluate(a, in: context)
            }
        }
        let accounts = [Account(id: "1", name: "A", employees: 200), Account(id: "2", name: "B", employees: 300)]
        let violations = CriterionLaws.check(Wrong(), on: accounts, asOf: Fixtures.asOf)
        #expect(violations.map(\.law) == ["condition agrees with degree"])
        #expect(violations.map(\.subject) == [0])
    }

    @Test("Persona criteria keep the laws on every fixture contact", arguments: personaCriteria.indices)
    func personaLaws(index: Int) {
        let violations = CriterionLaws.check(personaCriteria[index], on: Fixtures.contacts, asOf: Fixtures.asOf)
        #expect(violations.isEmpty, "\(violations)")
    }

    @Test("The law checker catches a criterion that breaks them")
    func checkerCatchesBrokenCriterion() {
        struct Broken: Criterion {
            var name: String { "broken" }
            var category: SignalCategory { .custom }
            func evaluate(_ a: Account, in context: EvaluationContext) -> Evaluation {
                .unknown(missing: [], evidence: [], met: "", unmet: "")
            }
            func degree(of a: Account, in context: EvaluationContext) -> Double? { 1 }
        }
        let laws = Set(CriterionLaws.check(Broken(), on: [Fixtures.accounts[0]], asOf: Fixtures.asOf).map(\.law))
        #expect(laws == ["unknown names its fields", "degree(of:) agrees with evaluate"])
    }
}

@Suite("Host types")
struct HostTypeTests {
    struct Company: Sendable {
        var headcount: Int?
        var sector: String?
        var hq: String?
        var province: String?
        var stack: [String]
    }

    @Test("A host app scores its own type through key paths")
    func hostType() throws {
        let rubric = try Rubric<Company>("host") {
            Field.number("headcount", \Company.headcount).between(200...2_000).points(2)
            Field.text("sector", \Company.sector).oneOf("Security").points(3)
            Industry.matches(names: ["Security"], name: \Company.sector).points(1).named("industry line")
            Location.in([.northAmerica], country: \Company.hq, state: \Company.province).points(1)
            Location.in([try .state("Quebec")], country: \Company.hq, state: \Company.province).points(1).named(
                "in Quebec")
            TechStack.uses(.any, ["Salesforce"], in: \Company.stack).points(1)
        }
        let company = Company(headcount: 450, sector: "security", hq: "Canada", province: "QC", stack: ["SFDC"])
        let s = rubric.score(company, asOf: asOf)
        #expect(s.total == 9)
        #expect(s.subject == nil)
        #expect(
            s.breakdown.map(\.sentence) == [
                "headcount 450 is between 200 and 2,000", "sector security is Security",
                "industry security is Security",
                "country Canada is in North America", "state QC is in Quebec", "uses Salesforce",
            ])
        let unknown = rubric.score(Company(headcount: nil, sector: nil, hq: nil, province: nil, stack: []), asOf: asOf)
        #expect(unknown.coverage == 0)
        #expect(unknown.total == 0)
    }

    @Test(
        "Technology criteria on a host's list answer as on an account's stored keys",
        arguments: [
            ([], nil), (["SFDC"], 1), (["Okta", "salesforce.com", "HubSpot"], 2), (["CrowdStrike", "Okta"], 0),
            (["Zendesk"], 0),
        ] as [([String], Double?)])
    func hostTechnologies(stack: [String], crmCount: Double?) throws {
        let account = Account(id: "a", name: "A", technologies: Set(stack))
        let company = Company(headcount: nil, sector: nil, hq: nil, province: nil, stack: stack)
        for match in [TechnologyCriterion<Account>.Match.any, .all, .none] {
            let names = ["Salesforce", "Okta"]
            let hostMatch = try #require(TechnologyCriterion<Company>.Match(rawValue: match.rawValue))
            let host = TechStack.uses(hostMatch, names, in: \Company.stack)
            let own = TechStack.uses(match, names, in: \Account.technologiesList)
            let stored: TechnologyCriterion<Account> =
                switch match {
                case .any: TechStack.usesAny("Salesforce", "Okta")
                case .all: TechStack.usesAll("Salesforce", "Okta")
                case .none: TechStack.usesNone("Salesforce", "Okta")
                }
            let degree = stored.degree(of: account, in: context)
            #expect(host.degree(of: company, in: context) == degree, "\(match)")
            #expect(own.degree(of: account, in: context) == degree)
            #expect(stored.evaluate(account, in: context).degree == degree)
        }
        #expect(TechStack.count(inCategory: "CRM").measure(account, in: context) == crmCount)
    }
}

extension Account {
    /// The technologies as a list, for a criterion that reads them as a host's.
    fileprivate var technologiesList: [String] { technologies.sorted() }
}
