import ICPCore
import ICPCriteria
import ICPDemo
import Testing

/// The seed's fit levels at every boundary:
/// Best fit = US-based, over 500 employees, makes and sells security software;
/// Good fit = North American, over 200 employees, distributes security software;
/// anything else = Bad fit.
@Suite("The example profile's fit levels")
struct FitLevelTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var label: String
        var country: String?
        var employees: Int?
        var type: String?
        var industry: String? = "Security Software"
        var tier: String
        var testDescription: String { label }
    }

    static let cases: [Case] = [
        Case(label: "US, 501, manufacturer", country: "US", employees: 501, type: "manufacturer", tier: "Best fit"),
        Case(label: "\"USA\" reads as the US", country: "USA", employees: 501, type: "manufacturer", tier: "Best fit"),
        Case(
            label: "\"United States\" reads as the US", country: "United States", employees: 501, type: "manufacturer",
            tier: "Best fit"),
        Case(
            label: "\"U.S.\" reads as the US", country: "U.S.", employees: 5_000, type: "manufacturer", tier: "Best fit"
        ),
        Case(
            label: "US, exactly 500: not over 500", country: "USA", employees: 500, type: "manufacturer",
            tier: "Good fit"),
        Case(label: "US, 501, distributor", country: "USA", employees: 501, type: "distributor", tier: "Good fit"),
        Case(
            label: "Canada, 501, manufacturer", country: "Canada", employees: 501, type: "manufacturer",
            tier: "Good fit"),
        Case(
            label: "Canada, 201, distributor", country: "Canada", employees: 201, type: "distributor", tier: "Good fit"),
        Case(
            label: "Canada, exactly 200: not over 200", country: "Canada", employees: 200, type: "distributor",
            tier: "Bad fit"),
        Case(
            label: "Mexico is North American: a maker is a Good fit", country: "Mexico", employees: 5_000,
            type: "manufacturer", tier: "Good fit"),
        Case(
            label: "a Mexican distributor of 250 is a Good fit", country: "Mexico", employees: 250, type: "distributor",
            tier: "Good fit"),
        Case(
            label: "Guatemala is not North America", country: "Guatemala", employees: 5_000, type: "manufacturer",
            tier: "Bad fit"),
        Case(label: "Germany", country: "Germany", employees: 5_000, type: "manufacturer", tier: "Bad fit"),
        Case(label: "US reseller", country: "USA", employees: 5_000, type: "reseller", tier: "Bad fit"),
        Case(
            label: "US manufacturer outside security", country: "USA", employees: 5_000, type: "manufacturer",
            industry: "Retail", tier: "Bad fit"),
        Case(label: "country unknown", country: nil, employees: 5_000, type: "manufacturer", tier: "Bad fit"),
        Case(label: "size unknown", country: "USA", employees: nil, type: "manufacturer", tier: "Bad fit"),
        Case(label: "business type unknown", country: "USA", employees: 5_000, type: nil, tier: "Bad fit"),
    ]

    @Test("Each account lands in its fit level", arguments: cases)
    func fitLevel(_ c: Case) throws {
        var attributes = CustomAttributes()
        if let type = c.type { attributes["business_type"] = .text(type) }
        let account = Account(
            id: "t", name: c.label, industry: c.industry, employees: c.employees, country: c.country,
            attributes: attributes)
        let score = try ExampleProfile.securitySoftware().fit.score(account, asOf: Demo.asOf)
        #expect(score.tier == c.tier)
        #expect(score.isQualified == (c.tier != "Bad fit"))
    }

    @Test("Do-not-contact knocks a best-fit account out, with the reason")
    func doNotContact() throws {
        let account = Account(
            id: "t", name: "Knocked Out", industry: "Security Software", employees: 900, country: "USA",
            attributes: ["business_type": "manufacturer", "do_not_contact": true])
        let score = try ExampleProfile.securitySoftware().fit.score(account, asOf: Demo.asOf)
        #expect(score.tier == "Bad fit")
        #expect(score.disqualifications == ["marked do not contact"])
        #expect(score.total == 10)
    }

    @Test("A Canadian maker's gap to Best fit is the country requirement")
    func gap() throws {
        let account = Account(
            id: "t", name: "Maple Maker", industry: "Security Software", employees: 900, country: "Canada",
            attributes: ["business_type": "manufacturer"])
        let score = try ExampleProfile.securitySoftware().fit.score(account, asOf: Demo.asOf)
        #expect(score.tier == "Good fit")
        #expect(score.gap?.requirement == "country Canada is not in United States")
        #expect(score.maximum == 11)
        #expect(score.total == 9)
    }
}

