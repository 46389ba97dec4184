import ICPCore
import Testing

/// Personas of a security-software vendor selling to mid-market companies,
/// plus a revenue leader for titles from sales.
enum TestPersonas {
    static let securityLeader = Persona(
        name: "Security leader",
        titles: ["CISO", "Head of Security", "VP Security", "Security Director", "Information Security"],
        department: "Security", roleWeight: 2, isRequired: true)
    static let itOperations = Persona(
        name: "IT operations", titles: ["IT Operations", "IT Manager", "Infrastructure", "Systems Administrator"],
        department: "IT")
    static let procurement = Persona(
        name: "Procurement", titles: ["Procurement", "Purchasing", "Sourcing"], isRequired: true)
    static let revenueLeader = Persona(
        name: "Revenue leader", titles: ["Sales", "Revenue Operations"], seniorities: Seniority.atLeast(.director))

    static let all = [securityLeader, itOperations, procurement, revenueLeader]
    static let matcher = PersonaMatcher(all)
}

@Suite("Job titles")
struct JobTitleTests {
    @Test(
        "Seniority and function words, abbreviations written out",
        arguments: [
            ("VP of Sales", Seniority.vp, "sales"),
            ("Sr. Director, Revenue Operations", .director, "revenue operations"),
            ("Head of IT Security", .director, "it security"),
            ("CISO", .cLevel, "information security officer"),
            ("Chief Information Security Officer", .cLevel, "information security officer"),
            ("Marketing Coordinator", .individualContributor, "marketing coordinator"),
            ("IT Ops Manager", .manager, "it operations"),
            ("Procurement Lead", .manager, "procurement"),
            ("SVP, RevOps", .vp, "revenue operations"),
            ("V.P. Engineering", .vp, "engineering"),
            ("Co-Founder & CEO", .cLevel, "executive officer"),
            ("Managing Director", .cLevel, ""),
            ("Account Executive", .individualContributor, "account executive"),
            ("Dir. InfoSec", .director, "information security"),
            ("Security Analyst", .individualContributor, "security analyst"),
        ] as [(String, Seniority, String)])
    func read(title: String, seniority: Seniority, function: String) {
        let t = JobTitle(title)
        #expect(t.seniority == seniority)
        #expect(t.function.description == function)
    }

    @Test("A title without a level word states no seniority")
    func noLevel() {
        #expect(JobTitle("Procurement").seniority == nil)
        #expect(JobTitle("").function.words.isEmpty)
    }

    @Test("Phrases contain others together and in order")
    func phrases() {
        #expect(Phrase("Manual compliance reporting").contains(Phrase("compliance reporting")))
        #expect(!Phrase("reporting of compliance").contains(Phrase("compliance reporting")))
        #expect(!Phrase("compliance").contains(Phrase("")))
        #expect(!Phrase("it").contains(Phrase("it security")))
    }
}

@Suite("Persona matching")
struct PersonaMatchTests {
    @Test(
        "Real titles find their persona, or none",
        arguments: [
            ("VP of Sales", "Revenue leader", 1.0),
            ("Sr. Director, Revenue Operations", "Revenue leader", 1),
            ("Head of IT Security", "Security leader", 1),
            ("CISO", "Security leader", 1),
            ("Chief Information Security Officer", "Security leader", 1),
            ("IT Ops Manager", "IT operations", 1),
            ("Procurement Lead", "Procurement", 1),
            ("Purchasing Manager", "Procurement", 1),
            ("Director of Information Security", "Security leader", 1),
            ("Security", "Security leader", 0.5),  // seniority not known
            ("Security Manager", "Security leader", 0.25),  // one level below director
            ("Marketing Coordinator", nil, 0),
            ("Sales Development Representative", nil, 0),  // an individual contributor
            ("Security Engineer", nil, 0),
            ("Chief Information Officer", nil, 0),  // not "Chief Information Security Officer"
            ("Office Manager", nil, 0),
        ] as [(String, String?, Double)])
    func best(title: String, persona: String?, degree: Double) {
        let contact = Contact(id: "c", name: "C", title: title)
        let match = TestPersonas.matcher.bestMatch(for: contact)
        #expect(match?.persona == persona)
        #expect((match?.degree ?? 0) == degree)
        #expect((match?.isMatch ?? false) == (degree >= 0.5))
    }

