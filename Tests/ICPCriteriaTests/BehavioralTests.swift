import Foundation
import ICPCore
import ICPCriteria
import Testing

/// The as-of moment of these tests: 2026-11-23 00:00 UTC.
private let now = CalendarDay(2026, 11, 23)
private let at = EvaluationContext(asOf: now)

/// An event `days` days (and `seconds` seconds) before the as-of moment.
private func event(
    _ kind: EventKind, daysAgo days: Double, seconds: Double = 0, count: Int = 1, value: Double? = nil,
    detail: String? = nil
) -> EngagementEvent {
    EngagementEvent(
        kind, at: now.date.addingTimeInterval(-days * 86_400 - seconds), count: count, value: value, detail: detail)
}

private func account(_ events: [EngagementEvent]) -> Account {
    Account(id: "a", name: "A", events: EventLog(events))
}

@Suite("Decay")
struct DecayTests {
    @Test(
        "A 9-point event at known ages",
        arguments: [
            (Decay.linear(lifespan: 90), 3.0, 8.7),
            (.linear(lifespan: 90), 0, 9),
            (.linear(lifespan: 90), 45, 4.5),
            (.linear(lifespan: 90), 90, 0),
            (.linear(lifespan: 90), 120, 0),
            (.halfLife(30), 0, 9),
            (.halfLife(30), 30, 4.5),
            (.halfLife(30), 60, 2.25),
            (.halfLife(30), 90, 1.125),
            (.steps([.within(30, 1), .within(90, 0.5)]), 0, 9),
            (.steps([.within(30, 1), .within(90, 0.5)]), 30, 9),
            (.steps([.within(30, 1), .within(90, 0.5)]), 31, 4.5),
            (.steps([.within(90, 0.5), .within(30, 1)]), 90, 4.5),
            (.steps([.within(30, 1), .within(90, 0.5)]), 91, 0),
            (.none, 400, 9),
        ] as [(Decay, Double, Double)])
    func worth(decay: Decay, age: Double, expected: Double) {
        #expect(decay.worth(9, ageDays: age) == expected)
        let signal = Events.decayed([.formSubmit: 9], decay: decay) as DecayedEngagement<Account>
        #expect(signal.measure(account([event(.formSubmit, daysAgo: age)]), in: at) == expected)
    }

    @Test("Half-life at half a period is 1/√2")
    func halfLifeMidway() {
        #expect(abs(Decay.halfLife(30).worth(1, ageDays: 15) - 0.7071067811865476) < 1e-15)
    }

    @Test("Decayed engagement adds kinds by their points, counts, ages; ignores future events and unlisted kinds")
    func decayedTotal() {
        let signal: DecayedEngagement<Account> = Events.decayed(
            [.formSubmit: 9, .pageView: 1], decay: .linear(lifespan: 90))
        let a = account([
            event(.formSubmit, daysAgo: 3),  // 8.7
            event(.pageView, daysAgo: 9, count: 4),  // 4 × 81/90 = 3.6
            event(.emailOpen, daysAgo: 1),  // not listed
            event(.formSubmit, daysAgo: -2),  // in the future
        ])
        #expect(signal.measure(a, in: at).map { ($0 * 1e9).rounded() / 1e9 } == 12.3)
    }

    @Test("Proportional points: decayed total earned up to a cap")
    func proportional() throws {
        let rubric = try Rubric<Account>("engagement") {
            Events.decayed([.formSubmit: 9], decay: .linear(lifespan: 90)).points(upTo: 10)
        }
        let score = rubric.score(account([event(.formSubmit, daysAgo: 3)]), in: at)
        #expect(score.total == 8.7)
        #expect(score.maximum == 10)
        #expect(score.breakdown[0].sentence == "decayed engagement 8.7 earns 8.7 of 10 points")
        let capped = rubric.score(
            account([event(.formSubmit, daysAgo: 3), event(.formSubmit, daysAgo: 1)]), in: at)
        #expect(capped.total == 10)
    }
}

