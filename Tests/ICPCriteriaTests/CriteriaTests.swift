import ICPCore
import ICPTesting
import Testing

@testable import ICPCriteria

let asOf = CalendarDay(2026, 11, 23)
let context = EvaluationContext(asOf: asOf)
let full = Fixtures.accounts[0]  // USA, California, 750 employees, $120M, founded 2009
let empty = Fixtures.accounts[1]
let boundary = Fixtures.accounts[2]  // United States, TX, 500 employees
let maple = Fixtures.accounts[3]  // Canada, Ontario, 201 employees
let nowhere = Fixtures.accounts[4]  // Narnia, 12 employees, wrong-kind attributes
let berlin = Fixtures.accounts[5]  // Deutschland, 2,400 employees
let monterrey = Fixtures.accounts[6]  // MX, 640 employees
let noCountry = Fixtures.accounts[7]

func sentence<C: Criterion>(_ c: C, _ a: Account) -> String where C.Subject == Account {
    c.evaluate(a, in: context).sentence
}
func degree<C: Criterion>(_ c: C, _ a: Account) -> Double? where C.Subject == Account {
    c.evaluate(a, in: context).degree
}

@Suite("Firmographic criteria")
struct FirmographicTests {
    @Test("Employee ranges read as sentences either way")
    func employees() {
        let c = Employees.between(200...2_000)
        #expect(c.name == "employees between 200 and 2,000")
        #expect(sentence(c, full) == "employees 750 is between 200 and 2,000")
        #expect(sentence(c, nowhere) == "employees 12 is below 200")
        #expect(sentence(c, berlin) == "employees 2,400 is above 2,000")
        #expect(sentence(c, empty) == "employees not known")
        #expect(c.evaluate(empty, in: context).missingFields == ["employees"])
        #expect(c.evaluate(full, in: context).evidence == [Observation("employees", "750")])
    }

    @Test(
        "Over 500 employees: 500 is not, 501 is",
        arguments: [(500, 0.0, "employees 500 is at most 500"), (501, 1.0, "employees 501 is more than 500")])
    func overFiveHundred(employees: Int, expected: Double, text: String) {
        let a = Account(id: "x", name: "x", employees: employees)
        #expect(degree(Employees.moreThan(500), a) == expected)
        #expect(sentence(Employees.moreThan(500), a) == text)
    }

    @Test(
        "Bounds at their edges",
        arguments: [
            (NumericBound.atLeast(200), 200.0, true), (.atLeast(200), 199, false), (.atMost(200), 200, true),
            (.atMost(200), 201, false), (.moreThan(200), 200, false), (.lessThan(200), 199, true),
            (.lessThan(200), 200, false),
            (.between(1, 2), 1, true), (.between(1, 2), 2, true), (.between(1, 2), 2.0001, false),
            (.atLeast(.nan), 5, false),
        ])
    func bounds(bound: NumericBound, value: Double, holds: Bool) {
        #expect(bound.contains(value) == holds)
    }

