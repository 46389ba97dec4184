import ICPCore

/// What a kind in a profile file builds: a criterion (a condition) or a
/// signal (a number, which a bound turns into a criterion and bands turn
/// into points).
public enum RegistryEntry<Subject>: Sendable {
    /// A criterion.
    case criterion(any Criterion<Subject>)
    /// A signal.
    case signal(any Signal<Subject>)
}

/// The kinds a profile file may use, each with the parameters it takes and
/// how to build it. A value, passed to the decoder: no global state.
///
/// ``standard`` knows every built-in kind for `Account`;
/// ``events`` the behavioral kinds for any subject with events (contacts).
/// A host registers its own kinds:
///
/// ```swift
/// let registry = CriterionRegistry<Account>.standard.registering("soc2", parameters: []) { _, _ in
///     .criterion(HasSOC2())
/// }
/// ```
public struct CriterionRegistry<Subject>: Sendable {
    /// Builds a kind from its object (the builder reads its parameters; the
    /// registry checks that nothing else is there).
    public typealias Build =
        @Sendable (inout JSONObjectReader, CriterionRegistry<Subject>) throws -> RegistryEntry<Subject>

    private var builders: [String: (parameters: [String], build: Build)] = [:]

    /// An empty registry.
    public init() {}

    /// The registry with one more kind (or a kind replaced).
    ///
    /// - Parameters:
    ///   - kind: The `kind` value in files.
    ///   - parameters: The keys the kind takes, for "unknown key" messages.
    ///   - build: Reads the parameters and builds the criterion or signal.
    public func registering(_ kind: String, parameters: [String], _ build: @escaping Build) -> CriterionRegistry {
        var copy = self
        copy.builders[kind] = (parameters, build)
        return copy
    }

    /// Every kind known, sorted.
    public var kinds: [String] { builders.keys.sorted() }

    /// The keys of a numeric bound.
    public static var boundKeys: [String] { ["atLeast", "atMost", "moreThan", "lessThan", "min", "max"] }

    /// Reads a criterion; a signal kind with a bound (`atLeast`, `atMost`,
    /// `moreThan`, `lessThan`, or `min` and `max`) is a range criterion.
    ///
    /// - Throws: `JSONFormatError` naming the path: not an object, no
    ///   kind, an unknown kind (listing the known ones), a wrong or missing
    ///   parameter, an unknown key, a signal without a bound, min > max.
    public func criterion(_ value: JSONValue, at path: JSONPath) throws -> any Criterion<Subject> {
        var object = try JSONObjectReader(value, at: path)
        let (kind, entry) = try build(&object)
        switch entry.entry {
        case .criterion(let c):
            try object.finish(allowed: ["kind"] + entry.parameters)
            return c
        case .signal(let s):
            let bound = try CriterionRegistry.bound(&object, kind: kind)
            try object.finish(allowed: ["kind"] + entry.parameters + CriterionRegistry.boundKeys)
            return NumericCriterion(s, bound)
        }
    }

    /// Reads a signal.
    ///
    /// - Throws: `JSONFormatError` naming the path, as for criteria, or
    ///   when the kind is a criterion rather than a number.
    public func signal(_ value: JSONValue, at path: JSONPath) throws -> any Signal<Subject> {
        var object = try JSONObjectReader(value, at: path)
        let (kind, entry) = try build(&object)
        guard case .signal(let s) = entry.entry else {
            throw JSONFormatError(
                path.key("kind"),
                "\"\(kind)\" is a condition, not a number; bands and pointsUpTo need a number such as \"employees\", \"revenue\" or \"event_count\""
            )
        }
        try object.finish(allowed: ["kind"] + entry.parameters)
        return s
    }

    private func build(_ object: inout JSONObjectReader) throws -> (
        String, (entry: RegistryEntry<Subject>, parameters: [String])
    ) {
        let kind = try object.requiredString("kind")
        guard let builder = builders[kind] else {
            throw JSONFormatError(
                object.path.key("kind"),
                "unknown kind \"\(kind)\"; the known kinds are " + kinds.map { "\"\($0)\"" }.joined(separator: ", "))
        }
        return (kind, (try builder.build(&object, self), builder.parameters))
    }

