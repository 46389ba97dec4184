import ICPCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How an event's worth fades with its age (in days, fractional).
///
/// | decay | worth of a 9-point event |
/// | --- | --- |
/// | `.linear(lifespan: 90)` | 3 days old: 9 × 87/90 = 8.7; 90 days or older: 0 |
/// | `.halfLife(30)` | 30 days old: 4.5; 60 days: 2.25 |
/// | `.steps([.within(30, 1), .within(90, 0.5)])` | up to 30 days: 9; up to 90: 4.5; older: 0 |
/// | `.none` | 9 at any age |
public enum Decay: Sendable, Hashable, CustomStringConvertible {
    /// No decay.
    case none
    /// Full worth when new, falling in a straight line to nothing at `lifespan` days.
    case linear(lifespan: Double)
    /// Worth halves every `halfLife` days.
    case halfLife(Double)
    /// The factor of the first step the age is within (ends included), or 0
    /// past the last step. Steps are taken in order of their days.
    case steps([DecayStep])

    /// The worth of `points` at `age` days. Ages below 0 count as 0; a
    /// non-positive lifespan or half-life leaves nothing after day 0.
    public func worth(_ points: Double, ageDays: Double) -> Double {
        let age = max(0, ageDays)
        switch self {
        case .none:
            return points
        case .linear(let lifespan):
            guard lifespan > 0, age < lifespan else { return age == 0 && lifespan <= 0 ? points : 0 }
            return points * (lifespan - age) / lifespan
        case .halfLife(let h):
            guard h > 0 else { return age == 0 ? points : 0 }
            return points * exp2(-age / h)
        case .steps(let steps):
            // The nearest step the age is within, in any order, without sorting per event.
            var nearest: DecayStep?
            for step in steps where age <= step.withinDays && step.withinDays < (nearest?.withinDays ?? .infinity) {
                nearest = step
            }
            return nearest.map { points * $0.factor } ?? 0
        }
    }

    /// The decay in a profile file: `"none"`, `{"linear": 90}`, `{"halfLife": 30}`,
    /// `{"steps": [{"withinDays": 30, "factor": 1}, …]}`.
    public var json: JSONValue {
        switch self {
        case .none: .string("none")
        case .linear(let l): .object(["linear": .number(l)])
        case .halfLife(let h): .object(["halfLife": .number(h)])
        case .steps(let steps):
            .object([
                "steps": .array(
                    steps.map { .object(["withinDays": .number($0.withinDays), "factor": .number($0.factor)]) })
            ])
        }
    }

    /// `linear over 90 days`, `half-life 30 days`, `100% within 30 days, 50% within 90 days`.
    public var description: String {
        switch self {
        case .none: "no decay"
        case .linear(let l): "linear over \(ValueFormat.days.format(l))"
        case .halfLife(let h): "half-life \(ValueFormat.days.format(h))"
        case .steps(let steps):
            steps.sorted { $0.withinDays < $1.withinDays }
                .map { "\(ValueFormat.percent.format($0.factor)) within \(ValueFormat.days.format($0.withinDays))" }
                .joined(separator: ", ")
        }
    }
}

/// One step of a step decay: events at most `withinDays` old keep `factor`
/// of their worth.
public struct DecayStep: Sendable, Hashable, Codable {
    /// The most days old.
    public var withinDays: Double
    /// The share of the worth kept, usually 0…1.
    public var factor: Double

    /// Creates a step.
    public init(withinDays: Double, factor: Double) {
        self.withinDays = withinDays
        self.factor = factor
    }

    /// Events at most `days` old keep `factor` of their worth.
    public static func within(_ days: Double, _ factor: Double) -> DecayStep {
        DecayStep(withinDays: days, factor: factor)
    }
}

/// Engagement points that fade with age: each event is worth the points of
/// its kind times its count, decayed by its age as of the evaluation.
///
/// ```swift
/// let engagement = DecayedEngagement<Account>(
///     points: [.formSubmit: 9, .webinar: 6, .pageView: 1], decay: .linear(lifespan: 90), perDayCap: 5)
/// engagement.points(upTo: 20)   // a rubric line earning the decayed total, at most 20
/// ```
public struct DecayedEngagement<Subject: EventSubject>: Signal {
    /// Points per event, by kind; kinds not listed are worth nothing.
    public let points: [EventKind: Double]
    /// How worth fades.
    public let decay: Decay
    /// The most events that count per kind per UTC day, if capped.
    public let perDayCap: Int?
    /// The signal's name.
    public let name: String

    /// Creates the signal.
    public init(
        _ name: String = "decayed engagement", points: [EventKind: Double], decay: Decay, perDayCap: Int? = nil
    ) {
        self.name = name
        self.points = points.filter { $0.value.isFinite }
        self.decay = decay
        self.perDayCap = perDayCap.map { max(0, $0) }
    }

    /// Behavioral.
    public var category: SignalCategory { .behavioral }