@Suite("Windows, counts and caps")
struct WindowTests {
    @Test(
        "The last 30 days: boundaries",
        arguments: [
            (0.0, 0.0, 1),  // now
            (30, 0, 1),  // exactly 30 days old
            (30, 1, 0),  // one second older
            (29, 86_399, 1),
            (-1, 0, 0),  // in the future
        ] as [(Double, Double, Double)])
    func lastThirty(days: Double, seconds: Double, expected: Double) {
        let visits: EventCount<Account> = Events.count(.websiteVisit, in: .last(30))
        #expect(visits.measure(account([event(.websiteVisit, daysAgo: days, seconds: seconds)]), in: at) == expected)
    }

    @Test(
        "The 30 days before the last 30 holds its older boundary, not its newer one",
        arguments: [(30.0, 0.0), (30.5, 1), (60, 1), (60.5, 0)])
    func previousWindow(days: Double, expected: Double) {
        let before = EventCount<Account>(EventFilter(kinds: [.websiteVisit]), in: TimeWindow.last(30).previous)
        #expect(before.measure(account([event(.websiteVisit, daysAgo: days)]), in: at) == expected)
        #expect(before.name == "website visits in the 30 days before the last 30 days")
    }

    @Test("Counts add event counts, filter kinds and topics; negative counts count 0")
    func counts() {
        let a = account([
            event(.websiteVisit, daysAgo: 1, count: 3),
            event(.websiteVisit, daysAgo: 2, count: -4),
            event(.pageView, daysAgo: 2, count: 7),
            event(.intentTopic, daysAgo: 5, detail: "Zero Trust"),
            event(.intentTopic, daysAgo: 5, detail: "SIEM"),
        ])
        let visits: EventCount<Account> = Events.count(.websiteVisit, in: .last(30))
        let both: EventCount<Account> = Events.count(.websiteVisit, .pageView, in: .last(30))
        let all: EventCount<Account> = Events.count(in: .last(30))
        let topic: EventCount<Account> = Events.count(.intentTopic, about: "zero trust", in: .last(30))
        #expect(visits.measure(a, in: at) == 3)
        #expect(both.measure(a, in: at) == 10)
        #expect(all.measure(a, in: at) == 12)
        #expect(topic.measure(a, in: at) == 1)
        #expect(topic.name == "intent topics about zero trust in the last 30 days")
        #expect(both.name == "website visits or page views in the last 30 days")
        #expect(
            (Events.count(.productUsage, in: .last(7)) as EventCount<Account>).name
                == "product usage events in the last 7 days")
        #expect(account([]).events.isEmpty)
        #expect(visits.measure(account([]), in: at) == 0)
    }

    @Test("Per-day caps apply per kind per UTC day, in time order")
    func perDayCap() {
        let a = account([
            event(.pageView, daysAgo: 2, seconds: -3_600, count: 4),
            event(.pageView, daysAgo: 2, seconds: -7_200, count: 3),
            event(.pageView, daysAgo: 2, seconds: -10_800, count: 2),  // same day: 4 + 1 + 0
            event(.pageView, daysAgo: 3, count: 9),  // next day back: 5
            event(.websiteVisit, daysAgo: 2, count: 6),  // its own kind: 5
        ])
        let capped: EventCount<Account> = Events.count(.pageView, .websiteVisit, in: .last(30), perDayCap: 5)
        #expect(capped.measure(a, in: at) == 15)
        #expect(capped.name == "page views or website visits in the last 30 days (at most 5 a day)")
        let decayed: DecayedEngagement<Account> = Events.decayed([.pageView: 1], decay: .none, perDayCap: 5)
        #expect(decayed.measure(a, in: at) == 10)
    }

    @Test("Sums of event values skip events without one")
    func sums() {
        let a = account([
            event(.productUsage, daysAgo: 1, value: 42.5), event(.productUsage, daysAgo: 2),
            event(.productUsage, daysAgo: 40, value: 100), event(.productUsage, daysAgo: 3, value: .nan),
        ])
        let usage: EventValueSum<Account> = Events.sum(valueOf: .productUsage, in: .last(30))
        #expect(usage.measure(a, in: at) == 42.5)
        #expect(usage.name == "product usage value in the last 30 days")
    }

    @Test("Recency: the newest event's age; none on record is not met, not unknown")
    func recency() {
        let seen: RecencyCriterion<Account> = Events.lastSeen(.formSubmit, withinDays: 14)
        let fresh = account([event(.formSubmit, daysAgo: 40), event(.formSubmit, daysAgo: 14)])
        let stale = account([event(.formSubmit, daysAgo: 15)])
        #expect(seen.evaluate(fresh, in: at).degree == 1)
        #expect(seen.evaluate(fresh, in: at).sentence == "last form submit 14 days ago, within 14 days")
        #expect(seen.evaluate(stale, in: at).sentence == "last form submit 15 days ago, over 14 days")
        #expect(seen.evaluate(account([]), in: at).degree == 0)
        #expect(seen.evaluate(account([]), in: at).sentence == "no form submit on record")
        let age: DaysSinceLast<Account> = Events.daysSinceLast(.formSubmit)
        #expect(age.measure(stale, in: at) == 15)
        #expect(age.measure(account([]), in: at) == nil)
    }

    @Test("Levels as bands: high +3, low +1, none 0", arguments: [(14, 3.0), (10, 3), (9, 1), (1, 1), (0, 0)])
    func levels(visits: Int, points: Double) throws {
        let levels = Events.count(.websiteVisit, in: .last(30)).levels(high: 10, low: 1) as Levels<Account>
        let rubric = try Rubric<Account>("web") { levels.points(high: 3, low: 1).named("website engagement") }
        let a = account(visits == 0 ? [] : [event(.websiteVisit, daysAgo: 2, count: visits)])
        #expect(rubric.score(a, in: at).total == points)
        #expect(levels.isHigh.evaluate(a, in: at).isMet == (points == 3))
        #expect(levels.isNone.evaluate(a, in: at).isMet == (points == 0))
    }
}