@Suite("The demo")
struct DemoTests {
    @Test("The generator is seeded: the same seed gives the same accounts, another seed others")
    func seeded() {
        #expect(SampleAccounts.generate(count: 30, seed: 7) == SampleAccounts.generate(count: 30, seed: 7))
        #expect(SampleAccounts.generate(count: 30, seed: 7) != SampleAccounts.generate(count: 30, seed: 8))
        #expect(SampleAccounts.generate(count: 30).count == 30)
        #expect(Set(SampleAccounts.generate(count: 30).map(\.id)).count == 30)
        #expect(SampleAccounts.generate(count: 0).isEmpty)
    }

    @Test("The ranking follows the matrix: cell priority, then fit tier and points")
    func ranking() throws {
        let profile = try ExampleProfile.securitySoftware()
        let accounts = SampleAccounts.generate()
        let rows = Demo.rank(
            accounts, contacts: SampleAccounts.contacts(for: accounts), with: profile, asOf: Demo.asOf)
        #expect(rows.count == 30)
        for (a, b) in zip(rows, rows.dropFirst()) {
            let pa = a.result.cell?.priority ?? 0
            let pb = b.result.cell?.priority ?? 0
            #expect(pa < pb || (pa == pb && a.score.total >= b.score.total))
        }
        for row in rows {
            // The cell's letter is the fit tier (A Best, B Good, C Bad), its
            // level the engagement tier (1 High … 4 None).
            let letter = ["Best fit": "A", "Good fit": "B", "Bad fit": "C"][row.score.tier]
            let level = ["High": 1, "Medium": 2, "Low": 3, "None": 4][row.result.engagement?.tier ?? ""]
            #expect(row.result.cell?.fitLetter == letter)
            #expect(row.result.cell?.engagementLevel == level)
        }
        let mix = Dictionary(grouping: rows, by: \.score.tier).mapValues(\.count)
        // Cobalt Systems has a state and no country: the state implies the US.
        #expect(mix == ["Best fit": 3, "Good fit": 7, "Bad fit": 20])
    }

    @Test("Each account's committee is its own contacts, and the security leader is missing exactly when none fits")
    func committees() throws {
        let profile = try ExampleProfile.securitySoftware()
        let accounts = SampleAccounts.generate()
        let contacts = SampleAccounts.contacts(for: accounts)
        let matcher = PersonaMatcher(profile.personas)
        for row in Demo.rank(accounts, contacts: contacts, with: profile, asOf: Demo.asOf) {
            let own = contacts.filter { $0.accountID == row.account.id }
            let members = Set(row.committee.roles.flatMap(\.members).map(\.contactID))
            #expect(members.isSubset(of: Set(own.map(\.id))))
            let hasLeader = own.contains {
                let m = matcher.bestMatch(for: $0)
                return m?.persona == "Security leader" && m?.isMatch == true
            }
            #expect(row.committee.missingRequired == (hasLeader ? [] : ["Security leader"]))
        }
    }

    @Test("The example's three personas: a required security leader, IT operations, procurement")
    func personas() throws {
        let profile = try ExampleProfile.securitySoftware()
        #expect(profile.personas.map(\.name) == ["Security leader", "IT operations", "Procurement"])
        #expect(profile.personas.map(\.isRequired) == [true, false, false])
        #expect(profile.cells.count == 12)  // 3 fit tiers × 4 engagement levels
        #expect(profile.cells.first?.name == "A1")
        #expect(profile.cells.last?.name == "C4")
    }