    @Test("Revenue, customers, funding, founding year and age")
    func otherMeasures() {
        #expect(sentence(Revenue.atLeast(10_000_000), full) == "revenue $120M is at least $10M")
        #expect(sentence(Revenue.lessThan(100_000_000), full) == "revenue $120M is at least $100M")
        #expect(sentence(CustomerBase.atLeast(1_000), full) == "customers 4,200 is at least 1,000")
        #expect(sentence(Funding.between(50_000_000...500_000_000), full) == "funding $210M is between $50M and $500M")
        #expect(sentence(Founded.after(2010), full) == "founded 2009 is in or before 2010")
        #expect(sentence(Founded.before(2010), full) == "founded 2009 is before 2010")
        #expect(Founded.after(2010).name == "founded after 2010")
        #expect(sentence(Founded.between(2000...2005), full) == "founded 2009 is after 2005")
        #expect(sentence(Founded.atLeast(2009), full) == "founded 2009 is in or after 2009")
        #expect(sentence(CompanyAge.atLeast(5), full) == "company age 17 years is at least 5 years")
        #expect(sentence(CompanyAge.atLeast(1), boundary) == "company age 0 years is below 1 year")
        #expect(degree(CompanyAge.atLeast(17), full) == 1)
        #expect(
            CompanyAge.atLeast(17).evaluate(full, in: EvaluationContext(asOf: CalendarDay(2025, 12, 31))).degree == 0)
    }

    @Test("Industry by name, folded, and by code prefix")
    func industry() {
        let byName = Industry.oneOf("Security Software", "Cybersecurity")
        #expect(byName.name == "industry one of Security Software or Cybersecurity")
        #expect(sentence(byName, full) == "industry Security Software is one of Security Software or Cybersecurity")
        #expect(degree(byName, boundary) == 1)  // "security software"
        #expect(sentence(byName, maple) == "industry IT Services is not one of Security Software or Cybersecurity")
        #expect(sentence(byName, empty) == "industry not known")
        let byCode = Industry.code(prefix: "5112")
        #expect(sentence(byCode, full) == "industry code 511210 is 5112…")
        #expect(sentence(byCode, maple) == "industry code 541512 is not 5112…")
        #expect(degree(byCode, berlin) == nil)
        let either = Industry.matches(names: ["Retail"], codePrefixes: ["5112"])
        #expect(degree(either, full) == 1)  // by code
        #expect(degree(either, nowhere) == 1)  // by name, no code
        #expect(degree(either, berlin) == nil)  // name misses, code missing
        #expect(sentence(either, maple) == "industry IT Services is not Retail and industry code 541512 is not 5112…")
    }

    @Test("Stage and any text field match folded")
    func stage() {
        let c = Stage.oneOf("series d", "Public")
        #expect(sentence(c, full) == "stage Series D is one of series d or Public")
        #expect(degree(c, maple) == nil)
        #expect(degree(Stage.oneOf("Seed"), berlin) == 0)
        #expect(degree(Stage.oneOf("Seed"), Account(id: "x", name: "x", stage: "  ")) == nil)  // blank is missing
    }
}

@Suite("Location")
struct LocationTests {
    @Test(
        "Countries by any name; North America is the US, Canada and Mexico; US & Canada the sales territory",
        arguments: [
            ("USA", 1.0, 1.0), ("United States", 1, 1), ("U.S.", 1, 1), ("us", 1, 1), ("Canada", 1, 1), ("CAN", 1, 1),
            ("Mexico", 1, 0), ("México", 1, 0), ("Guatemala", 0, 0), ("Germany", 0, 0), ("Deutschland", 0, 0),
        ])
    func northAmerica(country: String, expected: Double, territory: Double) throws {
        let a = Account(id: "x", name: "x", country: country)
        #expect(degree(Location.in(.northAmerica), a) == expected)
        #expect(degree(Location.in(.usAndCanada), a) == territory)
        #expect(try Region.named("NAMER") == .usAndCanada)
        #expect(try Region.named("North America") == .northAmerica)
    }

    @Test("Sentences name the country as written")
    func sentences() throws {
        let c = Location.in(.northAmerica)
        #expect(c.name == "located in North America")
        #expect(sentence(c, full) == "country USA is in North America")
        #expect(sentence(c, monterrey) == "country MX is in North America")
        #expect(sentence(Location.in(.usAndCanada), monterrey) == "country MX is not in US & Canada")
        #expect(sentence(c, empty) == "country not known")
        let narnia = c.evaluate(nowhere, in: context)
        #expect(narnia.degree == nil)
        #expect(narnia.evidence == [Observation("country", "Narnia (not recognised)")])
        #expect(sentence(try Location.in("DACH", "Nordics"), berlin) == "country Deutschland is in DACH or the Nordics")
    }

    @Test("States and provinces; a missing state is unknown only where it matters")
    func states() throws {
        let california = Location.in(try .state("California"))
        #expect(sentence(california, full) == "state California is in California")
        #expect(sentence(california, boundary) == "state TX is not in California")
        #expect(degree(california, berlin) == 0)
        #expect(degree(california, Account(id: "x", name: "x", country: "USA")) == nil)
        let ontario = Location.in(try .state("Ontario"), .dach)
        #expect(degree(ontario, maple) == 1)
        #expect(degree(ontario, berlin) == 1)
        #expect(degree(ontario, full) == 0)
        #expect(try Region.state("US-TX").subdivisions == ["US-TX"])
        #expect(try Region.state("CA").subdivisions == ["US-CA"])  // a bare code is a US state
    }

