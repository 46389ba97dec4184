#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A number worked out from a subject's events, written as data: a count,
/// a sum of values, the days since the newest, or decayed points, over some
/// kinds in a window before the "as of" moment.
///
/// Behavioral signals describe themselves with one (see ``Operand/events(_:)``),
/// and measure through it, so the engine, the SQL compiler and the signal
/// agree by construction.
public struct EventMeasure: Sendable, Hashable {
    /// What is worked out from the events taken.
    public enum Aggregate: Sendable, Hashable {
        /// The sum of the events' counts, at most `perDayCap` per kind per UTC day when given.
        case count(perDayCap: Int?)
        /// The sum of the events' finite values (missing when the sum is not finite).
        case valueSum
        /// Days from the newest event to "as of" (missing when there is none).
        case daysSinceLast
        /// Each event's points by kind times its (capped) count, decayed by
        /// its age; kinds without points are not taken. The window is ignored:
        /// every event up to "as of" counts.
        case decayed(points: [EventKind: Double], decay: Decay, perDayCap: Int?)
    }

    /// What is worked out.
    public var aggregate: Aggregate
    /// The kinds taken; empty takes every kind.
    public var kinds: [EventKind]
    /// The topic or tag an event's detail must have (compared folded), if any.
    public var detail: NameKey?
    /// The window's length in days; `nil` takes every event up to "as of".
    public var days: Int?
    /// How many days before "as of" the window ends (its newer end is then
    /// left out, so consecutive windows share no event).
    public var endingDaysAgo: Int

    /// Creates a measure.
    public init(
        _ aggregate: Aggregate, kinds: [EventKind] = [], detail: NameKey? = nil, days: Int? = nil,
        endingDaysAgo: Int = 0
    ) {
        self.aggregate = aggregate
        self.kinds = kinds
        self.detail = detail
        self.days = days.map { max(0, $0) }
        self.endingDaysAgo = max(0, endingDaysAgo)
    }

    /// Whether an event is of a kind and detail taken.
    public func accepts(_ event: EngagementEvent) -> Bool {
        if !kinds.isEmpty, !kinds.contains(event.kind) { return false }
        guard let detail else { return true }
        return event.detail.map { NameKey($0) } == detail
    }

    /// The events in the window, oldest first (every kind and detail).
    public func window(of log: EventLog, asOf: Date) -> ArraySlice<EngagementEvent> {
        guard let days else { return log.events(through: asOf) }
        let end = asOf.addingTimeInterval(-Double(endingDaysAgo) * 86_400)
        let start = end.addingTimeInterval(-Double(days) * 86_400)
        if endingDaysAgo == 0 { return log.events(from: start, through: end) }
        let justBefore = Date(timeIntervalSinceReferenceDate: end.timeIntervalSinceReferenceDate.nextDown)
        return log.events(from: start, through: justBefore)
    }

    /// The measure of a log as of a moment; `nil` when missing.
    public func measure(_ log: EventLog, asOf: Date) -> Double? {
        switch aggregate {
        case .count(let cap):
            return Double(EventMeasure.count(window(of: log, asOf: asOf).lazy.filter(accepts), perDayCap: cap))
        case .valueSum:
            var sum = 0.0
            for e in window(of: log, asOf: asOf) where accepts(e) { sum += e.finiteValue ?? 0 }
            return sum.isFinite ? sum : nil
        case .daysSinceLast:
            return window(of: log, asOf: asOf).last(where: accepts).map {
                asOf.timeIntervalSince($0.timestamp) / 86_400
            }
        case .decayed(let points, let decay, let cap):
            var total = 0.0
            var used: [DayKind: Int] = [:]
            for e in log.events(through: asOf) {
                guard let worth = points[e.kind] else { continue }
                var count = e.effectiveCount
                if let cap {
                    let key = DayKind(e)
                    let taken = used[key, default: 0]
                    count = min(count, max(0, cap - taken))
                    used[key] = taken + count
                }
                guard count > 0 else { continue }
                total += decay.worth(worth * Double(count), ageDays: asOf.timeIntervalSince(e.timestamp) / 86_400)
            }
            return total.isFinite ? total : nil
        }
    }

    /// The sum of the events' counts, at most `perDayCap` per kind per UTC day when a cap is given.
    static func count(_ events: some Sequence<EngagementEvent>, perDayCap: Int?) -> Int {
        guard let cap = perDayCap else {
            var total = 0
            for e in events { total += e.effectiveCount }
            return total
        }
        var total = 0
        var used: [DayKind: Int] = [:]
        for e in events {
            let key = DayKind(e)
            let taken = used[key, default: 0]
            let add = Swift.min(e.effectiveCount, Swift.max(0, cap - taken))
            used[key] = taken + add
            total += add
        }
        return total
    }
}

/// A kind on a UTC day, for per-day caps.
private struct DayKind: Hashable {
    let day: Int
    let kind: EventKind

    init(_ event: EngagementEvent) {
        day = Int((event.timestamp.timeIntervalSince1970 / 86_400).rounded(.down))
        kind = event.kind
    }
}
