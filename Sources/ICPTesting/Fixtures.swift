import ICPCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Accounts that exercise the corners of every built-in criterion: full
/// data, no data, unrecognised countries, aliases, boundaries, odd
/// attribute kinds, events at window edges and in the future, negative
/// counts, NaN values, out-of-range answers. Use them with ``CriterionLaws`` to check criteria.
public enum Fixtures {
    /// The "as of" day the fixtures are written for.
    public static let asOf = CalendarDay(2026, 11, 23)

    /// `count` seeded accounts whose every field is drawn from the values
    /// criteria find awkward: missing, blank, boundaries, aliases, states
    /// without countries, ratings out of range, attributes of every kind
    /// under the same names, events of several kinds at window edges and in
    /// the future, headcount histories. The same seed gives the same accounts.
    public static func varied(count: Int, seed: UInt64) -> [Account] {
        var g = SeededGenerator(seed: seed)
        func pick<T>(_ options: [T]) -> T { options[g.below(options.count)] }
        func maybe<T>(_ options: [T]) -> T? { g.below(4) == 0 ? nil : pick(options) }
        let day = asOf
        let attributeValues: [AttributeValue] = [
            "manufacturer", "Distributor", " ", 3, 0, 1, 42_000, .flag(true), .flag(false), "yes", "N", "lots",
            ["SOC 2", "ISO 27001"], ["soc-2"], [], .date(CalendarDay(2027, 2, 1).date),
            .date(CalendarDay(2026, 12, 31).date), "SOC 2", "iso 27001",
        ]
        let attributeNames = ["business_type", "MRR", "certifications", "do_not_contact", "renewal_date"]
        let kinds: [EventKind] = [.websiteVisit, .pageView, .productUsage, .formSubmit, .intentTopic, .emailClick]
        return (0..<count).map { i in
            var attributes = CustomAttributes()
            for name in attributeNames where g.below(3) > 0 { attributes[name] = pick(attributeValues) }
            var events: [EngagementEvent] = []
            for _ in 0..<g.below(12) {
                let ago = pick([0, 1, 13, 14, 15, 29, 30, 31, 45, 59, 60, 61, 89, 90, 200, -3])
                events.append(
                    EngagementEvent(
                        pick(kinds), at: day.date.addingTimeInterval(-Double(ago) * 86_400 + pick([0, 3_600, -1])),
                        count: pick([1, 1, 2, 7, 0, -1]), value: maybe([1, 0, 12.5, .nan, -4]),
                        detail: maybe(["zero trust", "Zero-Trust", "breach", "pricing"])))
            }
            events.sort { $0.timestamp < $1.timestamp }
            var history: [HeadcountSnapshot] = []
            for _ in 0..<g.below(3) {
                history.append(
                    HeadcountSnapshot(
                        day.adding(days: -pick([10, 200, 365, 400, 800])), employees: pick([0, 150, 480, 520, 900])))
            }
            return Account(
                id: "V\(i)", name: "Varied \(i)",
                industry: maybe(["Security Software", "security-software", "Retail", " "]),
                industryCode: maybe(["511210", " 5112 10", "54", "", "999"]),
                employees: maybe([0, 199, 200, 500, 501, 2_000, 2_001]),
                annualRevenue: maybe([0, 1e6, 5e8, .nan, 1e7]),
                country: maybe(["USA", "Canada", "Germany", "Narnia", "", "Japan", "Mexico"]),
                state: maybe(["California", "TX", "Ontario", "Bavaria", "Nowhere"]),
                city: maybe(["Springfield", "", "Berlin"]),
                founded: maybe([1999, 2000, 2010, 2021, 2026]), stage: maybe(["Series D", "public", "Seed", ""]),
                fundingTotal: maybe([0, 1e7, 2e8]),
                lastFundingDate: maybe([0, 1, 89, 90, 91, -2]).map { day.adding(days: -$0).date },
                customerCount: maybe([0, 999, 1_000]),
                technologies: Set(
                    (0..<g.below(4)).map { _ in
                        pick([
                            "salesforce.com", "Okta", "HubSpot", "CrowdStrike", "Sales Cloud", "Azure AD", "Splunk",
                            "AWS",
                        ])
                    }),
                attributes: attributes, events: EventLog(events), headcountHistory: history,
                nps: maybe([-1, 0, 6, 7, 8, 9, 10, 11]), sentiment: maybe([-1, 0.5, 0.49, .nan]),
                referralsGiven: maybe([0, 1, 3]),
                advocacy: maybe([[], [.caseStudy], [.review, .reference], [.caseStudy, .reference]]),
                isProminentBrand: maybe([true, false]),
                painPoints: pick([[], ["Alert fatigue"], ["compliance reporting", "alert fatigue at night"], [" "]]),
                useCases: pick([[], ["SOC automation"], ["soc"]]))
        }
    }

