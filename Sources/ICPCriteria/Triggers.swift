import ICPCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Behavioral signals over events: counts, sums, recency and decay.
///
/// Every function works for any `EventSubject` (`Account`, `Contact`,
/// `Lead` or a host type); the subject type comes from the rubric.
///
/// ```swift
/// let engagement = try Rubric<Account>("Engagement") {
///     Events.count(.websiteVisit, in: .last(30)).levels(high: 10, low: 1).points(high: 3, low: 1)
///     Events.any(.emailClick, in: .last(30)).points(3).group("email")
///     Events.any(.emailOpen, in: .last(30)).points(1).group("email")
///     Events.lastSeen(.formSubmit, withinDays: 14).points(2)
/// }
/// ```
public enum Events {
    /// How many events of the kinds (any kind when none given) fall in the
    /// window, optionally only those about a topic and at most `perDayCap`
    /// per kind per day.
    public static func count<Subject: EventSubject>(
        _ kinds: EventKind..., about detail: String? = nil, in window: TimeWindow, perDayCap: Int? = nil
    ) -> EventCount<Subject> {
        EventCount(EventFilter(kinds: kinds, detail: detail), in: window, perDayCap: perDayCap)
    }

    /// Holds when at least one event of the kinds falls in the window.
    public static func any<Subject: EventSubject>(
        _ kinds: EventKind..., about detail: String? = nil, in window: TimeWindow
    ) -> NumericCriterion<Subject> {
        EventCount<Subject>(EventFilter(kinds: kinds, detail: detail), in: window).atLeast(1)
    }

    /// The sum of the values of the events of the kinds in the window.
    public static func sum<Subject: EventSubject>(valueOf kinds: EventKind..., in window: TimeWindow)
        -> EventValueSum<Subject>
    {
        EventValueSum(EventFilter(kinds: kinds), in: window)
    }

    /// Days since the newest event of the kinds.
    public static func daysSinceLast<Subject: EventSubject>(_ kinds: EventKind...) -> DaysSinceLast<Subject> {
        DaysSinceLast(EventFilter(kinds: kinds))
    }

    /// Holds when the newest event of the kinds is at most `days` old.
    public static func lastSeen<Subject: EventSubject>(_ kinds: EventKind..., withinDays days: Double)
        -> RecencyCriterion<Subject>
    {
        RecencyCriterion(EventFilter(kinds: kinds), withinDays: days)
    }

    /// Points per event by kind, faded by age (see `Decay` in `ICPCore`).
    public static func decayed<Subject: EventSubject>(
        _ points: [EventKind: Double], decay: Decay, perDayCap: Int? = nil, named name: String = "decayed engagement"
    ) -> DecayedEngagement<Subject> {
        DecayedEngagement(name, points: points, decay: decay, perDayCap: perDayCap)
    }
}

/// Purchase triggers: fresh funding, headcount crossing a size or growing
/// fast, a compelling event.
///
/// ```swift
/// Trigger.funded(withinDays: 90).points(2)
/// Trigger.headcountCrossed(500, withinDays: 180).points(2)
/// Trigger.headcountGrowth(atLeast: 0.2, overDays: 365).points(1)
/// Trigger.compellingEvent("breach", withinDays: 60).points(3)
/// ```
public enum Trigger {
    /// Holds when the last funding round closed at most `days` days before
    /// "as of". Unknown without a funding date.
    public static func funded(withinDays days: Int) -> FundingTrigger { FundingTrigger(days: days) }

    /// Holds when the headcount `days` days ago was below `size` and is at
    /// least `size` now (from `Account.headcountHistory`).
    public static func headcountCrossed(_ size: Int, withinDays days: Int) -> HeadcountCrossing {
        HeadcountCrossing(size: size, days: days)
    }

    /// Holds when the headcount grew by at least `share` (0.2 = 20%) over
    /// the last `days` days.
    public static func headcountGrowth(atLeast share: Double, overDays days: Int) -> NumericCriterion<Account> {
        Growth.headcount(overDays: days).atLeast(share)
    }