@Suite("Triggers and churn")
struct TriggerTests {
    @Test(
        "Funded within 90 days",
        arguments: [
            (90, 1.0, "last funding round 90 days ago, within 90 days"),
            (91, 0, "last funding round 91 days ago, over 90 days"),
            (-5, 0, "last funding round 2026-11-28 is after the as-of date"),
        ] as [(Int, Double, String)])
    func funding(daysAgo: Int, degree: Double, sentence: String) {
        let a = Account(id: "f", name: "F", lastFundingDate: now.adding(days: -daysAgo).date)
        let e = Trigger.funded(withinDays: 90).evaluate(a, in: at)
        #expect(e.degree == degree)
        #expect(e.sentence == sentence)
        #expect(Trigger.funded(withinDays: 90).evaluate(Account(id: "n", name: "N"), in: at).degree == nil)
    }

    static let growing = Account(
        id: "g", name: "Growing", employees: 600,
        headcountHistory: [
            HeadcountSnapshot(now.adding(days: -30), employees: 560),
            HeadcountSnapshot(now.adding(days: -400), employees: 300),
            HeadcountSnapshot(now.adding(days: -200), employees: 420),
        ])

    @Test(
        "Headcount crossed a size",
        arguments: [
            (500, 180, 1.0, "headcount rose from 420 to 560, crossing 500 within 180 days"),
            (500, 20, 0, "headcount was already 560 on 2026-11-03, at least 500"),
            (600, 180, 0, "headcount 560 is below 600"),
            (400, 365, 1, "headcount rose from 300 to 560, crossing 400 within 365 days"),
        ] as [(Int, Int, Double, String)])
    func crossing(size: Int, days: Int, degree: Double, sentence: String) {
        let e = Trigger.headcountCrossed(size, withinDays: days).evaluate(Self.growing, in: at)
        #expect(e.degree == degree)
        #expect(e.sentence == sentence)
    }

