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
    ]
    if let california = try? Location.in(Region.state("California")) { list.append(california) }
    return list
}()

@Suite("Criterion laws")
struct LawTests {
    @Test("Every built-in criterion keeps the laws on every fixture account", arguments: builtIns.indices)
    func laws(index: Int) {
        let criterion = builtIns[index]
        let violations = CriterionLaws.check(criterion, on: Fixtures.accounts, asOf: Fixtures.asOf)
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
}
