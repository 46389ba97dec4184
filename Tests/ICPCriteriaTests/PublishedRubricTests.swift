import Foundation
import ICPCore
import ICPCriteria
import Testing

/// The points rubric published in the practitioners' guide (shared DOMAIN.md),
/// written with the library's pieces and scored on leads with timestamped
/// events.
///
/// | signal | points |
/// | --- | --- |
/// | industry or title match | +3 |
/// | revenue fit | +2 |
/// | inside the service area / market | +1 |
/// | referral proclivity | +2 |
/// | can afford the product | +2 |
/// | website engagement | high +3, low +1, none 0 |
/// | email | opens +1, clicks +3, ignored 0 |
/// | social | likes and shares +2, comments +2, none 0 |
enum PublishedRubric {
    static let asOf = CalendarDay(2026, 11, 23)

    /// The titles that count as a "title match": marketing and revenue leaders.
    static let buyer = Persona(
        name: "Marketing or revenue leader", titles: ["Marketing", "Revenue Operations"],
        seniorities: Seniority.atLeast(.director))

    static func rubric() throws -> Rubric<Lead> {
        let industryOrTitle =
            Industry.oneOf("Software").on(\Lead.account) || Personas.match(buyer).on(\Lead.contact)
        return try Rubric<Lead>("Published lead-scoring rubric", threshold: .points(10), caps: ["email": 3]) {
            industryOrTitle.points(3).named("industry or title match")
            Revenue.between(1_000_000...50_000_000).on(\Lead.account).points(2).named("revenue fit")
            Location.in(.northAmerica).on(\Lead.account).points(1).named("inside the service area")
            Referrals.atLeast(1).on(\Lead.account).points(2).named("referral proclivity")
            Attribute("budget").atLeast(20_000).on(\Lead.account).points(2).named("can afford the product")
            Events.count(.websiteVisit, in: .last(30)).levels(high: 10, low: 1).points(high: 3, low: 1)
                .named("website engagement")
            Events.any(.emailOpen, in: .last(30)).points(1).named("email opens").group("email")
            Events.any(.emailClick, in: .last(30)).points(3).named("email clicks").group("email")
            Events.any(.socialLike, .socialShare, in: .last(30)).points(2).named("social likes and shares")
            Events.any(.socialComment, in: .last(30)).points(2).named("social comments")
        }
    }

    /// Events `daysAgo` days before the as-of day.
    static func events(_ list: [(EventKind, Int, Int)]) -> EventLog {
        EventLog(list.map { EngagementEvent($0.0, on: asOf.adding(days: -$0.2), count: $0.1) })
    }

    static let hot = Lead(
        contact: Contact(
            id: "c-hot", name: "Avery Kim", title: "VP Marketing",
            events: events([
                (.websiteVisit, 14, 2), (.emailOpen, 5, 3), (.emailClick, 1, 3), (.socialLike, 2, 10),
                (.socialShare, 1, 12), (.socialComment, 1, 29),
            ])),
        account: Account(
            id: "hot", name: "Hot Lead Co", industry: "Software", annualRevenue: 12_000_000, country: "USA",
            attributes: ["budget": 50_000], referralsGiven: 2))
    static let warm = Lead(
        contact: Contact(
            id: "c-warm", name: "Jordan Lee", title: "Director of Revenue Operations",
            events: events([
                (.websiteVisit, 3, 5), (.emailOpen, 2, 6), (.socialComment, 2, 30), (.emailClick, 4, 31),
                (.websiteVisit, 20, 45),
            ])),
        account: Account(
            id: "warm", name: "Warm Retail", industry: "Retail", annualRevenue: 80_000_000, country: "Canada",
            attributes: ["budget": 25_000], referralsGiven: 0))
    static let cold = Lead(
        contact: Contact(
            id: "c-cold", name: "Sam Roe", title: "Marketing Coordinator",
            events: events([(.websiteVisit, 40, 31), (.emailClick, 2, 90)])),
        account: Account(
            id: "cold", name: "Cold GmbH", industry: "Retail", annualRevenue: 500_000, country: "Germany",
            attributes: ["budget": 5_000], referralsGiven: 0))
    static let sparse = Lead(
        contact: Contact(id: "c-sparse", name: "Pat Doe", events: events([(.websiteVisit, 10, 0)])),
        account: Account(id: "sparse", name: "Sparse Inc", industry: "Software", country: "US"))
}