    @Test("Crossing and growth need a headcount at or before the period's start")
    func crossingUnknown() {
        let e = Trigger.headcountCrossed(500, withinDays: 500).evaluate(Self.growing, in: at)
        #expect(e.missingFields == ["headcount history"])
        #expect(Growth.headcount(overDays: 500).measure(Self.growing, in: at) == nil)
    }

    @Test("Headcount growth over a period", arguments: [(180, 140.0 / 420.0), (365, 260.0 / 300.0)] as [(Int, Double)])
    func growth(days: Int, expected: Double) {
        #expect(Growth.headcount(overDays: days).measure(Self.growing, in: at) == expected)
        let e = Trigger.headcountGrowth(atLeast: 0.3, overDays: days).evaluate(Self.growing, in: at)
        #expect(e.degree == 1)
    }

    @Test("Growth of 33.3% against 20% and 40% thresholds")
    func growthSentence() {
        let met = Trigger.headcountGrowth(atLeast: 0.2, overDays: 180).evaluate(Self.growing, in: at)
        #expect(met.sentence == "headcount growth over 180 days 33.3% is at least 20%")
        let unmet = Trigger.headcountGrowth(atLeast: 0.4, overDays: 180).evaluate(Self.growing, in: at)
        #expect(unmet.sentence == "headcount growth over 180 days 33.3% is below 40%")
    }

    @Test("A compelling event by tag within a period")
    func compelling() {
        let a = account([
            event(.compellingEvent, daysAgo: 20, detail: "Breach"),
            event(.compellingEvent, daysAgo: 200, detail: "New CISO"),
        ])
        let breach: RecencyCriterion<Account> = Trigger.compellingEvent("breach", withinDays: 60)
        let ciso: RecencyCriterion<Account> = Trigger.compellingEvent("new ciso", withinDays: 60)
        let anyEvent: RecencyCriterion<Account> = Trigger.compellingEvent(withinDays: 30)
        #expect(breach.evaluate(a, in: at).sentence == "last compelling event about breach 20 days ago, within 60 days")
        #expect(ciso.evaluate(a, in: at).sentence == "last compelling event about new ciso 200 days ago, over 60 days")
        #expect(anyEvent.evaluate(a, in: at).degree == 1)
    }

    @Test(
        "Churn: activity fell by a share against the period before",
        arguments: [
            (50, 20, 0.5, 1.0, "product usage events fell 60% (from 50 to 20), 50% or more"),
            (50, 20, 0.7, 0, "product usage events fell 60% (from 50 to 20), less than a 70% fall"),
            (50, 25, 0.5, 1, "product usage events fell 50% (from 50 to 25), 50% or more"),
            (10, 30, 0.5, 0, "product usage events rose 200% (from 10 to 30), less than a 50% fall"),
            (0, 30, 0.5, 0, "no product usage events in the period before to compare"),
        ] as [(Int, Int, Double, Double, String)])
    func churn(before: Int, after: Int, share: Double, degree: Double, sentence: String) {
        let a = account([
            event(.productUsage, daysAgo: 45, count: before), event(.productUsage, daysAgo: 10, count: after),
            event(.websiteVisit, daysAgo: 10, count: 99),
        ])
        let drop: ActivityDrop<Account> = Churn.activityDrop(atLeast: share, of: .productUsage, periodDays: 30)
        let e = drop.evaluate(a, in: at)
        #expect(e.degree == degree)
        #expect(e.sentence == sentence)
        let change: ActivityChange<Account> = Churn.activityChange(of: .productUsage, periodDays: 30)
        #expect(change.measure(a, in: at) == (before == 0 ? nil : Double(after - before) / Double(before)))
    }
}

