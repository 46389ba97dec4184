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
/// America is the United States and Canada (see ``Region/northAmerica``).
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
            fit: fit, lastReviewed: CalendarDay(2026, 9, 1), reviewInterval: .quarterly)
    }
}