    @Test(
        "Named regions resolve by their common names",
        arguments: [
            ("NA", "US & Canada"), ("NAMER", "US & Canada"), ("North America", "North America"), ("LATAM", "LATAM"),
            ("Latin America", "LATAM"),
            ("emea", "EMEA"), ("Europe", "Europe"), ("DACH", "DACH"), ("Nordics", "the Nordics"), ("APAC", "APAC"),
            ("Asia Pacific", "APAC"), ("U.K.", "United Kingdom"), ("Ontario", "Ontario"),
        ])
    func namedRegions(text: String, name: String) throws {
        #expect(try Region.named(text).name == name)
    }

    @Test(
        "Region membership at the borders",
        arguments: [
            (Region.emea, "GB", true), (.emea, "ZA", true), (.emea, "AE", true), (.emea, "US", false),
            (.europe, "CH", true),
            (.europeanUnion, "CH", false), (.dach, "CH", true), (.dach, "NL", false), (.nordics, "IS", true),
            (.latam, "MX", true), (.latam, "BR", true), (.apac, "AU", true), (.apac, "IN", true), (.apac, "AE", false),
            (.northAmerica, "MX", true), (.usAndCanada, "MX", false),
        ])
    func membership(region: Region, code: String, inside: Bool) {
        #expect(region.countries.contains(code) == inside)
    }

    /// A host type's place, as written.
    struct Office: Sendable {
        var country: String?
        var state: String?
    }

    @Test(
        "A region with odd codes: only two-capital codes and states can match, on accounts and host types alike",
        arguments: [
            ("Germany", nil, 1.0), ("USA", nil, 0), ("Canada", "Ontario", 1), ("Canada", "Quebec", 0),
            ("Canada", nil, nil), (nil, nil, nil), ("Atlantis", nil, nil), ("de", nil, 1),
        ] as [(String?, String?, Double?)])
    func oddRegionCodes(country: String?, state: String?, degree: Double?) {
        // Region uppercases its codes: "USA" is not an alpha-2 code, so no country is ever in it.
        let odd = Region(name: "Odd", countries: ["usa", "de"], subdivisions: ["ca-on"])
        let onAccounts = Location.in(odd)
        let onOffices = Location.in([odd], country: \Office.country, state: \Office.state)
        let account = Account(id: "1", name: "A", country: country, state: state)
        let office = Office(country: country, state: state)
        #expect(onAccounts.degree(of: account, in: context) == degree)
        #expect(onAccounts.evaluate(account, in: context).degree == degree)
        #expect(onOffices.degree(of: office, in: context) == degree)
        #expect(onOffices.evaluate(office, in: context).degree == degree)
    }

    @Test("Unknown places are refused when the criterion is built, naming the text")
    func unknownPlaces() {
        #expect(throws: GeographyError.unknownRegion("Atlantis")) { try Location.in("Atlantis") }
        #expect(throws: GeographyError.unknownCountry("Narnia")) { try Region.country("Narnia") }
        #expect(throws: GeographyError.unknownState("Bavaria")) { try Region.state("Bavaria") }
        #expect(
            GeographyError.unknownCountry("Narnia").description
                == "\"Narnia\" is not a country: use an ISO 3166 code (US, USA) or a name (United States)")
        #expect(
            GeographyError.unknownRegion("Atlantis").description.hasPrefix(
                "\"Atlantis\" is not a region, country, US state or Canadian province; named regions are North America, US & Canada, LATAM,"
            ))
    }
}

@Suite("Technographic criteria")
struct TechnographicTests {
    @Test("Aliases and case folding: salesforce.com and Sales Cloud are Salesforce")
    func aliases() {
        let c = TechStack.usesAny("Salesforce")
        #expect(c.name == "uses Salesforce")
        #expect(sentence(c, full) == "uses Salesforce")  // salesforce.com
        #expect(degree(c, maple) == 1)  // Sales Cloud
        #expect(sentence(c, berlin) == "does not use Salesforce")
        #expect(sentence(c, nowhere) == "technologies not known")  // empty stack
        #expect(c.evaluate(full, in: context).evidence == [Observation("technologies", "AWS; Okta; salesforce.com")])
        #expect(TechStack.usesAny("SFDC").technologies == ["Salesforce"])
    }

