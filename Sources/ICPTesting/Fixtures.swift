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