    /// Holds when a compelling event (with the tag, when one is given) is on
    /// record at most `days` days before "as of".
    public static func compellingEvent<Subject: EventSubject>(_ tag: String? = nil, withinDays days: Int)
        -> RecencyCriterion<Subject>
    {
        RecencyCriterion(EventFilter(kinds: [.compellingEvent], detail: tag), withinDays: Double(days))
    }
}

/// Growth signals from an account's headcount history.
public enum Growth {
    /// Headcount change over the last `days` days as a share (0.25 = +25%):
    /// the headcount as of today (the newest snapshot, else
    /// `Account.employees`) against the newest snapshot at least `days`
    /// old. Missing without such a snapshot or when it was 0.
    public static func headcount(overDays days: Int) -> NumberField<Account> {
        NumberField(
            "headcount growth over \(ValueFormat.days.format(Double(days)))", format: .percent,
            specification: Specification("headcount_growth", ["days": .number(Double(days))]),
            operand: .headcountGrowth(days: days)
        ) {
            account, context in
            let today = context.asOfDay
            guard let before = account.headcount(onOrBefore: today.adding(days: -days)), before > 0,
                let now = account.currentHeadcount(asOf: today)
            else { return nil }
            return Double(now - before) / Double(before)
        }
    }
}

/// Holds when the last funding round is recent. See ``Trigger/funded(withinDays:)``.
public struct FundingTrigger: Criterion {
    /// The most days since the round.
    public let days: Int

    /// `{"kind": "funded", "withinDays": 90}`.
    public var specification: Specification? { Specification("funded", ["withinDays": .number(Double(days))]) }

    /// The last funding date within the days.
    public var condition: Condition? { .date(.field(.lastFundingDate), .withinDays(days)) }

    /// `funded within 90 days`.
    public var name: String { "funded within \(ValueFormat.days.format(Double(days)))" }

    /// Behavioral (a purchase trigger).
    public var category: SignalCategory { .behavioral }

    /// Evaluates with evidence and sentences.
    public func evaluate(_ account: Account, in context: EvaluationContext) -> Evaluation {
        let limit = ValueFormat.days.format(Double(days))
        guard let date = account.lastFundingDate else {
            return .unknown(
                missing: ["last funding date"], evidence: [Observation("last funding date", "unknown")],
                met: "funded within \(limit)", unmet: "not funded within \(limit)")
        }
        let day = CalendarDay(date)
        let age = Double(context.asOfDay.daysSinceEpoch - day.daysSinceEpoch)
        let evidence = [Observation("last funding date", day.description)]
        if age < 0 {
            return .known(
                false, evidence: evidence, met: "funded within \(limit)",
                unmet: "last funding round \(day) is after the as-of date")
        }
        let ago = ValueFormat.days.format(age)
        return .known(
            age <= Double(days), evidence: evidence, met: "last funding round \(ago) ago, within \(limit)",
            unmet: "last funding round \(ago) ago, over \(limit)")
    }

    /// The degree without text.
    public func degree(of account: Account, in context: EvaluationContext) -> Double? {
        guard let date = account.lastFundingDate else { return nil }
        let age = context.asOfDay.daysSinceEpoch - CalendarDay(date).daysSinceEpoch
        return age >= 0 && age <= days ? 1 : 0
    }
}

/// Holds when the headcount crossed a size recently. See
/// ``Trigger/headcountCrossed(_:withinDays:)``.
public struct HeadcountCrossing: Criterion {
    /// The size crossed.
    public let size: Int
    /// The period, in days.
    public let days: Int

    /// The headcount crossing the size within the days.
    public var condition: Condition? { .headcountCrossed(size: size, days: days) }

    /// `{"kind": "headcount_crossed", "size": 500, "withinDays": 180}`.
    public var specification: Specification? {
        Specification("headcount_crossed", ["size": .number(Double(size)), "withinDays": .number(Double(days))])
    }

