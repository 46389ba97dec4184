import ICPCore
import ICPCriteria

/// The example profile of the seed: a maker of security software selling
/// to companies that make or distribute security software.
///
/// The fit levels, as a practitioner wrote them:
/// - **Best fit**: US-based, over 500 employees, makes and sells security software.
/// - **Good fit**: North American, over 200 employees, distributes security
///   software. A maker that misses Best fit on size or country but meets
///   these is a Good fit too: a company that makes software also sells it.
/// - **Bad fit**: anything else.
///
/// "Makes and sells" against "distributes" is the custom attribute
/// `business_type` (`manufacturer`, `distributor`, `reseller`). North
/// America is the United States, Canada and Mexico (see ``Region/northAmerica``).
///
/// Engagement is scored separately, in four levels, and combined with the
/// fit tier in the matrix (`A1` = Best fit, High engagement). Three
/// personas make up the buying committee.
public enum ExampleProfile {
    /// The industries that count as security software.
    public static let securityIndustries = ["Security Software", "Cybersecurity", "Computer & Network Security"]

    /// Builds the profile, reviewed on 2026-09-01 every quarter.
    public static func securitySoftware() throws -> Profile<Account> {
        let inUS = Location.in(try Region.country("US"))
        let inNorthAmerica = Location.in(.northAmerica)
        let security = Industry.matches(names: securityIndustries, codePrefixes: [])
        let businessType = Attribute("business_type", category: .firmographic)
        let manufacturer = businessType.oneOf("manufacturer")
        let distributor = businessType.oneOf("distributor")

        let fit = try Rubric<Account>(
            "Security software fit",
            tiers: [
                Tier("Best fit", requires: inUS && Employees.moreThan(500) && security && manufacturer),
                Tier(
                    "Good fit",
                    requires: inNorthAmerica && Employees.moreThan(200) && security && (manufacturer || distributor)),
                Tier("Bad fit"),
            ],
            caps: ["business type": 2]
        ) {
            security.points(3).named("security software")
            manufacturer.points(2).named("makes and sells").group("business type")
            distributor.points(1).named("distributes").group("business type")
            inUS.points(1).named("US-based")
            inNorthAmerica.points(1).named("North American")
            Employees.moreThan(500).points(2).named("over 500 employees")
            Employees.moreThan(200).points(1).named("over 200 employees")
            Employees.lessThan(100).points(-2).named("under 100 employees")
            TechStack.usesAny("Salesforce", "HubSpot").points(1).named("runs a CRM we integrate with")
            Attribute("do_not_contact").isTrue.disqualifies(because: "marked do not contact")
        }
        return Profile(
            name: "Security software makers and distributors", version: "2026.3",
            summary: "Companies that make or distribute security software in North America.",
            fit: fit, engagement: try engagement(), personas: personas, contactEngagement: try contactEngagement(),
            lastReviewed: CalendarDay(2026, 9, 1), reviewInterval: .quarterly)
    }

    /// How engaged an account is, in four levels (the matrix's 1–4):
    /// High at 60% of the maximum, Medium at 35%, Low at 10%, else None.
    public static func engagement() throws -> Rubric<Account> {
        try Rubric<Account>(
            "Account engagement",
            tiers: [
                Tier("High", minimum: .ratio(0.6)), Tier("Medium", minimum: .ratio(0.35)),
                Tier("Low", minimum: .ratio(0.1)), Tier("None"),
            ],
            caps: ["email": 3]
        ) {
            Events.count(.websiteVisit, .pageView, in: .last(30), perDayCap: 10).levels(high: 20, low: 3)
                .points(high: 3, low: 1).named("website engagement")
            Events.any(.emailClick, in: .last(30)).points(3).named("email clicks").group("email")
            Events.any(.emailOpen, in: .last(30)).points(1).named("email opens").group("email")
            Events.any(.webinar, in: .last(90)).points(2).named("webinar")
            Events.lastSeen(.formSubmit, withinDays: 14).points(3).named("recent form submit")
            Events.any(.intentTopic, in: .last(30)).points(2).named("researching the category")
            Trigger.funded(withinDays: 180).points(1).named("funded in the last 180 days").ifMissing(.noPoints)
            Churn.activityDrop(atLeast: 0.5, of: .websiteVisit, .pageView, periodDays: 30).points(-2)
                .named("web activity halved")
        }
    }

    /// How engaged a contact is, for lead scores.
    public static func contactEngagement() throws -> Rubric<Contact> {
        try Rubric<Contact>("Contact engagement") {
            Events.any(.emailClick, in: .last(30)).points(2).named("clicked an email")
            Events.any(.webinar, in: .last(90)).points(2).named("attended a webinar")
            Events.lastSeen(.formSubmit, withinDays: 30).points(3).named("submitted a form")
            Events.count(.websiteVisit, in: .last(30)).atLeast(3).points(1).named("visits the website")
        }
    }

    /// The buying committee: a security leader (required), IT operations
    /// and procurement.
    public static let personas = [
        Persona(
            name: "Security leader",
            titles: ["CISO", "Chief Security Officer", "VP Security", "Head of Security", "Security Director"],
            department: "Security",
            goals: ["Fewer incidents reach production", "Pass audits without fire drills"],
            painPoints: ["alert fatigue", "compliance reporting", "too many point tools"],
            objections: ["Another agent on every endpoint", "Migration risk"],
            motivations: ["Board-level visibility", "A smaller, calmer SOC"],
            messaging: ["Lead with risk reduction and audit evidence, not features"],
            roleWeight: 2, isRequired: true),
        Persona(
            name: "IT operations",
            titles: ["IT Operations", "IT Manager", "IT Director", "Infrastructure", "Systems Administrator"],
            department: "IT",
            goals: ["Keep systems up", "Automate the routine"],
            painPoints: ["tool sprawl", "manual patching"],
            objections: ["Rollout effort"],
            motivations: ["Less time on tickets"],
            messaging: ["Show the deployment plan and the integrations"]),
        Persona(
            name: "Procurement",
            titles: ["Procurement", "Purchasing", "Sourcing", "Vendor Management"],
            department: "Procurement",
            goals: ["Predictable spend", "Fewer vendors"],
            painPoints: ["opaque pricing"],
            objections: ["Price against the incumbent"],
            motivations: ["Consolidation savings"],
            messaging: ["Bring the total cost of ownership and the security questionnaire answered"]),
    ]
}
