import ICPCore

/// A host application's own subject type: facts by name, missing = unknown.
struct FactSheet: ScoringSubject, Sendable {
    var name: String
    var facts: [String: Double]
    var scoringLabel: String { name }
    init(_ name: String, _ facts: [String: Double]) {
        self.name = name
        self.facts = facts
    }
}

/// A host-written criterion: the fact's value is the degree.
struct Fact: Criterion {
    let key: String
    var name: String { key }
    var category: SignalCategory { .custom }
    func evaluate(_ lead: FactSheet, in context: EvaluationContext) -> Evaluation {
        guard let v = lead.facts[key] else {
            return .unknown(
                missing: [key], evidence: [Observation(key, "unknown")], met: "\(key) holds",
                unmet: "\(key) does not hold")
        }
        return .known(
            v, evidence: [Observation(key, ValueFormat.points(v))], met: "\(key) holds", unmet: "\(key) does not hold")
    }
}

/// A host-written signal: the fact's value.
struct Measure: Signal {
    let key: String
    var name: String { key }
    var category: SignalCategory { .behavioral }
    func measure(_ lead: FactSheet, in context: EvaluationContext) -> Double? { lead.facts[key] }
}

let asOf = CalendarDay(2026, 11, 23)

func fact(_ key: String) -> Fact { Fact(key: key) }