@Suite("Qualitative signals")
struct QualitativeTests {
    @Test(
        "NPS categories",
        arguments: [
            (10, NPS.Category.promoter), (9, .promoter), (8, .passive), (7, .passive), (6, .detractor),
            (0, .detractor),
        ] as [(Int, NPS.Category)])
    func nps(rating: Int, category: NPS.Category) {
        let a = Account(id: "n", name: "N", nps: rating)
        for c in NPS.Category.allCases {
            #expect(NPSCriterion(c).evaluate(a, in: at).degree == (c == category ? 1 : 0))
        }
        #expect(NPS.between(7...10).evaluate(a, in: at).isMet == (rating >= 7))
    }

    @Test("NPS sentences; out-of-range and missing answers are unknown")
    func npsText() {
        #expect(
            NPS.promoter.evaluate(Account(id: "n", name: "N", nps: 6), in: at).sentence
                == "NPS 6 is a detractor, not a promoter (9–10)")
        #expect(NPS.promoter.evaluate(Account(id: "n", name: "N", nps: 11), in: at).missingFields == ["NPS"])
        #expect(NPS.promoter.evaluate(Account(id: "n", name: "N"), in: at).missingFields == ["NPS"])
    }

    @Test("Sentiment, referrals, advocacy and brand")
    func others() {
        let a = Account(
            id: "q", name: "Q", sentiment: 0.6, referralsGiven: 2, advocacy: [.review, .caseStudy],
            isProminentBrand: true)
        let none = Account(id: "z", name: "Z", advocacy: [], isProminentBrand: false)
        #expect(Sentiment.atLeast(0.5).evaluate(a, in: at).sentence == "sentiment 0.6 is at least 0.5")
        #expect(Referrals.atLeast(1).evaluate(a, in: at).sentence == "referrals given 2 is at least 1")
        #expect(
            Advocacy.any(.caseStudy, .reference).evaluate(a, in: at).sentence
                == "advocacy case study; review includes case study or reference")
        #expect(
            Advocacy.all(.caseStudy, .reference).evaluate(a, in: at).sentence
                == "advocacy case study; review lacks case study and reference")
        #expect(Advocacy.any().evaluate(none, in: at).sentence == "advocacy none lacks advocacy")
        #expect(Advocacy.any().evaluate(Account(id: "u", name: "U"), in: at).missingFields == ["advocacy"])
        #expect(Brand.isProminent.evaluate(a, in: at).degree == 1)
        #expect(Brand.isProminent.evaluate(none, in: at).degree == 0)
        #expect(Brand.isProminent.evaluate(Account(id: "u", name: "U"), in: at).degree == nil)
    }

    @Test("Pain points overlap: which matched and how many")
    func painPoints() {
        let a = Account(
            id: "p", name: "P", painPoints: ["Manual compliance reporting", "alert fatigue", "budget cuts"])
        let overlap = PainPoints.overlap(with: ["alert fatigue", "compliance reporting", "phishing"], atLeast: 2)
        let e = overlap.evaluate(a, in: at)
        #expect(e.degree == 1)
        #expect(e.sentence == "pain points match 2 of 3: alert fatigue, compliance reporting")
        #expect(e.evidence.last == Observation("pain points matched", "2: alert fatigue, compliance reporting"))
        let three = PainPoints.overlap(with: ["alert fatigue", "phishing", "insider threat"], atLeast: 3)
        #expect(three.evaluate(a, in: at).degree == 1.0 / 3)
        #expect(three.evaluate(a, in: at).sentence == "pain points match 1 of 3: alert fatigue (3 needed)")
        #expect(overlap.evaluate(Account(id: "u", name: "U"), in: at).missingFields == ["pain points"])
        let cases = UseCases.overlap(with: ["SOC automation"])
        #expect(cases.evaluate(Account(id: "c", name: "C", useCases: ["soc automation"]), in: at).degree == 1)
        #expect(cases.evaluate(Account(id: "c", name: "C", useCases: ["SOC"]), in: at).degree == 1)
        #expect(cases.evaluate(Account(id: "c", name: "C", useCases: ["automation soc"]), in: at).degree == 0)
    }
}
