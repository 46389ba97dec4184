/// What a rubric line is worth when the data it needs is missing.
///
/// A rubric sets a default and a line can override it. The choice is a
/// business decision: an unknown revenue can count against an account (no
/// points), be left out of the sum (excluded from the maximum, so the ratio
/// reflects only what is known), or be given the benefit of the doubt
/// (fixed points).
public enum MissingDataPolicy: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The line earns nothing and still counts in the maximum (the default).
    case noPoints
    /// The line earns nothing and is left out of the maximum and minimum.
    case excludeFromMaximum
    /// The line earns these points.
    case fixedPoints(Double)

    /// `no points`, `excluded from the maximum`, `fixed 1 point`.
    public var description: String {
        switch self {
        case .noPoints: "no points"
        case .excludeFromMaximum: "excluded from the maximum"
        case .fixedPoints(let p): "fixed \(ValueFormat.points(p)) point\(abs(p) == 1 ? "" : "s")"
        }
    }
}

/// One line of a rubric: a criterion worth points, or a signal mapped to
/// points by bands.
///
/// Lines are made from criteria and signals and refined with modifiers:
///
/// ```swift
/// Industry.oneOf("Security Software").points(3)
/// Employees.count.bands(.atLeast(1_000, points: 3), .atLeast(200, points: 1))
///     .named("company size")
///     .group("size")
///     .ifMissing(.excludeFromMaximum)
/// ```
public struct RubricLine<Subject>: Sendable {
    /// How a line turns a subject into points.
    public enum Scoring: Sendable {
        /// `points × degree` of the criterion.
        case criterion(any Criterion<Subject>, points: Double)
        /// The points of the first band the signal's value reaches, else `otherwise`.
        case bands(any Signal<Subject>, [Band], otherwise: Double)
    }

    /// The line's name, unique within its rubric; by default the criterion's.
    public var name: String
    /// How the line scores.
    public var scoring: Scoring
    /// The cap group the line belongs to, if any.
    public var group: String?
    /// This line's missing-data policy; `nil` uses the rubric's.
    public var missingData: MissingDataPolicy?
    /// Whether learning from outcomes must keep this line's points as they
    /// are (a line the team has agreed on); scoring ignores it.
    public var isLocked = false

    /// Creates a line.
    public init(
        name: String, scoring: Scoring, group: String? = nil, missingData: MissingDataPolicy? = nil
    ) {
        self.name = name
        self.scoring = scoring
        self.group = group
        self.missingData = missingData
    }

    /// The same line under another name.
    public func named(_ name: String) -> RubricLine {
        var copy = self
        copy.name = name
        return copy
    }

    /// The same line in a cap group (see ``Rubric/caps``).
    public func group(_ group: String) -> RubricLine {
        var copy = self
        copy.group = group
        return copy
    }

    /// The same line, locked: learning from outcomes keeps its points.
    public func locked(_ isLocked: Bool = true) -> RubricLine {
        var copy = self
        copy.isLocked = isLocked
        return copy
    }

    /// The same line with its own missing-data policy.
    public func ifMissing(_ policy: MissingDataPolicy) -> RubricLine {
        var copy = self
        copy.missingData = policy
        return copy
    }

    /// The most points the line can earn with its data known.
    public var maximumPoints: Double {
        switch scoring {
        case .criterion(_, let points): return max(points, 0)
        case .bands(_, let bands, let otherwise): return bands.reduce(otherwise) { max($0, $1.points) }
        }
    }

    /// The fewest points the line can earn with its data known.
    public var minimumPoints: Double {
        switch scoring {
        case .criterion(_, let points): return min(points, 0)
        case .bands(_, let bands, let otherwise): return bands.reduce(otherwise) { min($0, $1.points) }
        }
    }

    /// The signal category of the line's criterion or signal.
    public var category: SignalCategory {
        switch scoring {
        case .criterion(let c, _): c.category
        case .bands(let s, _, _): s.category
        }
    }
}

/// A knock-out: when its criterion holds, the subject goes to the lowest
/// tier and is not qualified, whatever its points, and the reason is
/// reported.
///
/// ```swift
/// TechStack.usesAny("Competitor X").disqualifies(because: "runs a competitor")
/// ```
public struct Disqualifier<Subject>: Sendable {
    /// The knock-out condition.
    public var criterion: any Criterion<Subject>
    /// The reason to report; `nil` reports the evaluation's sentence.
    public var reason: String?

    /// Creates a disqualifier.
    public init(_ criterion: any Criterion<Subject>, reason: String? = nil) {
        self.criterion = criterion
        self.reason = reason
    }
}

/// A minimum a score must reach: a share of the maximum or a number of points.
public enum ScoreThreshold: Sendable, Hashable, Codable, CustomStringConvertible {
    /// At least this share (0…1) of the subject's maximum possible points.
    case ratio(Double)
    /// At least this many points.
    case points(Double)

    /// The threshold in points for a rubric whose maximum is `maximum`.
    public func points(forMaximum maximum: Double) -> Double {
        switch self {
        case .ratio(let r): r * maximum
        case .points(let p): p
        }
    }

    /// Whether `total` out of `maximum` reaches the threshold, allowing for
    /// floating-point rounding (1e-9 of the maximum).
    public func isReached(total: Double, maximum: Double) -> Bool {
        total + 1e-9 * max(1, abs(maximum)) >= points(forMaximum: maximum)
    }

    /// `at least 80%`, `at least 8 points`.
    public var description: String {
        switch self {
        case .ratio(let r): "at least \(ValueFormat.percent.format(r))"
        case .points(let p): "at least \(ValueFormat.points(p)) point\(abs(p) == 1 ? "" : "s")"
        }
    }
}

/// A named level of fit: "Tier 1", "Best fit".
///
/// A tier holds for a subject when its score reaches the tier's minimum (if
/// any) and its required criterion holds (if any). A rubric's tiers are
/// tried in order and the first that holds wins; the last must hold for
/// everyone (no minimum, no requirement), so every subject gets a tier.
///
/// ```swift
/// Tier("Tier 1", minimum: .ratio(0.8))
/// Tier("Best fit", requires: Location.in(.country("US")) && Employees.moreThan(500))
/// Tier("Bad fit")
/// ```
public struct Tier<Subject>: Sendable {
    /// The tier's name.
    public var name: String
    /// The score needed, if any.
    public var minimum: ScoreThreshold?
    /// A criterion that must also hold, if any.
    public var requirement: (any Criterion<Subject>)?

    /// Creates a tier.
    public init(_ name: String, minimum: ScoreThreshold? = nil, requires requirement: (any Criterion<Subject>)? = nil) {
        self.name = name
        self.minimum = minimum
        self.requirement = requirement
    }

    /// Whether the tier takes every subject: no minimum and no requirement.
    public var isCatchAll: Bool { minimum == nil && requirement == nil }

    /// The tiers used when a rubric names none: Tier 1 at 80% of the maximum
    /// or more, Tier 2 at 50% or more, Tier 3 for the rest.
    public static var defaults: [Tier] {
        [Tier("Tier 1", minimum: .ratio(0.8)), Tier("Tier 2", minimum: .ratio(0.5)), Tier("Tier 3")]
    }
}