    @Test("Any, all and none")
    func modes() {
        let any = TechStack.usesAny("HubSpot", "Okta")
        #expect(any.name == "uses any of HubSpot or Okta")
        #expect(sentence(any, full) == "uses Okta")
        let all = TechStack.usesAll("Salesforce", "Okta", "Marketo")
        #expect(all.name == "uses all of Salesforce, Okta and Marketo")
        #expect(sentence(all, full) == "does not use Marketo")
        #expect(degree(TechStack.usesAll("Salesforce", "Okta"), full) == 1)
        let none = TechStack.usesNone("CrowdStrike", "SentinelOne")
        #expect(none.name == "uses none of CrowdStrike or SentinelOne")
        #expect(sentence(none, berlin) == "uses CrowdStrike")  // CrowdStrike Falcon
        #expect(sentence(none, full) == "uses none of CrowdStrike or SentinelOne")
    }

    @Test("A user extends the catalog with their own names")
    func extendedCatalog() {
        let catalog = TechnologyCatalog.standard
            .adding("Acme Shield", category: "Security", aliases: ["AcmeShield EDR"])
            .adding("Okta", aliases: ["Okta Workforce"])
        let account = Account(id: "x", name: "x", technologies: ["acmeshield edr", "okta workforce"])
        #expect(degree(TechStack.usesAll("Acme Shield", "Okta", catalog: catalog), account) == 1)
        #expect(degree(TechStack.usesAny("Acme Shield"), account) == 0)  // the standard catalog does not know it
        #expect(TechStack.count(inCategory: "security", catalog: catalog).measure(account, in: context) == 1)
        #expect(catalog.entry(for: "Okta Workforce")?.category == "Identity")
    }

    @Test("All-of and category counts past 64 technologies count exactly as below")
    func manyTechnologies() {
        let names = (0..<70).map { "Tool \($0)" }
        let catalog = TechnologyCatalog(
            names.map {
                TechnologyCatalog.Entry($0, category: "Big", aliases: $0 == "Tool 69" ? ["Tool Sixty-Nine"] : [])
            })
        let everything = Account(id: "x", name: "x", technologies: Set(names))
        let allButOne = Account(id: "y", name: "y", technologies: Set(names.dropLast()))
        let all70 = TechStack.account(.all, names, catalog)  // more names than a variadic call takes by hand
        #expect(all70.degree(of: everything, in: context) == 1)
        #expect(all70.degree(of: allButOne, in: context) == 0)
        let three = TechStack.usesAll("Tool 1", "Tool 64", "Tool 69", catalog: catalog)
        let some = Account(id: "z", name: "z", technologies: ["Tool 1", "Tool 64", "Tool Sixty-Nine", "Tool 69"])
        #expect(degree(three, some) == 1)
        #expect(degree(three, Account(id: "w", name: "w", technologies: ["Tool 1", "Tool 64"])) == 0)
        let big = TechStack.count(inCategory: "Big", catalog: catalog)
        #expect(big.measure(some, in: context) == 3)  // 1 and 64 on either side of the word; 69 by two names
        #expect(big.measure(everything, in: context) == 70)
    }

    @Test("Technologies from a category, counted once each")
    func categoryCount() throws {
        let security = TechStack.count(inCategory: "Security")
        #expect(security.name == "Security technologies")
        #expect(security.measure(berlin, in: context) == 3)  // CrowdStrike Falcon, Splunk, Palo Alto
        #expect(security.measure(full, in: context) == 0)
        #expect(security.measure(nowhere, in: context) == nil)
        let twoCRMs = Account(id: "x", name: "x", technologies: ["Salesforce", "SFDC", "HubSpot"])
        #expect(TechStack.count(inCategory: "CRM").measure(twoCRMs, in: context) == 2)
        #expect(
            sentence(TechStack.count(inCategory: "Security").atLeast(2), berlin)
                == "Security technologies 3 is at least 2")
        let rubric = try Rubric<Account>("stack") {
            security.bands(.atLeast(3, points: 2), .atLeast(1, points: 1))
        }
        #expect(rubric.score(berlin, asOf: asOf).total == 2)
    }
}

