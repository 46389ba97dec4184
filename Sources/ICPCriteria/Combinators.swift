import ICPCore

/// Conditions made of conditions: all of, any of, at least *k* of.
///
/// Unknown parts follow three-valued logic: the answer is unknown only when
/// the missing data could change it. `A && B` with `A` unmet is unmet even
/// if `B` is unknown; with `A` met and `B` unknown it is unknown.
///
/// For partial degrees the answer is the *k*-th largest degree of the parts
/// (all of: the smallest; any of: the largest).
///
/// Sentences are composed from the parts that decided the outcome: an unmet
/// all-of names the parts that failed ("employees 120 is below 200 and
/// country Germany is not in North America").
///
/// ```swift
/// let bestFit = Location.in(try .country("US")) && Employees.moreThan(500) && makesSecuritySoftware
/// let worthACall = Criteria.atLeast(2, of: usesSalesforce, inNorthAmerica, raisedRecently)
/// ```
public struct Combination<Subject>: Criterion {
    /// How many parts must hold.
    public enum Rule: Sendable, Hashable {
        /// Every part.
        case all
        /// At least one part.
        case any
        /// At least this many parts.
        case atLeast(Int)
    }

    /// The rule.
    public let rule: Rule
    /// The parts, in order.
    public let parts: [any Criterion<Subject>]
    private let needed: Int

    /// Combines parts under a rule. All of no parts holds; any of no parts
    /// does not; at least *k* of fewer than *k* parts never holds, and at
    /// least 0 (or fewer) always does.
    public init(_ rule: Rule, _ parts: [any Criterion<Subject>]) {
        self.rule = rule
        self.parts = parts
        switch rule {
        case .all: needed = parts.count
        case .any: needed = 1
        case .atLeast(let k): needed = k
        }
    }

    /// `{"kind": "all", "of": [...]}`, `any`, or `{"kind": "at_least", "count": 2, "of": [...]}`;
    /// `nil` when a part has no file form.
    public var specification: Specification? {
        var specs: [JSONValue] = []
        for part in parts {
            guard let s = part.specification else { return nil }
            specs.append(s.json)
        }
        switch rule {
        case .all: return Specification("all", ["of": .array(specs)])
        case .any: return Specification("any", ["of": .array(specs)])
        case .atLeast(let k): return Specification("at_least", ["count": .number(Double(k)), "of": .array(specs)])
        }
    }

    /// The parts' conditions under the rule; `nil` when a part has none.
    public var condition: Condition? {
        var parts: [Condition] = []
        for part in self.parts {
            guard let c = part.condition else { return nil }
            parts.append(c)
        }
        switch rule {
        case .all: return .all(parts)
        case .any: return .any(parts)
        case .atLeast(let k): return .atLeast(k, parts)
        }
    }

    /// `A and B`, `A or B`, `at least 2 of A, B, C`.
    public var name: String {
        let names = parts.map { Wording.nested($0.name) }
        switch rule {
        case .all: return names.joined(separator: " and ")
        case .any: return names.joined(separator: " or ")
        case .atLeast(let k): return "at least \(k) of \(names.joined(separator: ", "))"
        }
    }

    /// The parts' shared category, or `SignalCategory/custom` when they differ.
    public var category: SignalCategory {
        guard let first = parts.first?.category else { return .custom }
        return parts.allSatisfy { $0.category == first } ? first : .custom
    }

    /// The *k*-th largest degree, or `nil` when unknowns could change it
    /// (the rule `Condition` combines by, so a combination and its
    /// condition agree).
    private func combine(_ degrees: [Double?]) -> Double? { Condition.combine(needed, degrees) }