    @Test("Reasons say which pattern and which seniority")
    func reasons() {
        let dana = Contact(id: "c1", name: "Dana", title: "Head of IT Security")
        let m = TestPersonas.matcher.match(dana, persona: 0)
        #expect(m.matchedBy == "Head of Security")
        #expect(
            m.reasons == [
                "title \"Head of IT Security\" names \"Head of Security\"",
                "seniority director is one of C-level, VP or director",
            ])
        let director = Contact(id: "c4", name: "D", title: "Director of Information Security")
        #expect(TestPersonas.matcher.match(director, persona: 0).matchedBy == "Information Security")
        let manager = TestPersonas.matcher.match(Contact(id: "c2", name: "M", title: "Security Manager"), persona: 0)
        #expect(manager.reasons.last == "seniority manager is one level below C-level, VP or director")
        let none = TestPersonas.matcher.match(Contact(id: "c3", name: "N", title: "Marketing Coordinator"), persona: 2)
        #expect(
            none.reasons == [
                "title \"Marketing Coordinator\" names none of \"Procurement\", \"Purchasing\" or \"Sourcing\""
            ])
    }

    @Test("Derived and given seniorities")
    func seniorities() {
        #expect(TestPersonas.securityLeader.expectedSeniorities == [.cLevel, .vp, .director])
        #expect(TestPersonas.procurement.expectedSeniorities.isEmpty)
        #expect(TestPersonas.revenueLeader.expectedSeniorities == [.director, .vp, .cLevel])
        #expect(Seniority.atLeast(.manager).count == 4)
    }

    @Test("A recorded seniority wins over the title's; a department names the function")
    func recordedFields() {
        let recorded = Contact(id: "r", name: "R", title: "Security Lead", seniority: .director)
        #expect(TestPersonas.matcher.bestMatch(for: recorded)?.degree == 1)
        let byDepartment = Contact(id: "d", name: "D", title: "Director", department: "Information Security")
        let m = TestPersonas.matcher.bestMatch(for: byDepartment)
        #expect(m?.persona == "Security leader")
        #expect(m?.matchedBy == "department Security")
        #expect(TestPersonas.matcher.bestMatch(for: Contact(id: "n", name: "No title")) == nil)
    }
}

@Suite("Buying committees")
struct CommitteeTests {
    static let contacts = [
        Contact(id: "c1", accountID: "a", name: "Dana Reyes", title: "CISO"),
        Contact(id: "c2", accountID: "a", name: "Lee Park", title: "Marketing Coordinator"),
        Contact(id: "c3", accountID: "a", name: "Sam Ortiz", title: "IT Ops Manager"),
        Contact(id: "c4", accountID: "a", name: "Ana Silva", title: "Head of Security"),
    ]

    @Test("Coverage names who fills each role, the missing required roles and a weighted completeness")
    func coverage() {
        let personas = [TestPersonas.securityLeader, TestPersonas.itOperations, TestPersonas.procurement]
        let c = PersonaMatcher(personas).coverage(of: Self.contacts)
        #expect(c.roles.map(\.persona) == ["Security leader", "IT operations", "Procurement"])
        #expect(c.roles[0].members.map(\.contactID) == ["c1", "c4"])
        #expect(c.roles[1].members.map(\.contactID) == ["c3"])
        #expect(c.roles[2].members.isEmpty)
        #expect(c.missingRequired == ["Procurement"])
        #expect(c.completeness == 0.75)  // (2 + 1) of (2 + 1 + 1)
        #expect(c.unmatchedContactIDs == ["c2"])
        #expect(!c.hasRequiredRoles)
        #expect(c.description == "2 of 3 roles, 75% by weight; missing required: Procurement")
    }