@Suite("Custom attributes")
struct AttributeTests {
    @Test("Text, numbers, lists, flags and dates, by folded name")
    func kinds() {
        #expect(
            sentence(Attribute("Business Type").oneOf("manufacturer"), full)
                == "Business Type manufacturer is manufacturer")
        // The account has "Distributor" under "Business Type".
        #expect(degree(Attribute("business_type").oneOf("DISTRIBUTOR"), boundary) == 1)
        #expect(sentence(Attribute("mrr").atLeast(10_000), full) == "mrr 42,000 is at least 10,000")
        #expect(
            sentence(Attribute("certifications").containsAny("ISO 27001", "FedRAMP"), full)
                == "certifications SOC 2; ISO 27001 includes ISO 27001 or FedRAMP")
        #expect(degree(Attribute("certifications").containsAll("SOC 2", "FedRAMP"), full) == 0)
        #expect(degree(Attribute("certifications").containsAll("soc 2", "iso-27001"), full) == 1)
        #expect(sentence(Attribute("do_not_contact").isTrue, full) == "do_not_contact no is no")
        #expect(degree(Attribute("do_not_contact").isTrue, maple) == 1)
        #expect(
            sentence(Attribute("renewal_date").before(CalendarDay(2027, 3, 1)), full)
                == "renewal_date 2027-02-01 is before 2027-03-01")
        #expect(degree(Attribute("renewal_date").onOrAfter(CalendarDay(2027, 2, 1)), full) == 1)
        #expect(degree(Attribute("renewal_date").isPresent, empty) == 0)
    }

    /// Each value kind, as an account's `x` attribute; `nil` is none.
    static let values: [AttributeValue?] = [
        .number(42), .text("Contract Manufacturer"), .flag(true), .flag(false),
        .date(CalendarDay(2027, 2, 1).date), .list(["SOC 2", "ISO-27001"]), .list([]), nil,
    ]

    /// Every test against every kind of value, each degree worked out by
    /// hand: 1 holds, 0 fails, nil unknown (wrong kind or missing).
    @Test(
        "Every test reads every kind of value (or finds it unknown), from the account's compact slots",
        arguments: [
            (Attribute("X").oneOf("contract manufacturer", "reseller"), [nil, 1, nil, nil, nil, 0, 0, nil]),
            (Attribute("x").oneOf("manufacturer"), [nil, 0, nil, nil, nil, 0, 0, nil]),
            (Attribute("x").containsAny("soc 2"), [nil, 0, nil, nil, nil, 1, 0, nil]),
            (Attribute("x").containsAll("SOC 2", "iso 27001"), [nil, 0, nil, nil, nil, 1, 0, nil]),
            (Attribute("x").containsAll("SOC 2", "FedRAMP"), [nil, 0, nil, nil, nil, 0, 0, nil]),
            (Attribute("x").containsAll("Contract-Manufacturer"), [nil, 1, nil, nil, nil, 0, 0, nil]),
            (Attribute("x").isTrue, [nil, nil, 1, 0, nil, nil, nil, nil]),
            (Attribute("x").isFalse, [nil, nil, 0, 1, nil, nil, nil, nil]),
            (Attribute("x").before(CalendarDay(2027, 2, 2)), [nil, nil, nil, nil, 1, nil, nil, nil]),
            (Attribute("x").before(CalendarDay(2027, 2, 1)), [nil, nil, nil, nil, 0, nil, nil, nil]),
            (Attribute("x").onOrAfter(CalendarDay(2027, 2, 1)), [nil, nil, nil, nil, 1, nil, nil, nil]),
            (Attribute("x").isPresent, [1, 1, 1, 1, 1, 1, 1, 0]),
        ] as [(AttributeCriterion, [Double?])])
    func everyKind(criterion: AttributeCriterion, expected: [Double?]) {
        for (value, wanted) in zip(AttributeTests.values, expected) {
            var account = Account(id: "a", name: "A", attributes: ["other": 1, "zeta": "z"])
            account.attributes["x"] = value
            #expect(criterion.degree(of: account, in: context) == wanted, "\(String(describing: value))")
            #expect(criterion.evaluate(account, in: context).degree == wanted)
        }
        // The number signal reads numbers only.
        let numbers = AttributeTests.values.map { value -> Double? in
            var account = Account(id: "a", name: "A")
            account.attributes["x"] = value
            return Attribute("x").number.measure(account, in: context)
        }
        #expect(numbers == [42, nil, nil, nil, nil, nil, nil, nil])
    }

    @Test("A value of the wrong kind is unknown and says what it found")
    func wrongKind() {
        let e = Attribute("mrr").atLeast(1).evaluate(nowhere, in: context)
        #expect(e.degree == nil)
        let typed = Attribute("business_type").oneOf("manufacturer").evaluate(nowhere, in: context)
        #expect(typed.degree == nil)
        #expect(typed.evidence == [Observation("business_type", "3 (a number, which this test cannot read)")])
        #expect(Attribute("missing").isTrue.evaluate(full, in: context).sentence == "missing not known")
    }
}

