import ICPCore

extension SeededGenerator {
    /// The position of an item chosen with the given weights (the last when
    /// rounding leaves none chosen).
    mutating func index(weights: [Double]) -> Int {
        var r = unit() * weights.reduce(0, +)
        for (i, w) in weights.enumerated() {
            if r < w { return i }
            r -= w
        }
        return weights.count - 1
    }

    /// One of the items, chosen with the given weights.
    mutating func pick<T>(_ table: [(T, Double)]) -> T { table[index(weights: table.map(\.1))].0 }

    mutating func pick<T>(_ table: NonEmptyTable<T>) -> T { pick([table.first] + table.rest) }

    /// A whole number drawn from a log-uniform distribution over the range:
    /// small companies are many, large ones few.
    public mutating func logUniform(_ range: ClosedRange<Int>) -> Int {
        let lo = Double(max(1, range.lowerBound)).squareRoot().squareRoot()
        let hi = Double(max(1, range.upperBound)).squareRoot().squareRoot()
        let x = lo + (hi - lo) * unit()
        return min(range.upperBound, max(range.lowerBound, Int((x * x * x * x).rounded())))
    }
}

/// Realistic example accounts for the demo, from a seeded generator.
public enum SampleAccounts {
    static let firstParts = [
        "Iron", "Blue", "Cipher", "Sentinel", "North", "Vault", "Bright", "Quantum", "Granite", "Harbor", "Lumen",
        "Aegis", "Cobalt", "Summit", "Polar", "Beacon", "Redwood", "Onyx", "Falcon", "Keystone",
    ]
    static let secondParts = [
        "Shield", "Works", "Labs", "Systems", "Networks", "Security", "Logic", "Data", "Guard", "Secure",
    ]

    // (written as, state choices, legal suffix), weight
    static let places = NonEmptyTable<(String, [String], String)>(
        (("USA", ["California", "TX", "New York", "Virginia", "MA", "Colorado"], "Inc."), 22),
        [
            (("United States", ["Washington", "Georgia", "IL"], "Inc."), 10),
            (("U.S.", ["Florida", "NC"], "LLC"), 5),
            (("Canada", ["Ontario", "QC", "British Columbia"], "Ltd."), 9),
            (("Mexico", ["Nuevo León", "Jalisco"], "S.A."), 4),
            (("United Kingdom", [], "Ltd"), 6),
            (("Germany", [], "GmbH"), 6),
            (("France", [], "SAS"), 3),
            (("Australia", [], "Pty Ltd"), 3),
            (("India", [], "Pvt Ltd"), 3),
            (("Brazil", [], "Ltda"), 2),
        ])
    static let industries = NonEmptyTable<String>(
        ("Security Software", 60),
        [
            ("Computer & Network Security", 12), ("Cybersecurity", 5), ("IT Services", 15),
            ("Financial Services", 8), ("Retail", 7), ("Healthcare", 5), ("Manufacturing", 5),
        ])
    static let businessTypes = NonEmptyTable<String>(("manufacturer", 45), [("distributor", 30), ("reseller", 25)])
    static let technologies = [
        "Salesforce", "salesforce.com", "HubSpot", "Okta", "AWS", "Azure", "Google Cloud", "Slack", "Jira",
        "CrowdStrike", "Splunk", "Zendesk", "Snowflake", "Microsoft Dynamics 365", "Zoom",
    ]

    /// Generates `count` accounts from `seed`; the same arguments always give
    /// the same accounts. About one field in twenty is left empty, as in a
    /// real CRM, and a few accounts are marked do-not-contact.
    public static func generate(count: Int = 30, seed: UInt64 = 7) -> [Account] {
        var rng = SeededGenerator(seed: seed)
        var usedNames: Set<String> = []
        var accounts: [Account] = []
        for index in 0..<max(0, count) {
            let (country, states, suffix) = rng.pick(places)
            var base = ""
            repeat {
                base =
                    "\(firstParts[Int(rng.unit() * Double(firstParts.count))]) \(secondParts[Int(rng.unit() * Double(secondParts.count))])"
            } while usedNames.contains(base) && usedNames.count < firstParts.count * secondParts.count
            usedNames.insert(base)
            let employees = rng.logUniform(8...20_000)
            let revenue = (Double(employees) * (90_000 + 160_000 * rng.unit())).rounded()
            let type = rng.pick(businessTypes)
            var attributes: CustomAttributes = ["business_type": .text(type)]
            if rng.unit() < 0.07 { attributes["do_not_contact"] = true }
            var stack: Set<String> = []
            for tech in technologies where rng.unit() < 0.25 { stack.insert(tech) }
            func maybe<T>(_ value: T) -> T? { rng.unit() < 0.05 ? nil : value }
            let slug = base.lowercased().replacingSpaces()
            accounts.append(
                Account(
                    id: "ACC-\(1001 + index)", name: "\(base) \(suffix)", domain: "\(slug).example",
                    industry: maybe(rng.pick(industries)), employees: maybe(employees), annualRevenue: maybe(revenue),
                    country: maybe(country),
                    state: states.isEmpty ? nil : states[Int(rng.unit() * Double(states.count))],
                    founded: 1985 + Int(rng.unit() * 38), technologies: stack, attributes: attributes))
        }
        // Behaviour comes from its own stream, so adding it left the
        // accounts' firmographics as they were.
        var behaviour = SeededGenerator(seed: seed ^ 0x5EED_BE4A_710E_0001)
        for i in accounts.indices {
            accounts[i].events = EventLog(accountEvents(&behaviour))
            if behaviour.unit() < 0.3 {
                let daysAgo = Int(behaviour.unit() * 720)
                accounts[i].lastFundingDate = Demo.asOf.adding(days: -daysAgo).date
            }
        }
        return accounts
    }

