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