    @Test("Contacts are seeded: two to five per account with unique ids")
    func contacts() {
        let accounts = SampleAccounts.generate()
        let contacts = SampleAccounts.contacts(for: accounts)
        #expect(contacts == SampleAccounts.contacts(for: accounts))
        #expect(contacts != SampleAccounts.contacts(for: accounts, seed: 8))
        #expect(Set(contacts.map(\.id)).count == contacts.count)
        for account in accounts {
            #expect((2...5).contains(contacts.filter { $0.accountID == account.id }.count))
        }
    }

    @Test("The demo text has the header, one row per account, the tier and cell mixes and the top leads")
    func output() throws {
        let text = try Demo.run()
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "Security software makers and distributors (version 2026.3), scored as of 2026-11-23")
        #expect(lines[1] == "Next review due 2026-12-01")
        #expect(lines[3].hasPrefix(" #  Account"))
        #expect(lines[3].hasSuffix("Fit tier        Fit  Engagement   Cell  Committee  Missing required"))
        #expect(lines.contains("Tiers: Best fit 3, Good fit 7, Bad fit 20 of 30 accounts"))
        #expect(lines.filter { $0.contains("Best fit  ") }.count == 3)
        #expect(lines.contains { $0.hasPrefix("Cells, in priority order: ") })
        let profile = try ExampleProfile.securitySoftware()
        let accounts = SampleAccounts.generate()
        let rows = Demo.rank(
            accounts, contacts: SampleAccounts.contacts(for: accounts), with: profile, asOf: Demo.asOf)
        let lacking = rows.filter { !$0.committee.missingRequired.isEmpty }.count
        #expect(lines.contains("Buying committees: \(lacking) of 30 accounts lack a required role"))
        let leadsAt = try #require(lines.firstIndex(of: "Top leads (fit 50%, persona 25%, engagement 25%):"))
        #expect(lines[(leadsAt + 1)...(leadsAt + 5)].allSatisfy { $0.hasPrefix("  ") && $0.contains(" — fit ") })
        #expect(lines.allSatisfy { $0.count <= 140 })
    }

    @Test("Scoring the same accounts from many concurrent tasks gives identical results")
    func concurrentAccounts() async throws {
        let rubric = try ExampleProfile.securitySoftware().fit
        let accounts = SampleAccounts.generate(count: 300, seed: 11)
        let serial = accounts.map { rubric.score($0, asOf: Demo.asOf) }
        let runs = await withTaskGroup(of: [Score].self) { group in
            for task in 0..<12 {
                // Half the tasks score in reverse order: order must not matter either.
                group.addTask {
                    let order = task % 2 == 0 ? accounts : accounts.reversed()
                    let scores = order.map { rubric.score($0, asOf: Demo.asOf) }
                    return task % 2 == 0 ? scores : scores.reversed()
                }
            }
            var all: [[Score]] = []
            for await run in group { all.append(run) }
            return all
        }
        #expect(runs.count == 12)
        for run in runs { #expect(run == serial) }
        #expect(Set(serial.map(\.tier)) == ["Best fit", "Good fit", "Bad fit"])
    }
}

@Suite("Score summaries")
struct SummaryTests {
    @Test("The allocation-free summary agrees with the full score, for fit and engagement")
    func agrees() throws {
        let profile = try ExampleProfile.securitySoftware()
        let context = EvaluationContext(asOf: Demo.asOf)
        for account in SampleAccounts.generate(count: 400, seed: 5) {
            #expect(profile.fit.summary(account, in: context) == ScoreSummary(profile.fit.score(account, in: context)))
            if let e = profile.engagement {
                #expect(e.summary(account, in: context) == ScoreSummary(e.score(account, in: context)))
            }
        }
        let accounts = SampleAccounts.generate(count: 100, seed: 6)
        #expect(
            profile.fit.summarizeAll(accounts, in: context, threads: 2)
                == accounts.map { profile.fit.summary($0, in: context) })
    }
}
