import ICPCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Accounts that exercise the corners of every built-in criterion: full
/// data, no data, unrecognised countries, aliases, boundaries, odd
/// attribute kinds. Use them with ``CriterionLaws`` to check criteria.
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
    ]
}