    /// Varied accounts, including ones with every field missing.
    public static let accounts: [Account] = [
        Account(
            id: "F01", name: "Full Data Security", domain: "fulldata.example", industry: "Security Software",
            industryCode: "511210", employees: 750, annualRevenue: 120_000_000, country: "USA", state: "California",
            city: "San Jose", founded: 2009, stage: "Series D", fundingTotal: 210_000_000,
            lastFundingDate: CalendarDay(2026, 6, 1).date, customerCount: 4_200,
            technologies: ["salesforce.com", "Okta", "AWS"],
            attributes: [
                "business_type": "manufacturer", "MRR": 42_000, "certifications": ["SOC 2", "ISO 27001"],
                "do_not_contact": false, "renewal_date": .date(CalendarDay(2027, 2, 1).date),
            ]),
        Account(id: "F02", name: "Nothing Known"),
        Account(
            id: "F03", name: "Boundary Co", industry: "security software", employees: 500, annualRevenue: 0,
            country: "United States", state: "TX", founded: 2026, technologies: ["HubSpot"],
            attributes: ["Business Type": "Distributor"]),
        Account(
            id: "F04", name: "Maple Distribution", industry: "IT Services", industryCode: "541512", employees: 201,
            country: "Canada", state: "Ontario", technologies: ["Sales Cloud", "Azure AD"],
            attributes: ["business-type": "distributor", "do_not_contact": true]),
        Account(
            id: "F05", name: "Nowhere Ltd", industry: "Retail", employees: 12, country: "Narnia",
            technologies: [], attributes: ["business_type": 3, "MRR": "lots"]),
        Account(
            id: "F06", name: "Berlin Sicherheit GmbH", industry: "Computer & Network Security", employees: 2_400,
            annualRevenue: 310_000_000, country: "Deutschland", founded: 1998, stage: "Public",
            technologies: ["SAP", "CrowdStrike Falcon", "Splunk", "Palo Alto"],
            attributes: ["business_type": "manufacturer"]),
        Account(
            id: "F07", name: "Monterrey Seguridad", industry: "Security Software", employees: 640, country: "MX",
            state: "Nuevo León", founded: 2015, technologies: ["Salesforce"],
            attributes: ["business_type": "manufacturer"]),
        Account(
            id: "F08", name: "No Country Inc", industry: "Security Software", employees: 900, state: "California",
            technologies: ["Okta"], attributes: ["business_type": "reseller"]),
        Account(
            id: "F09", name: "Busy Signals Corp", industry: "Security Software", employees: 560, country: "US",
            lastFundingDate: CalendarDay(2026, 10, 1).date,
            events: [
                EngagementEvent(.websiteVisit, on: CalendarDay(2026, 11, 23), count: 4),
                EngagementEvent(.websiteVisit, on: CalendarDay(2026, 10, 24), count: 2),
                EngagementEvent(.pageView, on: CalendarDay(2026, 11, 20), count: 40),
                EngagementEvent(.emailClick, on: CalendarDay(2026, 11, 2), count: -3),
                EngagementEvent(.productUsage, on: CalendarDay(2026, 11, 10), value: .nan),
                EngagementEvent(.productUsage, on: CalendarDay(2026, 10, 10), count: 30, value: 120),
                EngagementEvent(.intentTopic, on: CalendarDay(2026, 11, 15), detail: "Zero Trust"),
                EngagementEvent(.compellingEvent, on: CalendarDay(2026, 9, 30), detail: "Breach"),
                EngagementEvent(.formSubmit, on: CalendarDay(2027, 1, 5)),
            ],
            headcountHistory: [
                HeadcountSnapshot(CalendarDay(2025, 11, 1), employees: 380),
                HeadcountSnapshot(CalendarDay(2026, 6, 1), employees: 480),
            ],
            nps: 9, sentiment: 0.6, referralsGiven: 3, advocacy: [.caseStudy, .reference], isProminentBrand: true,
            painPoints: ["Alert fatigue", "manual compliance reporting"], useCases: ["SOC automation"]),
        Account(
            id: "F10", name: "Odd Answers Ltd", industry: "Retail", employees: 0, country: "GB",
            lastFundingDate: CalendarDay(2027, 3, 1).date,
            events: [EngagementEvent(.webinar, on: CalendarDay(2024, 1, 1), count: 0)],
            headcountHistory: [HeadcountSnapshot(CalendarDay(2020, 1, 1), employees: 0)],
            nps: 11, sentiment: .infinity, referralsGiven: -1, advocacy: [], isProminentBrand: false,
            painPoints: ["", "  "], useCases: []),
    ]

    /// Contacts with titles that match, nearly match and do not match
    /// common personas, and ones with no title.
    public static let contacts: [Contact] = [
        Contact(id: "P01", accountID: "F01", name: "Dana Reyes", title: "CISO"),
        Contact(id: "P02", accountID: "F01", name: "Lee Park", title: "Sr. Director, Revenue Operations"),
        Contact(id: "P03", accountID: "F01", name: "Sam Ortiz", title: "Security Manager"),
        Contact(id: "P04", accountID: "F09", name: "Ana Silva", title: "Marketing Coordinator"),
        Contact(id: "P05", accountID: "F09", name: "Kim Lee", title: "Procurement", department: "Procurement"),
        Contact(id: "P06", name: "No Title"),
        Contact(id: "P07", name: "Blank Title", title: "   ", seniority: .vp, department: "IT"),
        Contact(
            id: "P08", accountID: "F09", name: "Busy Reader", title: "IT Ops Manager",
            events: [EngagementEvent(.emailOpen, on: CalendarDay(2026, 11, 22), count: 3)]),
    ]
}
