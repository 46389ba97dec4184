/// A number read off a subject: employees, revenue, visits in the last
/// 30 days, technologies in a category.
///
/// A signal feeds two things: range criteria (`employees ≥ 200`) and banded
/// rubric lines that map the value to points (`≥ 10 → 3, ≥ 1 → 1, else 0`).
///
/// ```swift
/// Employees.count.bands(.atLeast(1_000, points: 3), .atLeast(200, points: 2), otherwise: 0)
/// ```
public protocol Signal<Subject>: Sendable {
    /// The type of thing measured.
    associatedtype Subject

    /// The field's name as it reads in a sentence: `employees`.
    var name: String { get }

    /// The kind of signal.
    var category: SignalCategory { get }

    /// How values are written in evidence and sentences.
    var format: ValueFormat { get }

    /// The value as of the context's date, or `nil` when the data is missing.
    /// Must not return NaN or an infinity; return `nil` instead.
    func measure(_ subject: Subject, in context: EvaluationContext) -> Double?

    /// How the signal is written in a profile file, or `nil` when it cannot
    /// be (the default).
    var specification: Specification? { get }

    /// The value read, as data (see ``Operand``), or `nil` (the default)
    /// when it cannot be written so. When given, its
    /// ``Operand/number(of:in:)`` must agree with ``measure(_:in:)`` for every account.
    var operand: Operand? { get }
}

extension Signal {
    /// Default: no file form.
    public var specification: Specification? { nil }

    /// Default: no operand.
    public var operand: Operand? { nil }

    /// Default: counts (`2,000`).
    public var format: ValueFormat { .count }

    /// A banded rubric line: the first band whose threshold the value reaches
    /// gives the points, else `otherwise`.
    ///
    /// Bands are listed from the highest threshold down; building the rubric
    /// checks that they are.
    public func bands(_ bands: Band..., otherwise: Double = 0) -> RubricLine<Subject> {
        self.bands(bands, otherwise: otherwise)
    }

    /// A banded rubric line from an array of bands.
    public func bands(_ bands: [Band], otherwise: Double = 0) -> RubricLine<Subject> {
        RubricLine(name: name, scoring: .bands(self, bands, otherwise: otherwise))
    }
}

/// One band of a banded rubric line: values at or above `threshold` earn
/// `points` (unless a higher band already matched).
public struct Band: Sendable, Hashable, Codable {
    /// The lowest value in the band.
    public var threshold: Double
    /// The points the band earns.
    public var points: Double

    /// Creates a band.
    public init(threshold: Double, points: Double) {
        self.threshold = threshold
        self.points = points
    }

    /// Values of at least `threshold` earn `points`.
    public static func atLeast(_ threshold: Double, points: Double) -> Band {
        Band(threshold: threshold, points: points)
    }
}