    /// `headcount crossed 500 within 180 days`.
    public var name: String {
        "headcount crossed \(ValueFormat.count.format(Double(size))) within \(ValueFormat.days.format(Double(days)))"
    }

    /// Behavioral (a purchase trigger).
    public var category: SignalCategory { .behavioral }

    /// Evaluates with evidence and sentences.
    public func evaluate(_ account: Account, in context: EvaluationContext) -> Evaluation {
        let today = context.asOfDay
        let start = today.adding(days: -days)
        let sizeText = ValueFormat.count.format(Double(size))
        let period = ValueFormat.days.format(Double(days))
        guard let before = account.headcount(onOrBefore: start), let now = account.currentHeadcount(asOf: today)
        else {
            return .unknown(
                missing: ["headcount history"], evidence: [Observation("headcount on \(start)", "unknown")],
                met: "headcount crossed \(sizeText) within \(period)",
                unmet: "headcount did not cross \(sizeText) within \(period)")
        }
        let beforeText = ValueFormat.count.format(Double(before))
        let nowText = ValueFormat.count.format(Double(now))
        let evidence = [Observation("headcount on \(start)", beforeText), Observation("headcount", nowText)]
        let met = "headcount rose from \(beforeText) to \(nowText), crossing \(sizeText) within \(period)"
        if now < size {
            return .known(false, evidence: evidence, met: met, unmet: "headcount \(nowText) is below \(sizeText)")
        }
        if before >= size {
            return .known(
                false, evidence: evidence, met: met,
                unmet: "headcount was already \(beforeText) on \(start), at least \(sizeText)")
        }
        return .known(true, evidence: evidence, met: met, unmet: "headcount did not cross \(sizeText)")
    }

    /// The degree without text.
    public func degree(of account: Account, in context: EvaluationContext) -> Double? {
        let today = context.asOfDay
        guard let before = account.headcount(onOrBefore: today.adding(days: -days)),
            let now = account.currentHeadcount(asOf: today)
        else { return nil }
        return before < size && now >= size ? 1 : 0
    }
}

/// Churn signals: activity falling against the period before.
///
/// ```swift
/// Churn.activityDrop(atLeast: 0.5, of: .productUsage, periodDays: 30).points(-3)
/// ```
public enum Churn {
    /// The change in activity between the last `periodDays` days and the
    /// same length before, as a share (-0.6 = fell 60%); missing when the
    /// period before had none.
    public static func activityChange<Subject: EventSubject>(of kinds: EventKind..., periodDays: Int)
        -> ActivityChange<Subject>
    {
        ActivityChange(EventFilter(kinds: kinds), period: .last(periodDays))
    }

    /// Holds when activity in the last `periodDays` days fell by at least
    /// `share` (0.5 = 50%) against the period before.
    public static func activityDrop<Subject: EventSubject>(
        atLeast share: Double, of kinds: EventKind..., periodDays: Int
    ) -> ActivityDrop<Subject> {
        ActivityDrop(ActivityChange(EventFilter(kinds: kinds), period: .last(periodDays)), share: share)
    }
}

/// Activity now against the period before, as a share. See
/// ``Churn/activityChange(of:periodDays:)``.
public struct ActivityChange<Subject: EventSubject>: Signal {
    /// The current period's count.
    public let current: EventCount<Subject>
    /// The previous period's count.
    public let previous: EventCount<Subject>
    /// `change in product usage events in the last 30 days against the 30 days before`.
    public let name: String

    /// Creates the signal.
    public init(_ filter: EventFilter, period: TimeWindow) {
        current = EventCount(filter, in: period)
        previous = EventCount(filter, in: period.previous)
        name = "change in \(filter) \(period) against the \(ValueFormat.days.format(Double(period.days))) before"
    }

    /// Behavioral.
    public var category: SignalCategory { .behavioral }

    /// Percent: `-60%`.
    public var format: ValueFormat { .percent }

