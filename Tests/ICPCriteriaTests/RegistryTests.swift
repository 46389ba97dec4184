import ICPCore
import ICPCriteria
import ICPTesting
import Testing

/// Every built-in criterion with a file form: firmographic, technographic,
/// attribute, behavioral, trigger, churn, qualitative and combinators.
let fileCriteria: [any Criterion<Account>] = builtIns.filter { $0.specification != nil }

let fileSignals: [any Signal<Account>] = [
    Employees.count, Revenue.amount, CustomerBase.size, Funding.total, Founded.year, CompanyAge.years, NPS.rating,
    Sentiment.score, Referrals.given, Growth.headcount(overDays: 365), Attribute("mrr").number,
    TechStack.count(inCategory: "Security"), Events.count(.websiteVisit, .pageView, in: .last(30), perDayCap: 5),
    Events.count(about: "zero trust", in: TimeWindow(days: 30, endingDaysAgo: 30)),
    Events.sum(valueOf: .productUsage, in: .last(60)), Events.daysSinceLast(.websiteVisit),
    Events.decayed([.formSubmit: 9, .webinar: 6], decay: .linear(lifespan: 90), perDayCap: 3),
    Events.decayed([.pageView: 1], decay: .halfLife(30), named: "page interest"),
    Events.decayed([.emailClick: 3], decay: .steps([.within(30, 1), .within(90, 0.5)])),
    Events.decayed([.webinar: 2], decay: .none), Churn.activityChange(of: .productUsage, periodDays: 30),
]

@Suite("Criterion registry")
struct RegistryTests {
    @Test("Every built-in criterion kind round-trips through its file form", arguments: fileCriteria.indices)
    func criterionRoundTrip(index: Int) throws {
        let original = fileCriteria[index]
        let spec = try #require(original.specification)
        let read = try CriterionRegistry<Account>.standard.criterion(spec.json, at: JSONPath().key("criterion"))
        #expect(read.specification == spec)
        #expect(read.name == original.name)
        for account in Fixtures.accounts {
            #expect(read.evaluate(account, asOf: Fixtures.asOf) == original.evaluate(account, asOf: Fixtures.asOf))
        }
    }

    @Test("Every built-in signal kind round-trips through its file form", arguments: fileSignals.indices)
    func signalRoundTrip(index: Int) throws {
        let original = fileSignals[index]
        let spec = try #require(original.specification)
        let read = try CriterionRegistry<Account>.standard.signal(spec.json, at: JSONPath().key("signal"))
        #expect(read.specification == spec)
        #expect(read.name == original.name)
        let context = EvaluationContext(asOf: Fixtures.asOf)
        for account in Fixtures.accounts {
            #expect(read.measure(account, in: context) == original.measure(account, in: context))
        }
    }

    @Test("Most built-ins have a file form; the key-path forms over host types do not")
    func coverage() {
        #expect(fileCriteria.count == builtIns.count)
        struct Company { var size: Int? }
        #expect(Field.number("size", \Company.size).atLeast(3).specification == nil)
    }

