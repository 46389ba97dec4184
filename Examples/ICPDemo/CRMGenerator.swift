import Foundation
import ICPCore
import ICPFiles

/// Realistic synthetic CRM exports: accounts, events and contacts as CSV,
/// from a seed. The same count and seed always give the same files.
///
/// Industries, countries and stages are drawn from weighted tables;
/// headcounts are log-uniform (many small companies, few large ones);
/// revenue per employee depends on the industry; engagement clusters in
/// a minority of accounts and in recent weeks, as it does in real CRMs.
public struct CRMGenerator {
    /// How many accounts.
    public let count: Int
    /// The seed.
    public let seed: UInt64
    /// The day the data is "as of": events fall in the 180 days before it.
    public let asOf: CalendarDay

    /// Whether to write `history.csv` too: every account with an outcome.
    public let outcomes: Bool
    /// How far the market has moved (0…1): that share of accounts is drawn
    /// from a smaller, less technical market, for drift monitoring.
    public let shift: Double

    /// Creates a generator.
    public init(count: Int, seed: UInt64, asOf: CalendarDay = Demo.asOf, outcomes: Bool = false, shift: Double = 0) {
        self.count = max(0, count)
        self.seed = seed
        self.asOf = asOf
        self.outcomes = outcomes
        self.shift = min(max(shift, 0), 1)
    }

    /// The header of `accounts.csv`.
    static let accountHeader =
        "id,name,domain,industry,employees,revenue,country,state,city,founded,stage,last_funding_date,technologies,business_type,do_not_contact,referrals,nps,budget"
    /// The columns `history.csv` adds.
    static let outcomeHeader = "won,deal_value,cycle_days,churned,mrr,tenure_months,support_tickets"

    /// An account's outcome, drawn from a hidden propensity: security
    /// vendors of 200–5,000 people on Okta or CrowdStrike in North America
    /// win most, and the best of them stay longest and pay most; a fixed
    /// truth for `validate`, `learn` and `discover` to find.
    static func outcome(
        industry: String, employees: Int, country: String, stack: [String], doNotContact: Bool, stage: String,
        rng: inout SeededGenerator
    ) -> String {
        // The example profile's own wording: "Cybersecurity" is security software too.
        let security = ExampleProfile.securityIndustries.contains(industry)
        let software = industry == "Software" || industry == "IT Services"
        let midMarket = (200...5_000).contains(employees)
        let identity = stack.contains("Okta") || stack.contains("CrowdStrike")
        let northAmerica = ["United States", "USA", "Canada", "Mexico"].contains(country)
        var logit = -2.4
        if security { logit += 1.8 } else if software { logit += 0.8 }
        if midMarket { logit += 1.1 }
        if identity { logit += 0.7 }
        if northAmerica { logit += 0.5 }
        if stage == "Series B" || stage == "Series C" { logit += 0.4 }
        if doNotContact { logit -= 1.5 }
        let won = rng.unit() < 1 / (1 + exp(-logit))
        guard won else { return "0,,,,,," }
        let fit = (security ? 1.0 : 0) + (midMarket ? 1 : 0) + (identity ? 0.5 : 0)
        let deal = (Double(max(employees, 10)).squareRoot() * 900 * (0.6 + rng.unit() + 0.3 * fit)).rounded()
        let cycle = Int(30 + rng.unit() * 120 + (midMarket ? 0 : 40))
        let churned = rng.unit() < (0.25 - 0.07 * fit) ? "yes" : "no"
        let mrr = (deal / 12 * (0.8 + 0.2 * fit + 0.4 * rng.unit())).rounded()
        let tenure = Int(3 + rng.unit() * 24 + 10 * fit)
        let tickets = Int(rng.unit() * 30 * (1.4 - 0.4 * fit))
        return "1,\(Int(deal)),\(cycle),\(churned),\(Int(mrr)),\(tenure),\(tickets)"
    }