    /// The engagement kinds seen at the account level, with weights.
    static let accountKinds = NonEmptyTable<EventKind>(
        (.websiteVisit, 40),
        [(.pageView, 25), (.emailOpen, 12), (.emailClick, 5), (.webinar, 3), (.formSubmit, 3), (.intentTopic, 8)])
    static let intentTopics = ["zero trust", "SIEM", "endpoint security", "SOC automation"]

    /// Events over the 120 days before the demo's as-of day: an account's
    /// appetite is drawn first, so some are busy and many are quiet.
    static func accountEvents(_ rng: inout SeededGenerator) -> [EngagementEvent] {
        let appetite = rng.unit()
        let records = Int(appetite * appetite * 45)
        var events: [EngagementEvent] = []
        for _ in 0..<records {
            let kind = rng.pick(accountKinds)
            let age = Int(rng.unit() * rng.unit() * 120)
            let count = kind == .pageView || kind == .websiteVisit ? 1 + Int(rng.unit() * 4) : 1
            let detail = kind == .intentTopic ? intentTopics[Int(rng.unit() * Double(intentTopics.count))] : nil
            events.append(EngagementEvent(kind, on: Demo.asOf.adding(days: -age), count: count, detail: detail))
        }
        return events
    }

    /// Titles as they appear in CRMs, with weights: security, IT,
    /// procurement, and people outside the buying committee.
    static let titles = NonEmptyTable<String>(
        ("CISO", 4),
        [
            ("Chief Information Security Officer", 2), ("VP of Security", 3), ("Head of IT Security", 3),
            ("Director, Information Security", 3), ("Security Manager", 4), ("Security Engineer", 5),
            ("Security Analyst", 4), ("IT Ops Manager", 4), ("IT Manager", 4), ("Systems Administrator", 3),
            ("Director of IT Operations", 2), ("Procurement Lead", 3), ("Purchasing Manager", 2),
            ("Sourcing Specialist", 2), ("VP of Sales", 2), ("Marketing Coordinator", 3),
            ("Sr. Director, Revenue Operations", 1), ("CFO", 2), ("Office Manager", 2),
        ])
    static let givenNames = [
        "Dana", "Lee", "Sam", "Ana", "Kim", "Jordan", "Avery", "Priya", "Mateo", "Noor", "Elena", "Chris", "Yuki",
        "Omar", "Grace", "Tomás",
    ]
    static let familyNames = [
        "Reyes", "Park", "Ortiz", "Silva", "Nguyen", "Okafor", "Schmidt", "Rossi", "Haddad", "Kowalski", "Tanaka",
        "Brown", "Dubois", "Singh",
    ]
    static let contactKinds = NonEmptyTable<EventKind>(
        (.emailOpen, 40), [(.emailClick, 15), (.webinar, 8), (.formSubmit, 6), (.websiteVisit, 31)])

    /// Two to five contacts per account with real-looking titles and their
    /// own engagement; the same accounts and seed always give the same contacts.
    public static func contacts(for accounts: [Account], seed: UInt64 = 7) -> [Contact] {
        var rng = SeededGenerator(seed: seed ^ 0xC0_47AC_7500_0002)
        var contacts: [Contact] = []
        for account in accounts {
            let n = 2 + Int(rng.unit() * 4)
            for k in 0..<n {
                let given = givenNames[Int(rng.unit() * Double(givenNames.count))]
                let family = familyNames[Int(rng.unit() * Double(familyNames.count))]
                let domain = account.domain ?? "example.com"
                var events: [EngagementEvent] = []
                for _ in 0..<Int(rng.unit() * rng.unit() * 12) {
                    let age = Int(rng.unit() * 90)
                    events.append(EngagementEvent(rng.pick(contactKinds), on: Demo.asOf.adding(days: -age)))
                }
                contacts.append(
                    Contact(
                        id: "\(account.id)-C\(k + 1)", accountID: account.id, name: "\(given) \(family)",
                        title: rng.pick(titles),
                        email: "\(given.lowercased().prefix(1))\(family.lowercased())@\(domain)",
                        events: EventLog(events)))
            }
        }
        return contacts
    }
}

/// A weighted table with at least one row by construction, so a weighted
/// pick always has an answer.
struct NonEmptyTable<T: Sendable>: Sendable {
    let first: (T, Double)
    let rest: [(T, Double)]

    init(_ first: (T, Double), _ rest: [(T, Double)]) {
        self.first = first
        self.rest = rest
    }
}

extension String {
    fileprivate func replacingSpaces() -> String {
        String(map { $0 == " " ? "-" : $0 })
    }
}