    @Test("A full committee, an empty one, and no personas")
    func edges() {
        let personas = [TestPersonas.securityLeader, TestPersonas.procurement]
        let buyer = Contact(id: "c5", name: "Kim", title: "Procurement Lead")
        let full = PersonaMatcher(personas).coverage(of: Self.contacts + [buyer])
        #expect(full.completeness == 1)
        #expect(full.missingRequired.isEmpty)
        let empty = PersonaMatcher(personas).coverage(of: [])
        #expect(empty.completeness == 0)
        #expect(empty.missingRequired == ["Security leader", "Procurement"])
        #expect(PersonaMatcher([]).coverage(of: Self.contacts).completeness == 0)
    }
}

@Suite("Fit × engagement matrix")
struct MatrixTests {
    @Test("The default order: by the sum of ranks, better fit first")
    func defaultOrder() {
        #expect(
            EngagementMatrix.defaultOrder(fitTiers: 4, engagementTiers: 4) == [
                "A1", "A2", "B1", "A3", "B2", "C1", "A4", "B3", "C2", "D1", "B4", "C3", "D2", "C4", "D3", "D4",
            ])
        #expect(EngagementMatrix.defaultOrder(fitTiers: 3, engagementTiers: 2) == ["A1", "A2", "B1", "B2", "C1", "C2"])
    }

    @Test("A custom order lists its cells first, the rest follow in the default order")
    func customOrder() throws {
        let m = try EngagementMatrix(priority: ["b1", "A1", "C1"])
        #expect(
            m.cells(fitTiers: 3, engagementTiers: 2).map(\.name) == ["B1", "A1", "C1", "A2", "B2", "C2"])
        #expect(m.cells(fitTiers: 3, engagementTiers: 2).map(\.priority) == [1, 2, 3, 4, 5, 6])
        #expect(m.description == "B1, A1, C1, then default")
    }

    @Test(
        "Bad priority lists are refused, naming the entry",
        arguments: [
            (
                ["A1", "11"],
                "matrix priority[1]: \"11\" is not a cell; expected a fit letter and an engagement level, e.g. A1"
            ),
            (
                ["A0"],
                "matrix priority[0]: \"A0\" is not a cell; expected a fit letter and an engagement level, e.g. A1"
            ),
            (["A1", "B2", "a1"], "matrix priority[2]: \"a1\" is listed twice"),
            ([""], "matrix priority[0]: \"\" is not a cell; expected a fit letter and an engagement level, e.g. A1"),
        ] as [([String], String)])
    func bad(priority: [String], message: String) {
        #expect(throws: (any Error).self) { try EngagementMatrix(priority: priority) }
        do {
            _ = try EngagementMatrix(priority: priority)
        } catch let error as MatrixError {
            #expect(error.description == message)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    static func profile(matrix: EngagementMatrix = EngagementMatrix()) throws -> Profile<FactSheet> {
        let fit = try Rubric<FactSheet>(
            "fit", tiers: [Tier("A", minimum: .ratio(0.8)), Tier("B", minimum: .ratio(0.5)), Tier("C")]
        ) {
            fact("fits").points(10)
        }
        let engagement = try Rubric<FactSheet>(
            "engagement",
            tiers: [
                Tier("1", minimum: .ratio(0.75)), Tier("2", minimum: .ratio(0.5)), Tier("3", minimum: .ratio(0.25)),
                Tier("4"),
            ]
        ) {
            fact("engaged").points(4)
        }
        return Profile(name: "p", fit: fit, engagement: engagement, matrix: matrix)
    }

    @Test(
        "A subject's cell and priority",
        arguments: [
            (1.0, 1.0, "A1", 1), (1, 0.5, "A2", 2), (0.6, 1, "B1", 3), (0.6, 0.3, "B3", 8), (0, 0, "C4", 12),
        ] as [(Double, Double, String, Int)])
    func cell(fits: Double, engaged: Double, name: String, priority: Int) throws {
        let s = try Self.profile().score(FactSheet("x", ["fits": fits, "engaged": engaged]), asOf: asOf)
        #expect(s.cell?.name == name)
        #expect(s.cell?.priority == priority)
    }

    @Test("A custom order changes priorities; no engagement rubric, no cell")
    func profileOrder() throws {
        let p = try Self.profile(matrix: EngagementMatrix(priority: ["B1"]))
        #expect(p.cells.prefix(3).map(\.name) == ["B1", "A1", "A2"])
        let s = p.score(FactSheet("x", ["fits": 0.6, "engaged": 1]), asOf: asOf)
        #expect(s.cell?.priority == 1)
        var noEngagement = p
        noEngagement.engagement = nil
        #expect(noEngagement.score(FactSheet("x", ["fits": 1]), asOf: asOf).cell == nil)
        #expect(noEngagement.cells.isEmpty)
    }
}