    /// `{"kind": "activity_change", "events": ["product usage"], "days": 30}`.
    public var specification: Specification? {
        Specification("activity_change", current.filter.parameters.merging(current.window.parameters))
    }

    /// The change, as data.
    public var operand: Operand? { .change(current.measured, before: previous.measured) }

    /// (current − previous) / previous, or `nil` when previous is 0.
    public func measure(_ subject: Subject, in context: EvaluationContext) -> Double? {
        guard let before = previous.measure(subject, in: context), before > 0,
            let now = current.measure(subject, in: context)
        else { return nil }
        return (now - before) / before
    }
}

/// Holds when activity fell by at least a share. See
/// ``Churn/activityDrop(atLeast:of:periodDays:)``. No activity in the period
/// before is a known "not met": there is nothing to lose.
public struct ActivityDrop<Subject: EventSubject>: Criterion {
    /// The change signal.
    public let change: ActivityChange<Subject>
    /// The smallest fall that holds, 0…1.
    public let share: Double

    /// Creates the criterion.
    public init(_ change: ActivityChange<Subject>, share: Double) {
        self.change = change
        self.share = share
    }

    /// Events of the kinds in the period before, and the change at most
    /// minus the share (a known "not met" without events before).
    public var condition: Condition? {
        let change = Operand.change(self.change.current.measured, before: self.change.previous.measured)
        return .all([.present(change), .number(change, .atMost(-(share - 1e-12)))])
    }

    /// `{"kind": "activity_drop", "events": ["product usage"], "days": 30, "atLeast": 0.5}`.
    public var specification: Specification? {
        Specification(
            "activity_drop",
            change.current.filter.parameters.merging(change.current.window.parameters).merging([
                "atLeast": .number(share)
            ]))
    }

    /// `activity fell 50% or more: product usage events in the last 30 days against the 30 days before`.
    public var name: String {
        "\(change.current.filter) fell \(ValueFormat.percent.format(share)) or more \(change.current.window)"
            + " against the \(ValueFormat.days.format(Double(change.current.window.days))) before"
    }

    /// Behavioral (a churn signal).
    public var category: SignalCategory { .behavioral }

    /// Evaluates with evidence and sentences.
    public func evaluate(_ subject: Subject, in context: EvaluationContext) -> Evaluation {
        let now = change.current.measure(subject, in: context) ?? 0
        let before = change.previous.measure(subject, in: context) ?? 0
        let what = "\(change.current.filter)"
        let evidence = [
            Observation(change.current.name, ValueFormat.count.format(now)),
            Observation(change.previous.name, ValueFormat.count.format(before)),
        ]
        let shareText = ValueFormat.percent.format(share)
        guard before > 0 else {
            return .known(
                false, evidence: evidence, met: "\(what) fell \(shareText) or more",
                unmet: "no \(what) in the period before to compare")
        }
        let fall = ActivityDrop.fall(from: before, to: now)
        let counts = "from \(ValueFormat.count.format(before)) to \(ValueFormat.count.format(now))"
        let movement =
            fall > 0
            ? "fell \(ValueFormat.percent.format(fall))"
            : fall < 0 ? "rose \(ValueFormat.percent.format(-fall))" : "held"
        return .known(
            holds(fall), evidence: evidence, met: "\(what) \(movement) (\(counts)), \(shareText) or more",
            unmet: "\(what) \(movement) (\(counts)), less than a \(shareText) fall")
    }

    /// The degree without text.
    public func degree(of subject: Subject, in context: EvaluationContext) -> Double? {
        let now = change.current.measure(subject, in: context) ?? 0
        let before = change.previous.measure(subject, in: context) ?? 0
        guard before > 0 else { return 0 }
        return holds(ActivityDrop.fall(from: before, to: now)) ? 1 : 0
    }

    private static func fall(from before: Double, to now: Double) -> Double { (before - now) / before }

    /// Whether a fall reaches the share, allowing for rounding (a 50% fall of 50 → 25 is 50%).
    private func holds(_ fall: Double) -> Bool { fall >= share - 1e-12 }
}