    @Test(
        "Bad criteria are refused with the path and what was expected",
        arguments: [
            (
                #"{"kind": "employes", "min": 1}"#,
                "fit.lines[3].criterion.kind: unknown kind \"employes\"; the known kinds are "
            ),
            (
                #"{"kind": "employees", "min": 2000, "max": 200}"#,
                "fit.lines[3].criterion.max: max 200 is less than min 2000"
            ),
            (
                #"{"kind": "employees", "min": "200", "max": 2000}"#,
                "fit.lines[3].criterion.min: expected a number, found a string"
            ),
            (
                #"{"kind": "employees", "mx": 5}"#,
                "fit.lines[3].criterion: \"employees\" is a number; give it a bound: atLeast, atMost, moreThan, lessThan, or min and max"
            ),
            (
                #"{"kind": "employees", "atLeast": 5, "colour": "red"}"#,
                "fit.lines[3].criterion: unknown key \"colour\"; expected one of \"kind\", \"atLeast\", \"atMost\", \"moreThan\", \"lessThan\", \"min\", \"max\""
            ),
            (
                #"{"kind": "employees", "atLeast": 5, "atMost": 9}"#,
                "fit.lines[3].criterion: give one bound: atLeast, atMost, moreThan, lessThan, min and max, or atLeast and lessThan; found atLeast, atMost"
            ),
            (
                #"{"kind": "employees", "atLeast": 500, "lessThan": 200}"#,
                "fit.lines[3].criterion.lessThan: lessThan 200 must be more than atLeast 500"
            ),
            (#"{"kind": "missing"}"#, "fit.lines[3].criterion: missing \"criterion\" (a criterion)"),
            (#"{"kind": "industry"}"#, "fit.lines[3].criterion: missing \"names\" (industry names, or codePrefixes)"),
            (
                #"{"kind": "event_count", "events": ["website visit"], "days": -30, "atLeast": 1}"#,
                "fit.lines[3].criterion.days: expected a whole number of 0 or more, found -30"
            ),
            (
                #"{"kind": "location", "in": ["North America", "Atlantis"]}"#,
                "fit.lines[3].criterion.in[1]: \"Atlantis\" is not a region, country, US state or Canadian province; named regions are North America"
            ),
            (
                #"{"kind": "all", "of": [{"kind": "stage", "oneOf": []}]}"#,
                "fit.lines[3].criterion.of[0].oneOf: expected at least one string"
            ),
            (
                #"{"kind": "technologies", "any": ["Okta"], "none": ["X"]}"#,
                "fit.lines[3].criterion: give exactly one of \"any\", \"all\" or \"none\" with a list of technologies"
            ),
            (
                #"{"kind": "nps", "category": "fan"}"#,
                "fit.lines[3].criterion.category: expected \"promoter\", \"passive\" or \"detractor\", found \"fan\""
            ),
            (#"{"min": 3}"#, "fit.lines[3].criterion: missing \"kind\" (a string)"),
            (#"[1, 2]"#, "fit.lines[3].criterion: expected an object, found an array"),
            (
                #"{"kind": "at_least", "count": 1.5, "of": []}"#,
                "fit.lines[3].criterion.count: expected a whole number of 0 or more, found 1.5"
            ),
            (#"{"kind": "decayed_engagement", "points": {"webinar": 2}, "decay": {"linear": 90}, "atLeast": 1}"#, nil),
        ] as [(String, String?)])
    func badCriteria(json: String, message: String?) throws {
        let value = try JSONValue.parse(json)
        let path = JSONPath().key("fit").key("lines").index(3).key("criterion")
        do {
            _ = try CriterionRegistry<Account>.standard.criterion(value, at: path)
            #expect(message == nil)
        } catch let error as JSONFormatError {
            let text = error.description
            #expect(message.map { text.hasPrefix($0) } == true, "\(text)")
        }
    }

    @Test("A criterion where a signal is needed is refused")
    func notASignal() throws {
        let value = try JSONValue.parse(#"{"kind": "industry", "names": ["Retail"]}"#)
        #expect(throws: JSONFormatError.self) {
            try CriterionRegistry<Account>.standard.signal(value, at: JSONPath().key("signal"))
        }
    }

    @Test("A host registers its own kind; unregistered, it is unknown")
    func customKind() throws {
        struct HasSOC2: Criterion {
            var name: String { "SOC 2 certified" }
            var category: SignalCategory { .custom }
            var specification: Specification? { Specification("soc2") }
            func evaluate(_ a: Account, in context: EvaluationContext) -> Evaluation {
                .known(a.attributes["soc2"] == .flag(true), evidence: [], met: "SOC 2", unmet: "no SOC 2")
            }
        }
        let registry = CriterionRegistry<Account>.standard.registering("soc2", parameters: []) { _, _ in
            .criterion(HasSOC2())
        }
        let value = try JSONValue.parse(#"{"kind": "soc2"}"#)
        #expect(try registry.criterion(value, at: JSONPath()).name == "SOC 2 certified")
        #expect(throws: JSONFormatError.self) {
            try CriterionRegistry<Account>.standard.criterion(value, at: JSONPath())
        }
        #expect(registry.kinds.contains("soc2"))
    }
}

extension Criterion {
    func evaluate(_ s: Subject, asOf day: CalendarDay) -> Evaluation { evaluate(s, in: EvaluationContext(asOf: day)) }
}