@Suite("Combinators")
struct CombinatorTests {
    /// A criterion with a fixed answer, for truth tables.
    struct Fixed: Criterion {
        let value: Double?
        let label: String
        var name: String { label }
        var category: SignalCategory { .custom }
        func evaluate(_ subject: Account, in context: EvaluationContext) -> Evaluation {
            guard let value else {
                return .unknown(missing: [label], evidence: [], met: "\(label) yes", unmet: "\(label) no")
            }
            return .known(value, evidence: [], met: "\(label) yes", unmet: "\(label) no")
        }
    }

    static let truth: [(Double?, Double?, Double?, Double?)] = [
        // a, b, a && b, a || b
        (1, 1, 1, 1), (1, 0, 0, 1), (0, 1, 0, 1), (0, 0, 0, 0),
        (1, nil, nil, 1), (nil, 1, nil, 1), (0, nil, 0, nil), (nil, 0, 0, nil), (nil, nil, nil, nil),
        (0.3, 0.8, 0.3, 0.8),
    ]

    @Test("Three-valued logic: unknown only when the missing part could change the answer", arguments: truth)
    func truthTable(a: Double?, b: Double?, and: Double?, or: Double?) {
        let x = Fixed(value: a, label: "a")
        let y = Fixed(value: b, label: "b")
        #expect(degree(x && y, full) == and)
        #expect(degree(x || y, full) == or)
        #expect((x && y).degree(of: full, in: context) == and)
        #expect((x || y).degree(of: full, in: context) == or)
        #expect(degree(!x, full) == a.map { 1 - $0 })
    }

    @Test("At least k of")
    func atLeastK() {
        let parts: [any Criterion<Account>] = [
            Fixed(value: 1, label: "a"), Fixed(value: 0, label: "b"), Fixed(value: nil, label: "c"),
            Fixed(value: 1, label: "d"),
        ]
        #expect(degree(Criteria.atLeast(2, of: parts), full) == 1)
        #expect(degree(Criteria.atLeast(3, of: parts), full) == nil)
        let known: [any Criterion<Account>] = [
            Fixed(value: 1, label: "a"), Fixed(value: 0, label: "b"), Fixed(value: 0, label: "c"),
        ]
        #expect(degree(Criteria.atLeast(2, of: known), full) == 0)
        #expect(sentence(Criteria.atLeast(2, of: known), full) == "only 1 of 3 hold (2 needed): b no and c no")
        #expect(Criteria.atLeast(2, of: known).name == "at least 2 of a, b, c")
        #expect(degree(Criteria.atLeast(0, of: known), full) == 1)
        #expect(degree(Criteria.atLeast(4, of: known), full) == 0)  // more than there are parts: never
        #expect(degree(Criteria.atLeast(2, of: [Fixed(value: 1, label: "a")]), full) == 0)
        #expect(degree(Criteria.anyOf([any Criterion<Account>]()), full) == 0)
        #expect(degree(Criteria.allOf([any Criterion<Account>]()), full) == 1)
    }

    @Test("Operators read like the sentence and flatten chains")
    func operators() throws {
        let bestFit = Location.in(try .country("US")) && Employees.moreThan(500) && Industry.oneOf("Security Software")
        #expect(bestFit.parts.count == 3)
        #expect(bestFit.name == "located in United States and employees more than 500 and industry Security Software")
        #expect(
            sentence(bestFit, full)
                == "country USA is in United States and employees 750 is more than 500 and industry Security Software is Security Software"
        )
        #expect(sentence(bestFit, monterrey) == "country MX is not in United States")
        #expect(sentence(bestFit, boundary) == "employees 500 is at most 500")
        let region = Location.in(.dach) || Location.in(.nordics) || Location.in(.ukAndIreland)
        #expect(region.parts.count == 3)
        #expect(
            sentence(region, full)
                == "country USA is not in DACH and country USA is not in the Nordics and country USA is not in UK and Ireland"
        )
        let mixed = (Employees.moreThan(500) || Revenue.atLeast(1e8)) && !TechStack.usesAny("CrowdStrike")
        #expect(mixed.name == "(employees more than 500 or revenue at least $100M) and not uses CrowdStrike")
        #expect(sentence(mixed, berlin) == "uses CrowdStrike")
        #expect(mixed.category == .custom)
        #expect(Criteria.allOf(Employees.atLeast(1), Revenue.atLeast(1)).category == .firmographic)
    }
}
