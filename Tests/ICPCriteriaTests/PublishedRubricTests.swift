import ICPCore
import ICPCriteria
import Testing

/// The points rubric published in the practitioners' guide (shared DOMAIN.md),
/// written with the library's pieces. Engagement counts come in as custom
/// attributes here; timestamped events arrive with the behavioral signals.
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
    /// Email engagement as a level: 2 clicked, 1 opened only, 0 ignored.
    static let emailLevel = NumberField<Account>("email engagement", category: .behavioral) { account, _ in
        func count(_ name: String) -> Double? {
            if case .number(let n)? = account.attributes[name] { return n }
            return nil
        }
        guard let opens = count("email_opens"), let clicks = count("email_clicks") else { return nil }
        return clicks > 0 ? 2 : opens > 0 ? 1 : 0
    }

    static func rubric() throws -> Rubric<Account> {
        let industryOrTitle = Industry.oneOf("Software") || Attribute("title_match").isTrue
        return try Rubric<Account>("Published lead-scoring rubric", threshold: .points(10)) {
            industryOrTitle.points(3).named("industry or title match")
            Revenue.between(1_000_000...50_000_000).points(2).named("revenue fit")
            Location.in(.northAmerica).points(1).named("inside the service area")
            Attribute("referrals_given").atLeast(1).points(2).named("referral proclivity")
            Attribute("budget").atLeast(20_000).points(2).named("can afford the product")
            Attribute("website_visits_30d", category: .behavioral).number
                .bands(.atLeast(10, points: 3), .atLeast(1, points: 1), otherwise: 0).named("website engagement")
            emailLevel.bands(.atLeast(2, points: 3), .atLeast(1, points: 1), otherwise: 0).named("email")
            Attribute("social_likes_shares", category: .behavioral).atLeast(1).points(2).named(
                "social likes and shares")
            Attribute("social_comments", category: .behavioral).atLeast(1).points(2).named("social comments")
        }
    }

    static let hot = Account(
        id: "hot", name: "Hot FactSheet Co", industry: "Software", annualRevenue: 12_000_000, country: "USA",
        attributes: [
            "referrals_given": 2, "budget": 50_000, "website_visits_30d": 14, "email_opens": 5, "email_clicks": 1,
            "social_likes_shares": 3, "social_comments": 1,
        ])
    static let warm = Account(
        id: "warm", name: "Warm Retail", industry: "Retail", annualRevenue: 80_000_000, country: "Canada",
        attributes: [
            "title_match": true, "referrals_given": 0, "budget": 25_000, "website_visits_30d": 3, "email_opens": 2,
            "email_clicks": 0, "social_likes_shares": 0, "social_comments": 2,
        ])
    static let cold = Account(
        id: "cold", name: "Cold GmbH", industry: "Retail", annualRevenue: 500_000, country: "Germany",
        attributes: [
            "title_match": false, "referrals_given": 0, "budget": 5_000, "website_visits_30d": 0, "email_opens": 0,
            "email_clicks": 0, "social_likes_shares": 0, "social_comments": 0,
        ])
    static let sparse = Account(
        id: "sparse", name: "Sparse Inc", industry: "Software", country: "US", attributes: ["website_visits_30d": 10])
}

@Suite("The published points rubric")
struct PublishedRubricTests {
    @Test("Maximum is 20 points: 3 + 2 + 1 + 2 + 2 + 3 + 3 + 2 + 2")
    func maximum() throws {
        #expect(try PublishedRubric.rubric().maximumPoints == 20)
    }

    @Test(
        "Hand-built leads score as the guide's table says",
        arguments: [
            (PublishedRubric.hot, 20.0, [3.0, 2, 1, 2, 2, 3, 3, 2, 2], "Tier 1", true),
            (PublishedRubric.warm, 10, [3, 0, 1, 0, 2, 1, 1, 0, 2], "Tier 2", true),
            (PublishedRubric.cold, 0, [0, 0, 0, 0, 0, 0, 0, 0, 0], "Tier 3", false),
            (PublishedRubric.sparse, 7, [3, 0, 1, 0, 0, 3, 0, 0, 0], "Tier 3", false),
        ])
    func leads(account: Account, total: Double, points: [Double], tier: String, qualified: Bool) throws {
        let score = try PublishedRubric.rubric().score(account, asOf: CalendarDay(2026, 11, 23))
        #expect(score.total == total)
        #expect(score.breakdown.map(\.points) == points)
        #expect(score.tier == tier)
        #expect(score.isQualified == qualified)
    }

    @Test("Email: opens +1, clicks +3, ignored 0", arguments: [(0.0, 0.0, 0.0), (3, 0, 1), (3, 1, 3), (0, 2, 3)])
    func email(opens: Double, clicks: Double, points: Double) throws {
        let a = Account(
            id: "e", name: "e", attributes: ["email_opens": .number(opens), "email_clicks": .number(clicks)])
        #expect(
            try PublishedRubric.rubric().score(a, asOf: CalendarDay(2026, 11, 23)).line(named: "email")?.points
                == points)
    }

    @Test("The sparse lead's report explains what is missing and what would qualify it")
    func explanation() throws {
        let score = try PublishedRubric.rubric().score(PublishedRubric.sparse, asOf: CalendarDay(2026, 11, 23))
        #expect(score.coverage == 0.35)
        #expect(
            score.breakdown.filter { $0.status == .unknown }.map(\.name) == [
                "revenue fit", "referral proclivity", "can afford the product", "email", "social likes and shares",
                "social comments",
            ])
        #expect(score.gap?.tier == "Tier 2")
        #expect(score.gap?.pointsNeeded == 3)
        #expect(score.gap?.lines == ["email"])
    }
}