    /// Reads a bound from an object.
    static func bound(_ object: inout JSONObjectReader, kind: String) throws -> NumericBound {
        let single = ["atLeast", "atMost", "moreThan", "lessThan"].filter(object.has)
        let range = ["min", "max"].filter(object.has)
        if single == ["atLeast", "lessThan"], range.isEmpty {
            let lo = try object.requiredNumber("atLeast")
            let hi = try object.requiredNumber("lessThan")
            guard lo < hi else {
                throw JSONFormatError(
                    object.path.key("lessThan"),
                    "lessThan \(ValueFormat.decimal(hi, grouped: false)) must be more than atLeast \(ValueFormat.decimal(lo, grouped: false))"
                )
            }
            return .interval(lo, hi)
        }
        guard single.count + (range.isEmpty ? 0 : 1) == 1 else {
            if single.isEmpty, range.isEmpty {
                throw JSONFormatError(
                    object.path,
                    "\"\(kind)\" is a number; give it a bound: atLeast, atMost, moreThan, lessThan, or min and max")
            }
            throw JSONFormatError(
                object.path,
                "give one bound: atLeast, atMost, moreThan, lessThan, min and max, or atLeast and lessThan; found "
                    + (single + range).joined(separator: ", "))
        }
        switch single.first {
        case "atLeast": return .atLeast(try object.requiredNumber("atLeast"))
        case "atMost": return .atMost(try object.requiredNumber("atMost"))
        case "moreThan": return .moreThan(try object.requiredNumber("moreThan"))
        case "lessThan": return .lessThan(try object.requiredNumber("lessThan"))
        default:
            let lo = try object.number("min")
            let hi = try object.number("max")
            guard let lo else { throw object.missing("min", "a number, with max") }
            guard let hi else { throw object.missing("max", "a number, with min") }
            guard lo <= hi else {
                throw JSONFormatError(
                    object.path.key("max"),
                    "max \(ValueFormat.decimal(hi, grouped: false)) is less than min \(ValueFormat.decimal(lo, grouped: false))"
                )
            }
            return .between(lo, hi)
        }
    }
}

extension CriterionRegistry where Subject: EventSubject & Sendable {
    /// The behavioral kinds: `event_count`, `event_value_sum`,
    /// `days_since_last`, `last_seen`, `decayed_engagement`,
    /// `activity_change`, `activity_drop`, `proportional`, and the
    /// combinators `all`, `any`, `at_least`, `not`.
    public static var events: CriterionRegistry { CriterionRegistry().addingEvents().addingCombinators() }

    static func filter(_ o: inout JSONObjectReader) throws -> EventFilter {
        EventFilter(kinds: (try o.strings("events") ?? []).map { EventKind($0) }, detail: try o.string("about"))
    }

    static func window(_ o: inout JSONObjectReader) throws -> TimeWindow {
        TimeWindow(days: try o.requiredCount("days"), endingDaysAgo: try o.count("endingDaysAgo") ?? 0)
    }