    // (industry, revenue per employee, weight)
    static let industries: [(String, Double, Double)] = [
        ("Security Software", 260_000, 14), ("Computer & Network Security", 240_000, 6),
        ("Cybersecurity", 250_000, 4), ("Software", 230_000, 14), ("IT Services", 140_000, 12),
        ("Financial Services", 320_000, 8), ("Healthcare", 120_000, 7), ("Retail", 180_000, 7),
        ("Manufacturing", 210_000, 8), ("Education", 90_000, 4), ("Telecommunications", 380_000, 3),
        ("Logistics", 160_000, 4), ("Media", 200_000, 3), ("Government", 110_000, 2), ("Energy", 520_000, 2),
        ("Insurance", 350_000, 2),
    ]
    // (country as written, states, weight)
    static let countries: [(String, [String], Double)] = [
        (
            "United States",
            [
                "California", "Texas", "New York", "Virginia", "Massachusetts", "Washington", "Illinois", "Georgia",
                "Florida", "Colorado",
            ], 34
        ),
        ("USA", ["CA", "TX", "NY", "WA", "NC"], 8),
        ("Canada", ["Ontario", "Quebec", "British Columbia", "Alberta"], 7),
        ("United Kingdom", [], 8), ("Germany", [], 7), ("France", [], 5), ("Netherlands", [], 3), ("Sweden", [], 2),
        ("Australia", [], 4), ("India", [], 5), ("Brazil", [], 3), ("Mexico", [], 3), ("Japan", [], 3),
        ("Singapore", [], 2), ("Israel", [], 2), ("Spain", [], 2), ("Ireland", [], 2),
    ]
    static let cities = [
        "Springfield", "Riverside", "Fairview", "Franklin", "Georgetown", "Clinton", "Salem", "Madison",
    ]
    static let stages: [(String, Double)] = [
        ("Bootstrapped", 20), ("Seed", 10), ("Series A", 10), ("Series B", 8), ("Series C", 5), ("Series D", 3),
        ("Private Equity", 6), ("Public", 8), ("", 30),
    ]
    static let technologies: [(String, Double)] = [
        ("Salesforce", 0.30), ("HubSpot", 0.18), ("Okta", 0.22), ("AWS", 0.45), ("Azure", 0.30),
        ("Google Cloud", 0.15), ("Slack", 0.40), ("Jira", 0.35), ("CrowdStrike", 0.12), ("Splunk", 0.10),
        ("Zendesk", 0.15), ("Snowflake", 0.08), ("Microsoft Dynamics 365", 0.06), ("Zoom", 0.35),
        ("Palo Alto Networks", 0.08),
    ]
    static let businessTypes: [(String, Double)] = [
        ("manufacturer", 40), ("distributor", 25), ("reseller", 20), ("end user", 15),
    ]
    static let eventKinds: [(String, Double)] = [
        ("website visit", 35), ("page view", 25), ("email open", 15), ("email click", 6), ("webinar", 3),
        ("form submit", 3), ("social like", 4), ("social comment", 2), ("intent topic", 5), ("product usage", 2),
    ]
    static let topics = ["zero trust", "SIEM", "endpoint security", "SOC automation", "identity"]