    /// `{"kind": "decayed_engagement", "points": {"form submit": 9}, "decay": {"linear": 90}}`.
    public var specification: Specification? {
        var points = JSONObject()
        for kind in self.points.keys.sorted() { points[kind.description] = .number(self.points[kind] ?? 0) }
        var spec = Specification("decayed_engagement", ["points": .object(points), "decay": decay.json])
        if let perDayCap { spec = spec.with("perDayCap", .number(Double(perDayCap))) }
        if name != "decayed engagement" { spec = spec.with("name", .string(name)) }
        return spec
    }

    /// The decayed total, over every event up to the "as of" moment.
    public func measure(_ subject: Subject, in context: EvaluationContext) -> Double? {
        var total = 0.0
        var used: [DayKind: Int] = [:]
        for e in subject.events.events(through: context.asOf) {
            guard let worth = points[e.kind] else { continue }
            var count = e.effectiveCount
            if let cap = perDayCap {
                let key = DayKind(e)
                let taken = used[key, default: 0]
                count = min(count, max(0, cap - taken))
                used[key] = taken + count
            }
            guard count > 0 else { continue }
            total += decay.worth(worth * Double(count), ageDays: context.asOf.timeIntervalSince(e.timestamp) / 86_400)
        }
        return total.isFinite ? total : nil
    }
}

/// A signal turned into points in proportion: the line earns the value
/// itself, up to a cap (`8.7 of 20 points`). Made by `points(upTo:)`.
public struct ProportionalCriterion<Subject>: Criterion {
    /// The signal read.
    public let signal: any Signal<Subject>
    /// The most points (negative for a penalty that grows with the value).
    public let cap: Double

    /// Creates the criterion.
    public init(_ signal: any Signal<Subject>, cap: Double) {
        self.signal = signal
        self.cap = cap
    }

    /// `{"kind": "proportional", "signal": {...}, "cap": 20}`; `nil` when the signal has no file form.
    public var specification: Specification? {
        signal.specification.map { Specification("proportional", ["signal": $0.json, "cap": .number(cap)]) }
    }

    /// `decayed engagement, up to 20 points`.
    public var name: String { "\(signal.name), up to \(ValueFormat.points(cap)) points" }

    /// The signal's category.
    public var category: SignalCategory { signal.category }

    /// Evaluates: the degree is the value over the cap, clamped to 0…1.
    public func evaluate(_ subject: Subject, in context: EvaluationContext) -> Evaluation {
        let capText = ValueFormat.points(cap)
        guard let v = signal.measure(subject, in: context) else {
            return .unknown(
                missing: [signal.name], evidence: [Observation(signal.name, "unknown")],
                met: "\(signal.name) earns points up to \(capText)", unmet: "\(signal.name) earns no points")
        }
        let shown = signal.format.format(v)
        let d = degree(v)
        let earned = ValueFormat.points((d * cap * 100).rounded() / 100)
        return .known(
            d, evidence: [Observation(signal.name, shown)],
            met: "\(signal.name) \(shown) earns \(earned) of \(capText) points",
            unmet: "\(signal.name) \(shown) earns \(earned) of \(capText) points")
    }

    /// The degree without text.
    public func degree(of subject: Subject, in context: EvaluationContext) -> Double? {
        signal.measure(subject, in: context).map(degree)
    }

    private func degree(_ v: Double) -> Double {
        cap == 0 ? 0 : min(1, max(0, v / abs(cap)))
    }
}

/// A signal read as levels: high at or above one threshold, low at or
/// above another, none below. Made by `levels(high:low:)`.
///
/// ```swift
/// Events.count(.websiteVisit, in: .last(30)).levels(high: 10, low: 1).points(high: 3, low: 1)
/// ```
public struct Levels<Subject>: Sendable {
    /// The signal read.
    public let signal: any Signal<Subject>
    /// The lowest high value.
    public let high: Double
    /// The lowest low value.
    public let low: Double

    /// A banded rubric line: `high` points at the high level, `low` at the
    /// low level, `none` below.
    public func points(high highPoints: Double, low lowPoints: Double, none: Double = 0) -> RubricLine<Subject> {
        signal.bands(.atLeast(high, points: highPoints), .atLeast(low, points: lowPoints), otherwise: none)
    }

    /// Holds at the high level.
    public var isHigh: NumericCriterion<Subject> { NumericCriterion(signal, .atLeast(high)) }

    /// Holds at the low level or above.
    public var isAtLeastLow: NumericCriterion<Subject> { NumericCriterion(signal, .atLeast(low)) }

    /// Holds below the low level: no engagement to speak of.
    public var isNone: NumericCriterion<Subject> { NumericCriterion(signal, .lessThan(low)) }
}

extension Signal {
    /// A rubric line that earns the signal's value as points, at most `cap`
    /// (e.g. decayed engagement): a value of 8.7 earns 8.7 of 20 points.
    public func points(upTo cap: Double) -> RubricLine<Subject> {
        ProportionalCriterion(self, cap: cap).points(cap).named(name)
    }

    /// The signal read as levels: high at or above `high`, low at or above `low`.
    public func levels(high: Double, low: Double) -> Levels<Subject> {
        Levels(signal: self, high: high, low: low)
    }
}