    /// This registry with the behavioral kinds.
    public func addingEvents() -> CriterionRegistry {
        return
            self
            .registering("event_count", parameters: ["events", "about", "days", "endingDaysAgo", "perDayCap"]) { o, _ in
                .signal(
                    EventCount<Subject>(
                        try Self.filter(&o), in: try Self.window(&o), perDayCap: try o.count("perDayCap")))
            }
            .registering("event_value_sum", parameters: ["events", "about", "days", "endingDaysAgo"]) { o, _ in
                .signal(EventValueSum<Subject>(try Self.filter(&o), in: try Self.window(&o)))
            }
            .registering("days_since_last", parameters: ["events", "about"]) { o, _ in
                .signal(DaysSinceLast<Subject>(try Self.filter(&o)))
            }
            .registering("last_seen", parameters: ["events", "about", "withinDays"]) { o, _ in
                .criterion(
                    RecencyCriterion<Subject>(try Self.filter(&o), withinDays: try o.requiredNumber("withinDays")))
            }
            .registering("decayed_engagement", parameters: ["points", "decay", "perDayCap", "name"]) { o, _ in
                guard var pointsObject = try o.object("points") else {
                    throw o.missing("points", "an object of points by event kind")
                }
                var points: [EventKind: Double] = [:]
                for key in pointsObject.object.keys { points[EventKind(key)] = try pointsObject.requiredNumber(key) }
                guard let decayValue = o.value("decay") else {
                    throw o.missing("decay", "\"none\", {\"linear\": days}, {\"halfLife\": days} or {\"steps\": [...]}")
                }
                let decay = try CriterionRegistry.decay(decayValue, at: o.path.key("decay"))
                return .signal(
                    DecayedEngagement<Subject>(
                        try o.string("name") ?? "decayed engagement", points: points, decay: decay,
                        perDayCap: try o.count("perDayCap")))
            }
            .registering("activity_change", parameters: ["events", "about", "days"]) { o, _ in
                .signal(ActivityChange<Subject>(try Self.filter(&o), period: .last(try o.requiredCount("days"))))
            }
            .registering("activity_drop", parameters: ["events", "about", "days", "atLeast"]) { o, _ in
                let change = ActivityChange<Subject>(try Self.filter(&o), period: .last(try o.requiredCount("days")))
                return .criterion(ActivityDrop(change, share: try o.requiredNumber("atLeast")))
            }
    }

    static func decay(_ value: JSONValue, at path: JSONPath) throws -> Decay {
        if case .string("none") = value { return .none }
        var o = try JSONObjectReader(value, at: path)
        let decay: Decay
        if let l = try o.number("linear") {
            decay = .linear(lifespan: l)
        } else if let h = try o.number("halfLife") {
            decay = .halfLife(h)
        } else if let steps = try o.array("steps") {
            decay = .steps(
                try steps.map { item in
                    var s = try JSONObjectReader(item.value, at: item.path)
                    let step = DecayStep(
                        withinDays: try s.requiredNumber("withinDays"), factor: try s.requiredNumber("factor"))
                    try s.finish(allowed: ["withinDays", "factor"])
                    return step
                })
        } else {
            throw JSONFormatError(
                path, "expected \"none\", {\"linear\": days}, {\"halfLife\": days} or {\"steps\": [...]}")
        }
        try o.finish(allowed: ["linear", "halfLife", "steps"])
        return decay
    }
}

extension CriterionRegistry {
    /// The criteria of a combinator's `of` array.
    static func parts(_ o: inout JSONObjectReader, _ r: CriterionRegistry) throws -> [any Criterion<Subject>] {
        guard let items = try o.array("of") else { throw o.missing("of", "an array of criteria") }
        return try items.map { try r.criterion($0.value, at: $0.path) }
    }

    /// This registry with `all`, `any`, `at_least`, `not` and `proportional`.
    public func addingCombinators() -> CriterionRegistry {
        return
            self
            .registering("all", parameters: ["of"]) { o, r in .criterion(Combination(.all, try Self.parts(&o, r))) }
            .registering("any", parameters: ["of"]) { o, r in .criterion(Combination(.any, try Self.parts(&o, r))) }
            .registering("at_least", parameters: ["count", "of"]) { o, r in
                let k = try o.requiredCount("count")
                return .criterion(Combination(.atLeast(k), try Self.parts(&o, r)))
            }
            .registering("not", parameters: ["criterion"]) { o, r in
                guard let c = o.value("criterion") else { throw o.missing("criterion", "a criterion") }
                return .criterion(Not(try r.criterion(c, at: o.path.key("criterion"))))
            }
            .registering("missing", parameters: ["criterion"]) { o, r in
                guard let c = o.value("criterion") else { throw o.missing("criterion", "a criterion") }
                return .criterion(Missing(try r.criterion(c, at: o.path.key("criterion"))))
            }
            .registering("proportional", parameters: ["signal", "cap"]) { o, r in
                guard let s = o.value("signal") else { throw o.missing("signal", "a signal") }
                let signal = try r.signal(s, at: o.path.key("signal"))
                return .criterion(ProportionalCriterion(signal, cap: try o.requiredNumber("cap")))
            }
    }
}

