#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What a criterion may know besides the subject: the moment the score is
/// taken "as of".
///
/// A criterion never reads the clock. Passing the date in makes every score
/// reproducible: the same subject scored as of the same date gives the same
/// result today, next year, and on any thread.
///
/// ```swift
/// let context = EvaluationContext(asOf: CalendarDay(2026, 11, 23))
/// let evaluation = criterion.evaluate(acme, in: context)
/// ```
public struct EvaluationContext: Sendable, Hashable {
    /// The instant the evaluation is taken as of.
    public var asOf: Date {
        didSet { asOfDay = CalendarDay(asOf) }
    }

    /// The calendar day (UTC) of ``asOf``, worked out once, not by every
    /// criterion that asks.
    public private(set) var asOfDay: CalendarDay

    /// Creates a context for the given instant.
    public init(asOf: Date) {
        self.asOf = asOf
        self.asOfDay = CalendarDay(asOf)
    }

    /// Creates a context for the start (00:00 UTC) of the given day.
    public init(asOf day: CalendarDay) {
        self.asOf = day.date
        self.asOfDay = day
    }
}