@Suite("Lead scores")
struct LeadScoreTests {
    static func profile(contactEngagement: Bool) throws -> Profile<FactSheet> {
        let fit = try Rubric<FactSheet>("fit", threshold: nil) { fact("fits").points(10) }
        let engagement = try Rubric<Contact>("contact engagement") {
            NamedContactCheck(name: "has email").points(2)
        }
        return Profile(
            name: "p", fit: fit, personas: TestPersonas.all,
            contactEngagement: contactEngagement ? engagement : nil)
    }

    @Test(
        "Fit, persona and engagement weighed 2 : 1 : 1",
        arguments: [
            ("CISO", "dana@acme.com", 0.8, true, 90.0),  // 100 × (0.5×0.8 + 0.25×1 + 0.25×1)
            ("CISO", nil, 0.8, true, 65),  // engagement 0
            ("Security Manager", nil, 0.8, true, 46.25),  // persona 0.25
            ("Marketing Coordinator", "m@acme.com", 0.8, true, 65),  // persona 0
            ("CISO", nil, 0.8, false, 100 * 0.65 / 0.75),  // no engagement rubric: 2 : 1
        ] as [(String, String?, Double, Bool, Double)])
    func value(title: String, email: String?, fits: Double, engagement: Bool, expected: Double) throws {
        let p = try Self.profile(contactEngagement: engagement)
        let account = p.fit.score(FactSheet("Acme", ["fits": fits]), asOf: asOf)
        let contact = Contact(id: "c", name: "Dana", title: title, email: email)
        let lead = p.leadScore(contact, accountFit: account, in: EvaluationContext(asOf: asOf))
        #expect(abs(lead.value - expected) < 1e-9)
    }

    @Test("An unknown or disqualified account counts 0 fit; the description names the parts")
    func parts() throws {
        let p = try Self.profile(contactEngagement: true)
        let dana = Contact(id: "c", name: "Dana Reyes", title: "CISO", email: "dana@acme.com")
        let lead = p.leadScore(dana, accountFit: nil, in: EvaluationContext(asOf: asOf))
        #expect(lead.value == 50)
        #expect(lead.description == "Dana Reyes (CISO): 50 — fit 0%, Security leader 100%, engagement 100%")
        let knockOut = try Rubric<FactSheet>("fit") {
            fact("fits").points(10)
            fact("blocked").disqualifies(because: "blocked")
        }
        let out = knockOut.score(FactSheet("x", ["fits": 1, "blocked": 1]), asOf: asOf)
        #expect(p.leadScore(dana, accountFit: out, in: EvaluationContext(asOf: asOf)).fit == 0)
        #expect(
            LeadScore(
                contact: dana, accountFit: nil, persona: nil, hasPersonas: false, engagement: nil,
                weights: LeadScoring(fitWeight: 0, personaWeight: 0, engagementWeight: 0)
            ).value == 0)
    }
}

/// A contact criterion: the contact has an email address.
struct NamedContactCheck: Criterion {
    let name: String
    var category: SignalCategory { .behavioral }
    func evaluate(_ contact: Contact, in context: EvaluationContext) -> Evaluation {
        .known(contact.email != nil, evidence: [], met: "has an email", unmet: "no email")
    }
}
