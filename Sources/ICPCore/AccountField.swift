/// A standard account field: what a criterion reads and what a CSV column
/// can feed (`ICPFiles` gives each its header names).
public enum AccountField: String, Sendable, Hashable, CaseIterable {
    /// The record id.
    case id
    /// The company name.
    case name
    /// The web domain.
    case domain
    /// The industry.
    case industry
    /// An industry code (NAICS, SIC).
    case industryCode = "industry_code"
    /// The headcount (a number or a band).
    case employees
    /// Annual revenue (money).
    case revenue
    /// The country, by name or code.
    case country
    /// The state or province.
    case state
    /// The city.
    case city
    /// The year founded.
    case founded
    /// The company's stage.
    case stage
    /// Total funding (money).
    case funding
    /// When the last funding round closed.
    case lastFundingDate = "last_funding_date"
    /// The size of the customer base.
    case customers
    /// The tech stack, a list.
    case technologies
    /// The NPS answer, 0–10.
    case nps
    /// Sentiment, -1…1.
    case sentiment
    /// Referrals given.
    case referrals
    /// Advocacy: case study, review, reference, or none.
    case advocacy
    /// Whether the account is a prominent brand (yes / no).
    case prominentBrand = "prominent_brand"
    /// Stated pain points, a list.
    case painPoints = "pain_points"
    /// Use cases, a list.
    case useCases = "use_cases"
}