    /// Writes `accounts.csv`, `events.csv` and `contacts.csv` (and with
    /// ``outcomes`` `history.csv`: the accounts with their outcome columns
    /// `won`, `deal_value`, `cycle_days`, `churned`, `mrr`, `tenure_months`,
    /// `support_tickets`) into a folder (created when missing) and returns
    /// the rows written to each.
    public func write(to folder: String) throws -> (accounts: Int, events: Int, contacts: Int) {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let accounts = try Sink(path: folder + "/accounts.csv")
        let events = try Sink(path: folder + "/events.csv")
        let contacts = try Sink(path: folder + "/contacts.csv")
        accounts.add(CRMGenerator.accountHeader + "\n")
        let history = try outcomes ? Sink(path: folder + "/history.csv") : nil
        history?.add(CRMGenerator.accountHeader + "," + CRMGenerator.outcomeHeader + "\n")
        var fate = SeededGenerator(seed: seed ^ 0x0_0C0_E5EE_D000_0003)
        events.add("account_id,contact_id,kind,timestamp,count,detail\n")
        contacts.add("account_id,id,name,title,email\n")
        var rng = SeededGenerator(seed: seed)
        var eventRows = 0
        var contactRows = 0
        let titleTable = SampleAccounts.titles
        let allTitles = [titleTable.first] + titleTable.rest
        for index in 0..<count {
            let id = "A\(1_000_000 + index)"
            let first = SampleAccounts.firstParts[Int(rng.unit() * Double(SampleAccounts.firstParts.count))]
            let second = SampleAccounts.secondParts[Int(rng.unit() * Double(SampleAccounts.secondParts.count))]
            let name = "\(first) \(second) \(index)"
            let domain = "\(first.lowercased())\(second.lowercased())\(index).example"
            var (industry, perEmployee, _) = CRMGenerator.industries[
                rng.index(weights: CRMGenerator.industries.map(\.2))]
            var employees = rng.logUniform(2...80_000)
            // A moved market: more small retail, healthcare and education
            // companies (drawn from their own stream, so shift 0 changes nothing).
            if shift > 0, fate.unit() < shift {
                (industry, perEmployee, _) = CRMGenerator.industries[[7, 6, 9][fate.below(3)]]
                employees = max(2, employees / 8)
            }
            let revenue = (Double(employees) * perEmployee * (0.5 + rng.unit())).rounded()
            let (country, states, _) = CRMGenerator.countries[rng.index(weights: CRMGenerator.countries.map(\.2))]
            let state = states.isEmpty ? "" : states[Int(rng.unit() * Double(states.count))]
            let city = CRMGenerator.cities[Int(rng.unit() * Double(CRMGenerator.cities.count))]
            let founded = 2025 - Int(rng.unit() * rng.unit() * 70)
            let stage = rng.pick(CRMGenerator.stages)
            var stack: [String] = []
            for (tech, p) in CRMGenerator.technologies where rng.unit() < p { stack.append(tech) }
            let type = rng.pick(CRMGenerator.businessTypes)
            let dnc = rng.unit() < 0.03 ? "yes" : "no"
            let funded =
                stage.hasPrefix("Series") || stage == "Seed"
                ? asOf.adding(days: -Int(rng.unit() * 900)).description : ""
            let referrals = rng.unit() < 0.7 ? 0 : 1 + Int(rng.unit() * rng.unit() * 6)
            let nps = rng.unit() < 0.6 ? "" : String(min(10, Int(rng.unit() * 6 + rng.unit() * 6)))
            let budget = String(Int((revenue * 0.0004 * rng.unit()).rounded() / 1000) * 1000)
            // About one cell in thirty is empty, as in a real export.
            func maybe(_ s: String) -> String { rng.unit() < 0.033 ? "" : s }
            var line = ""
            line.reserveCapacity(160)
            for (i, field) in [
                id, name, domain, maybe(industry), maybe(String(employees)), maybe(String(Int(revenue))),
                maybe(country),
                state, city, maybe(String(founded)), stage, funded, stack.joined(separator: ";"), type, dnc,
                String(referrals), nps, maybe(budget),
            ].enumerated() {
                if i > 0 { line += "," }
                CSVWriter.append(field, to: &line)
            }
            accounts.add(line + "\n")
            if let history {
                let result = CRMGenerator.outcome(
                    industry: industry, employees: employees, country: country, stack: stack,
                    doNotContact: dnc == "yes", stage: stage, rng: &fate)
                history.add(line + "," + result + "\n")
            }

            let appetite = rng.unit()
            let contactCount = 1 + Int(rng.unit() * 3)
            var contactIDs: [String] = []
            for k in 0..<contactCount {
                let cid = "\(id)-C\(k + 1)"
                contactIDs.append(cid)
                let title = rng.pick(allTitles)
                let given = SampleAccounts.givenNames[Int(rng.unit() * Double(SampleAccounts.givenNames.count))]
                let family = SampleAccounts.familyNames[Int(rng.unit() * Double(SampleAccounts.familyNames.count))]
                var c = ""
                for (i, field) in [
                    id, cid, "\(given) \(family)", title, "\(given.lowercased()).\(family.lowercased())@\(domain)",
                ]
                .enumerated() {
                    if i > 0 { c += "," }
                    CSVWriter.append(field, to: &c)
                }
                contacts.add(c + "\n")
                contactRows += 1
            }
            let records = Int(appetite * appetite * appetite * 12)
            for _ in 0..<records {
                let kind = rng.pick(CRMGenerator.eventKinds)
                let age = Int(rng.unit() * rng.unit() * 180)
                let seconds = Int(rng.unit() * 86_400)
                let day = asOf.adding(days: -age - 1)
                let time = String(format: "%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                let person =
                    kind.hasPrefix("email") || kind == "webinar"
                    ? contactIDs[Int(rng.unit() * Double(contactIDs.count))] : ""
                let count = kind == "page view" || kind == "website visit" ? 1 + Int(rng.unit() * 5) : 1
                let detail =
                    kind == "intent topic"
                    ? CRMGenerator.topics[Int(rng.unit() * Double(CRMGenerator.topics.count))] : ""
                events.add("\(id),\(person),\(kind),\(day)T\(time)Z,\(count),\(detail)\n")
                eventRows += 1
            }
        }
        try accounts.close()
        try events.close()
        try contacts.close()
        try history?.close()
        return (count, eventRows, contactRows)
    }
}

/// Buffers text and writes it to a file in large chunks.
final class Sink {
    private let handle: FileHandle
    private var buffer: [UInt8] = []

    init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil), let h = FileHandle(forWritingAtPath: path)
        else { throw FileError(path: path, message: "cannot be written") }
        handle = h
        buffer.reserveCapacity(1 << 20)
    }

    func add(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 20 { flush() }
    }

    private func flush() {
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        flush()
        try handle.close()
    }
}