@Suite("The published points rubric")
struct PublishedRubricTests {
    @Test("Maximum is 20 points: 3 + 2 + 1 + 2 + 2 + 3 + (1 + 3 capped at 3) + 2 + 2")
    func maximum() throws {
        #expect(try PublishedRubric.rubric().maximumPoints == 20)
    }

    @Test(
        "Leads with events score as the guide's table says",
        arguments: [
            (PublishedRubric.hot, 20.0, [3.0, 2, 1, 2, 2, 3, 1, 3, 2, 2], "Tier 1", true),
            (PublishedRubric.warm, 10, [3, 0, 1, 0, 2, 1, 1, 0, 0, 2], "Tier 2", true),
            (PublishedRubric.cold, 0, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "Tier 3", false),
            (PublishedRubric.sparse, 7, [3, 0, 1, 0, 0, 3, 0, 0, 0, 0], "Tier 3", false),
        ] as [(Lead, Double, [Double], String, Bool)])
    func leads(lead: Lead, total: Double, points: [Double], tier: String, qualified: Bool) throws {
        let score = try PublishedRubric.rubric().score(lead, asOf: PublishedRubric.asOf)
        #expect(score.total == total)
        #expect(score.breakdown.map(\.points) == points)
        #expect(score.tier == tier)
        #expect(score.isQualified == qualified)
    }

    @Test(
        "Email: opens +1, clicks +3, both still 3, ignored 0",
        arguments: [(0, 0, 0.0), (3, 0, 1), (3, 1, 3), (0, 2, 3)] as [(Int, Int, Double)])
    func email(opens: Int, clicks: Int, points: Double) throws {
        var list: [(EventKind, Int, Int)] = []
        if opens > 0 { list.append((.emailOpen, opens, 1)) }
        if clicks > 0 { list.append((.emailClick, clicks, 1)) }
        let lead = Lead(
            contact: Contact(id: "e", name: "E", events: PublishedRubric.events(list)),
            account: Account(id: "e", name: "E"))
        let score = try PublishedRubric.rubric().score(lead, asOf: PublishedRubric.asOf)
        let email = (score.line(named: "email opens")?.points ?? 0) + (score.line(named: "email clicks")?.points ?? 0)
        #expect(min(email, 3) == points)
        #expect(score.total == points)
    }

    @Test("The title match comes from the contact's persona, the industry from the account")
    func titleOrIndustry() throws {
        let score = try PublishedRubric.rubric().score(PublishedRubric.warm, asOf: PublishedRubric.asOf)
        #expect(
            score.line(named: "industry or title match")?.sentence
                == "matches Marketing or revenue leader: title \"Director of Revenue Operations\" names \"Revenue Operations\"; seniority director is one of C-level, VP or director"
        )
    }

    @Test("The sparse lead's report explains what is missing and what would qualify it")
    func explanation() throws {
        let score = try PublishedRubric.rubric().score(PublishedRubric.sparse, asOf: PublishedRubric.asOf)
        #expect(score.coverage == 15.0 / 21)  // lines weighed by their range: 6 of 21 points unknown
        #expect(
            score.breakdown.filter { $0.status == .unknown }.map(\.name) == [
                "revenue fit", "referral proclivity", "can afford the product",
            ])
        #expect(score.breakdown[1].sentence == "revenue not known")
        #expect(score.gap?.tier == "Tier 2")
        #expect(score.gap?.pointsNeeded == 3)
        #expect(score.gap?.lines == ["email clicks"])
    }

    @Test("A lead without an account is unknown on the account's lines, named \"account\"")
    func noAccount() throws {
        let lead = Lead(contact: PublishedRubric.hot.contact, account: nil)
        let score = try PublishedRubric.rubric().score(lead, asOf: PublishedRubric.asOf)
        #expect(score.line(named: "revenue fit")?.status == .unknown)
        #expect(score.line(named: "revenue fit")?.sentence == "account not known")
        #expect(score.line(named: "industry or title match")?.points == 3)  // the title still matches
        #expect(score.total == 13)  // title 3 + website 3 + email 3 (1 + 3 capped) + social 2 + comments 2
    }
}