extension CriterionRegistry where Subject == Account {
    /// Every built-in kind for accounts.
    ///
    /// | kind | parameters |
    /// | --- | --- |
    /// | `employees`, `revenue`, `customers`, `funding`, `founded`, `company_age`, `sentiment`, `referrals` | a bound |
    /// | `nps` | a bound, or `category`: `promoter` / `passive` / `detractor` |
    /// | `headcount_growth` | `days`, a bound (0.2 = 20%) |
    /// | `industry` | `names`, `codePrefixes` |
    /// | `stage`, `city` | `oneOf` |
    /// | `location` | `in`: regions, countries, states by name |
    /// | `technologies` | one of `any`, `all`, `none` |
    /// | `technology_count` | `category`, a bound |
    /// | `attribute` | `name`, optional `category`, and a bound or one of `oneOf`, `containsAny`, `containsAll`, `equals`, `before`, `onOrAfter`, `present` |
    /// | `funded` | `withinDays` |
    /// | `headcount_crossed` | `size`, `withinDays` |
    /// | `advocacy` | `any` or `all` of `case study`, `review`, `reference` |
    /// | `prominent_brand` | — |
    /// | `pain_points`, `use_cases` | `overlap`, `atLeast` |
    /// | behavioral and combinators | see ``events`` |
    public static var standard: CriterionRegistry<Account> {
        func simple(_ kind: String, _ signal: NumberField<Account>) -> (String, [String], Build) {
            (kind, [], { _, _ in .signal(signal) })
        }
        var r = CriterionRegistry<Account>().addingEvents().addingCombinators()
        for (kind, params, build) in [
            simple("employees", Employees.signal), simple("revenue", Revenue.signal),
            simple("customers", CustomerBase.signal), simple("funding", Funding.signal),
            simple("founded", Founded.signal), simple("company_age", CompanyAge.signal),
            simple("sentiment", Sentiment.signal), simple("referrals", Referrals.signal),
        ] {
            r = r.registering(kind, parameters: params, build)
        }
        r = r.registering("nps", parameters: ["category"]) { o, _ in
            guard let text = try o.string("category") else { return .signal(NPS.signal) }
            guard let c = NPS.Category(rawValue: text) else {
                throw JSONFormatError(
                    o.path.key("category"), "expected \"promoter\", \"passive\" or \"detractor\", found \"\(text)\"")
            }
            return .criterion(NPSCriterion(c))
        }
        r = r.registering("headcount_growth", parameters: ["days"]) { o, _ in
            .signal(Growth.headcount(overDays: try o.requiredCount("days")))
        }
        r = r.registering("industry", parameters: ["names", "codePrefixes"]) { o, _ in
            let names = try o.strings("names") ?? []
            let codes = try o.strings("codePrefixes") ?? []
            guard !names.isEmpty || !codes.isEmpty else { throw o.missing("names", "industry names, or codePrefixes") }
            return .criterion(Industry.matches(names: names, codePrefixes: codes))
        }
        r = r.registering("stage", parameters: ["oneOf"]) { o, _ in
            .criterion(Stage.field.oneOf(try o.requiredStrings("oneOf")))
        }
        r = r.registering("city", parameters: ["oneOf"]) { o, _ in
            .criterion(City.field.oneOf(try o.requiredStrings("oneOf")))
        }
        r = r.registering("location", parameters: ["in"]) { o, _ in
            let names = try o.requiredStrings("in")
            var regions: [Region] = []
            for (i, name) in names.enumerated() {
                do {
                    regions.append(try Region.named(name))
                } catch {
                    throw JSONFormatError(o.path.key("in").index(i), "\(error)")
                }
            }
            return .criterion(Location.in(regions))
        }
        r = r.registering("technologies", parameters: ["any", "all", "none"]) { o, _ in
            let present = ["any", "all", "none"].filter(o.has)
            guard present.count == 1, let key = present.first,
                let match = TechnologyCriterion<Account>.Match(rawValue: key)
            else {
                throw JSONFormatError(
                    o.path, "give exactly one of \"any\", \"all\" or \"none\" with a list of technologies")
            }
            let names = try o.requiredStrings(key)
            return .criterion(TechStack.account(match, names, .standard))
        }
        r = r.registering("technology_count", parameters: ["category"]) { o, _ in
            .signal(TechStack.count(inCategory: try o.requiredString("category")))
        }
        r = r.registering(
            "attribute",
            parameters: [
                "name", "category", "oneOf", "containsAny", "containsAll", "equals", "before", "onOrAfter", "present",
            ]
        ) { o, _ in
            let name = try o.requiredString("name")
            var category = SignalCategory.custom
            if let text = try o.string("category") {
                guard let c = SignalCategory(rawValue: text) else {
                    throw JSONFormatError(
                        o.path.key("category"),
                        "expected one of "
                            + SignalCategory.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))
                }
                category = c
            }
            let attribute = Attribute(name, category: category)
            let tests = ["oneOf", "containsAny", "containsAll", "equals", "before", "onOrAfter", "present"].filter(
                o.has)
            guard tests.count <= 1 else {
                throw JSONFormatError(o.path, "give one test; found " + tests.joined(separator: ", "))
            }
            func day(_ key: String) throws -> CalendarDay {
                let text = try o.requiredString(key)
                do { return try CalendarDay(parsing: text) } catch {
                    throw JSONFormatError(o.path.key(key), "expected a date like 2027-01-31, found \"\(text)\"")
                }
            }
            switch tests.first {
            case nil: return .signal(attribute.number)
            case "oneOf": return .criterion(attribute.oneOf(try o.requiredStrings("oneOf")))
            case "containsAny":
                return .criterion(AttributeCriterion(attribute, .containsAny(try o.requiredStrings("containsAny"))))
            case "containsAll":
                return .criterion(AttributeCriterion(attribute, .containsAll(try o.requiredStrings("containsAll"))))
            case "equals":
                guard let b = try o.bool("equals") else { throw o.missing("equals", "true or false") }
                return .criterion(b ? attribute.isTrue : attribute.isFalse)
            case "before": return .criterion(attribute.before(try day("before")))
            case "onOrAfter": return .criterion(attribute.onOrAfter(try day("onOrAfter")))
            default:
                guard try o.bool("present") == true else {
                    throw JSONFormatError(o.path.key("present"), "expected true (use \"not\" for absent)")
                }
                return .criterion(attribute.isPresent)
            }
        }
        r = r.registering("funded", parameters: ["withinDays"]) { o, _ in
            .criterion(Trigger.funded(withinDays: try o.requiredCount("withinDays")))
        }
        r = r.registering("headcount_crossed", parameters: ["size", "withinDays"]) { o, _ in
            .criterion(
                Trigger.headcountCrossed(try o.requiredCount("size"), withinDays: try o.requiredCount("withinDays")))
        }
        r = r.registering("advocacy", parameters: ["any", "all"]) { o, _ in
            let all = o.has("all")
            let names = try o.strings(all ? "all" : "any") ?? []
            let kinds = try names.enumerated().map { i, name in
                guard let a = Advocacy(rawValue: name) else {
                    throw JSONFormatError(
                        o.path.key(all ? "all" : "any").index(i),
                        "expected \"case study\", \"review\" or \"reference\", found \"\(name)\"")
                }
                return a
            }
            return .criterion(AdvocacyCriterion(kinds, all: all))
        }
        r = r.registering("prominent_brand", parameters: []) { _, _ in .criterion(Brand.isProminent) }
        r = r.registering("pain_points", parameters: ["overlap", "atLeast"]) { o, _ in
            .criterion(PainPoints.overlap(with: try o.requiredStrings("overlap"), atLeast: try o.count("atLeast") ?? 1))
        }
        r = r.registering("use_cases", parameters: ["overlap", "atLeast"]) { o, _ in
            .criterion(UseCases.overlap(with: try o.requiredStrings("overlap"), atLeast: try o.count("atLeast") ?? 1))
        }
        return r
    }
}