    /// The degree without text. All-of and any-of take the smallest or
    /// largest degree in one pass, stopping at the first part that decides
    /// the answer, without allocating.
    public func degree(of subject: Subject, in context: EvaluationContext) -> Double? {
        switch rule {
        case .all where !parts.isEmpty, .any where !parts.isEmpty:
            // All-of takes the smallest degree, any-of the largest. An unknown
            // part counts as 0 in the lower bound and as 1 in the upper; the
            // answer is known when the bounds agree.
            let all = rule == .all
            let pick: (Double, Double) -> Double = all ? { min($0, $1) } : { max($0, $1) }
            let decisive = all ? 0.0 : 1.0  // a part of this degree settles the answer
            var low = all ? 1.0 : 0.0
            var high = low
            for part in parts {
                guard let d = part.degree(of: subject, in: context) else {
                    low = pick(low, 0)
                    high = pick(high, 1)
                    continue
                }
                if d == decisive { return decisive }
                low = pick(low, d)
                high = pick(high, d)
            }
            return low == high ? low : nil
        default:
            return combine(parts.map { $0.degree(of: subject, in: context) })
        }
    }

    /// Evaluates every part and composes evidence and sentences.
    public func evaluate(_ subject: Subject, in context: EvaluationContext) -> Evaluation {
        let evaluations = parts.map { $0.evaluate(subject, in: context) }
        let degree = combine(evaluations.map(\.degree))
        var evidence: [Observation] = []
        for e in evaluations { for o in e.evidence where !evidence.contains(o) { evidence.append(o) } }
        let met = evaluations.filter(\.isMet)
        let unmet = evaluations.filter { $0.isKnown && !$0.isMet }
        let joiner = rule == .any ? " or " : " and "
        var metText =
            (met.isEmpty
                ? evaluations.map(\.metSentence).joined(separator: joiner)
                : met.map(\.metSentence).joined(separator: " and "))
        var unmetText =
            (unmet.isEmpty
                ? evaluations.map(\.unmetSentence).joined(separator: " and ")
                : unmet.map(\.unmetSentence).joined(separator: " and "))
        if case .atLeast(let k) = rule {
            metText = "\(met.count) of \(parts.count) hold (\(k) needed): " + metText
            unmetText = "only \(met.count) of \(parts.count) hold (\(k) needed): " + unmetText
        }
        guard let degree else {
            var missing: [String] = []
            for e in evaluations { for f in e.missingFields where !missing.contains(f) { missing.append(f) } }
            return .unknown(missing: missing, evidence: evidence, met: metText, unmet: unmetText)
        }
        return .known(degree, evidence: evidence, met: metText, unmet: unmetText)
    }
}

/// Holds when its part does not: degree `1 - d`, the part's sentences
/// swapped, unknown when the part is unknown.
public struct Not<Subject>: Criterion {
    /// The negated part.
    public let part: any Criterion<Subject>

    /// Negates a criterion.
    public init(_ part: any Criterion<Subject>) { self.part = part }

    /// `{"kind": "not", "criterion": {...}}`; `nil` when the part has no file form.
    public var specification: Specification? {
        part.specification.map { Specification("not", ["criterion": $0.json]) }
    }

    /// Not the part's condition.
    public var condition: Condition? { part.condition.map { .not($0) } }

    /// `not (A and B)`, `not located in EMEA`.
    public var name: String { "not \(Wording.nested(part.name))" }

    /// The part's category.
    public var category: SignalCategory { part.category }

    /// The part's evaluation negated.
    public func evaluate(_ subject: Subject, in context: EvaluationContext) -> Evaluation {
        part.evaluate(subject, in: context).negated
    }

    /// The degree without text.
    public func degree(of subject: Subject, in context: EvaluationContext) -> Double? {
        part.degree(of: subject, in: context).map { 1 - $0 }
    }
}

/// Holds when its part cannot be answered because the data it reads is
/// missing: degree 1 when the part is unknown, 0 when it is known.
///
/// Missing data is itself a signal (a lead that left a form field blank, an
/// account nobody enriched); `icp learn` gives it a line of its own.
public struct Missing<Subject>: Criterion {
    /// The criterion whose data must be missing.
    public let part: any Criterion<Subject>

