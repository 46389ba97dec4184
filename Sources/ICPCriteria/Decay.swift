import ICPCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

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
        measured.measure(subject.events, asOf: context.asOf)
    }

    /// The decayed points of every event up to "as of".
    public var operand: Operand? { .events(measured) }

    private var measured: EventMeasure {
        EventMeasure(.decayed(points: points, decay: decay, perDayCap: perDayCap), kinds: points.keys.sorted())
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

    /// The signal's value over the cap.
    public var condition: Condition? { signal.operand.map { .proportion($0, cap: cap) } }

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