    /// Tests whether `part`'s data is missing.
    public init(_ part: any Criterion<Subject>) { self.part = part }

    /// `{"kind": "missing", "criterion": {...}}`; `nil` when the part has no file form.
    public var specification: Specification? {
        part.specification.map { Specification("missing", ["criterion": $0.json]) }
    }

    /// The part's condition is unknown.
    public var condition: Condition? { part.condition.map { .missing($0) } }

    /// `no data for employees at least 200`.
    public var name: String { "no data for \(Wording.nested(part.name))" }

    /// The part's category.
    public var category: SignalCategory { part.category }

    /// Known either way: the missing fields, or the values that were there.
    public func evaluate(_ subject: Subject, in context: EvaluationContext) -> Evaluation {
        let inner = part.evaluate(subject, in: context)
        let fields = inner.missingFields.isEmpty ? inner.evidence.map(\.field) : inner.missingFields
        let named = fields.isEmpty ? "the data" : fields.joined(separator: ", ")
        return .known(
            !inner.isKnown, evidence: inner.evidence, met: "\(named) missing", unmet: "\(named) known")
    }

    /// The degree without text.
    public func degree(of subject: Subject, in context: EvaluationContext) -> Double? {
        part.degree(of: subject, in: context) == nil ? 1 : 0
    }
}

/// Combinators by name, for when operators do not read as well.
public enum Criteria {
    /// Holds when every part holds.
    public static func allOf<Subject>(_ parts: any Criterion<Subject>...) -> Combination<Subject> {
        Combination(.all, parts)
    }
    /// Holds when every part holds.
    public static func allOf<Subject>(_ parts: [any Criterion<Subject>]) -> Combination<Subject> {
        Combination(.all, parts)
    }
    /// Holds when any part holds.
    public static func anyOf<Subject>(_ parts: any Criterion<Subject>...) -> Combination<Subject> {
        Combination(.any, parts)
    }
    /// Holds when any part holds.
    public static func anyOf<Subject>(_ parts: [any Criterion<Subject>]) -> Combination<Subject> {
        Combination(.any, parts)
    }
    /// Holds when at least `k` parts hold.
    public static func atLeast<Subject>(_ k: Int, of parts: any Criterion<Subject>...) -> Combination<Subject> {
        Combination(.atLeast(k), parts)
    }
    /// Holds when at least `k` parts hold.
    public static func atLeast<Subject>(_ k: Int, of parts: [any Criterion<Subject>]) -> Combination<Subject> {
        Combination(.atLeast(k), parts)
    }
    /// Holds when the part does not.
    public static func not<Subject>(_ part: any Criterion<Subject>) -> Not<Subject> { Not(part) }
}

/// Both hold: `Employees.moreThan(500) && Location.in(.northAmerica)`.
/// Chains flatten into one all-of.
public func && <L: Criterion, R: Criterion>(lhs: L, rhs: R) -> Combination<L.Subject> where L.Subject == R.Subject {
    Combination(.all, flatten(lhs, .all) + flatten(rhs, .all))
}

/// Either holds: `Location.in(.dach) || Location.in(.nordics)`. Chains
/// flatten into one any-of.
public func || <L: Criterion, R: Criterion>(lhs: L, rhs: R) -> Combination<L.Subject> where L.Subject == R.Subject {
    Combination(.any, flatten(lhs, .any) + flatten(rhs, .any))
}

/// Does not hold: `!TechStack.usesAny("Competitor X")`.
public prefix func ! <C: Criterion>(criterion: C) -> Not<C.Subject> {
    Not(criterion)
}

private func flatten<C: Criterion>(_ c: C, _ rule: Combination<C.Subject>.Rule) -> [any Criterion<C.Subject>] {
    if let combination = c as? Combination<C.Subject>, combination.rule == rule { return combination.parts }
    return [c]
}
