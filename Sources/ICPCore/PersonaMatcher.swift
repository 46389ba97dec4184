/// How far a contact fits one persona, and why.
public struct PersonaMatch: Sendable, Hashable, CustomStringConvertible {
    /// The persona's name.
    public var persona: String
    /// The persona's position in the list the matcher was made with.
    public var personaIndex: Int
    /// How far the contact fits, 0…1: 1 for the right function at an
    /// expected seniority, 0.5 when the seniority is not known, 0.25 one
    /// level away, 0 otherwise.
    public var degree: Double
    /// The title pattern (or `department X`) that named the contact's function, if any.
    public var matchedBy: String?
    /// The sentences behind the degree.
    public var reasons: [String]

    /// Whether the contact counts as this persona: a degree of at least 0.5.
    public var isMatch: Bool { degree >= 0.5 }

    /// `Security leader 100%: title "Head of IT Security" names "Security"; …`.
    public var description: String {
        "\(persona) \(ValueFormat.percent.format(degree)): " + reasons.joined(separator: "; ")
    }
}

/// Matches contacts to personas, with the patterns read once.
///
/// The rule, for each persona:
///
/// 1. **Function.** The contact's title must name one of the persona's
///    title patterns: the pattern's function words appear together and in
///    order among the title's (the most specific such pattern is reported) (`Security` is in `Head of IT Security`;
///    `Chief Information Officer` is not in `CISO`, which reads
///    `Chief Information Security Officer`). A contact's department that
///    contains the persona's department also names the function. A persona
///    with neither title patterns nor a department skips this step.
/// 2. **Seniority.** Against ``Persona/expectedSeniorities``: any, or one
///    of them → 1; not known → 0.5; one level away → 0.25; further → 0.
///
/// The degree is the seniority factor when the function is named, else 0.
/// A contact counts as a persona at a degree of 0.5 or more.
///
/// ```swift
/// let matcher = PersonaMatcher(profile.personas)
/// matcher.bestMatch(for: dana)?.persona   // "Security leader"
/// matcher.coverage(of: acmeContacts).missingRequired   // ["Procurement"]
/// ```
public struct PersonaMatcher: Sendable {
    /// The personas, in the order given.
    public let personas: [Persona]
    private let prepared: [Prepared]

    private struct Pattern: Sendable {
        let text: String
        let function: Phrase
        let seniority: Seniority?
    }

    private struct Prepared: Sendable {
        let patterns: [Pattern]
        let department: Phrase?
        let expected: Set<Seniority>
        let expectedText: String
    }

    /// Reads the personas' patterns.
    public init(_ personas: [Persona]) {
        self.personas = personas
        self.prepared = personas.map { persona in
            let expected = persona.expectedSeniorities
            let department = persona.department.map(Phrase.init).flatMap { $0.words.isEmpty ? nil : $0 }
            return Prepared(
                patterns: persona.titles.compactMap { text in
                    let title = JobTitle(text)
                    return title.function.words.isEmpty
                        ? nil : Pattern(text: text, function: title.function, seniority: title.seniority)
                },
                department: department,
                expected: expected,
                expectedText: Wording.join(expected.sorted(by: >).map(\.description), "or"))
        }
    }

    /// The contact against every persona, in persona order.
    public func matches(for contact: Contact) -> [PersonaMatch] {
        personas.indices.map { match(contact, persona: $0) }
    }

    /// The persona the contact fits best (highest degree, the earlier
    /// persona on a tie), or `nil` when it fits none at all.
    public func bestMatch(for contact: Contact) -> PersonaMatch? {
        best(for: contact).map { explain(contact, persona: $0.index, $0.grade) }
    }

    /// The best persona's degree alone (0 when none fits), without building
    /// any text: the fast path for bulk scoring.
    public func bestDegree(for contact: Contact) -> Double {
        best(for: contact)?.grade.degree ?? 0
    }

    /// The contact against one persona, by its position.
    public func match(_ contact: Contact, persona index: Int) -> PersonaMatch {
        explain(contact, persona: index, grade(contact, persona: index))
    }

    /// How the function was named.
    private enum FunctionHit {
        case title(Pattern)
        case department(String)
        case missed
        case notAsked
        case nothingToMatch
    }

    /// How the seniority compares with the expected ones.
    private enum SeniorityFit {
        case any
        case unknown
        case expected(Seniority)
        case near(Seniority)
        case far(Seniority)

        var factor: Double {
            switch self {
            case .any, .expected: 1
            case .unknown: 0.5
            case .near: 0.25
            case .far: 0
            }
        }
    }

    private struct Grade {
        let function: FunctionHit
        let seniority: SeniorityFit?
        var degree: Double { seniority?.factor ?? 0 }
    }

    private func best(for contact: Contact) -> (index: Int, grade: Grade)? {
        var best: (index: Int, grade: Grade)?
        for i in personas.indices {
            let g = grade(contact, persona: i)
            if g.degree > (best?.grade.degree ?? 0) { best = (i, g) }
        }
        return best
    }

    /// The degree's ingredients, with no text built.
    private func grade(_ contact: Contact, persona index: Int) -> Grade {
        let p = prepared[index]
        let function: FunctionHit
        if !p.patterns.isEmpty || p.department != nil {
            if let title = contact.jobTitle, let hit = PersonaMatcher.mostSpecific(p.patterns, in: title) {
                function = .title(hit)
            } else if let wanted = p.department, let department = contact.department,
                Phrase(department).contains(wanted)
            {
                function = .department(department)
            } else {
                return Grade(function: .missed, seniority: nil)
            }
        } else if p.expected.isEmpty {
            return Grade(function: .nothingToMatch, seniority: nil)
        } else {
            function = .notAsked
        }
        guard !p.expected.isEmpty else { return Grade(function: function, seniority: .any) }
        guard let seniority = contact.effectiveSeniority else { return Grade(function: function, seniority: .unknown) }
        if p.expected.contains(seniority) { return Grade(function: function, seniority: .expected(seniority)) }
        let distance = p.expected.map { abs($0.level - seniority.level) }.min() ?? 0
        return Grade(function: function, seniority: distance == 1 ? .near(seniority) : .far(seniority))
    }

    /// The grade in words.
    private func explain(_ contact: Contact, persona index: Int, _ grade: Grade) -> PersonaMatch {
        let persona = personas[index]
        let p = prepared[index]
        var reasons: [String] = []
        var matchedBy: String?
        switch grade.function {
        case .title(let hit):
            matchedBy = hit.text
            reasons.append("title \"\(contact.title ?? "")\" names \"\(hit.text)\"")
        case .department(let department):
            matchedBy = "department \(persona.department ?? "")"
            reasons.append("department \(department) is \(persona.department ?? "")")
        case .missed:
            let titleText = contact.title.map { "title \"\($0)\"" } ?? "no title"
            let wanted =
                persona.titles.isEmpty
                ? "department \(persona.department ?? "")" : Wording.join(persona.titles.map { "\"\($0)\"" }, "or")
            reasons.append("\(titleText) names none of \(wanted)")
        case .nothingToMatch:
            reasons.append("the persona has no titles, department or seniority to match")
        case .notAsked:
            break
        }
        switch grade.seniority {
        case .unknown?:
            reasons.append("seniority not known (expected \(p.expectedText))")
        case .expected(let s)?:
            reasons.append("seniority \(s) is \(p.expected.count == 1 ? "" : "one of ")\(p.expectedText)")
        case .near(let s)?:
            let direction = p.expected.contains { $0 > s } ? "below" : "above"
            reasons.append("seniority \(s) is one level \(direction) \(p.expectedText)")
        case .far(let s)?:
            reasons.append("seniority \(s) is not \(p.expectedText)")
        case .any?, nil:
            break
        }
        return PersonaMatch(
            persona: persona.name, personaIndex: index, degree: grade.degree, matchedBy: matchedBy, reasons: reasons)
    }

    /// Of the patterns whose function the title names, the one with the
    /// most function words, then the one stating the title's seniority,
    /// then the first.
    private static func mostSpecific(_ patterns: [Pattern], in title: JobTitle) -> Pattern? {
        var best: Pattern?
        var bestRank = (-1, -1)
        for pattern in patterns where title.function.contains(pattern.function) {
            let sameLevel = title.seniority != nil && pattern.seniority == title.seniority
            let rank = (pattern.function.words.count, sameLevel ? 1 : 0)
            if rank > bestRank {
                best = pattern
                bestRank = rank
            }
        }
        return best
    }

    /// An account's buying committee: each contact counts for the persona it
    /// fits best (when it counts as that persona), and the roles are checked
    /// against the personas.
    public func coverage(of contacts: some Sequence<Contact>) -> CommitteeCoverage {
        var members = [[CommitteeCoverage.Member]](repeating: [], count: personas.count)
        var unmatched: [String] = []
        for contact in contacts {
            if let best = bestMatch(for: contact), best.isMatch {
                members[best.personaIndex].append(
                    CommitteeCoverage.Member(
                        contactID: contact.id, name: contact.name, title: contact.title, degree: best.degree))
            } else {
                unmatched.append(contact.id)
            }
        }
        let roles = personas.indices.map { i in
            CommitteeCoverage.Role(
                persona: personas[i].name, isRequired: personas[i].isRequired,
                roleWeight: personas[i].roleWeight, members: members[i])
        }
        return CommitteeCoverage(roles: roles, unmatchedContactIDs: unmatched)
    }
}

/// Which of a profile's personas an account's contacts cover.
public struct CommitteeCoverage: Sendable, Hashable, CustomStringConvertible {
    /// A contact who fills a role.
    public struct Member: Sendable, Hashable {
        /// The contact's id.
        public var contactID: String
        /// The contact's name.
        public var name: String
        /// The contact's title.
        public var title: String?
        /// How far the contact fits the role.
        public var degree: Double
    }

    /// One persona on the committee and the contacts who fill it.
    public struct Role: Sendable, Hashable {
        /// The persona's name.
        public var persona: String
        /// Whether the committee needs this role.
        public var isRequired: Bool
        /// The role's weight.
        public var roleWeight: Double
        /// The contacts who fill it, in the order given.
        public var members: [Member]

        /// Whether some contact fills the role.
        public var isCovered: Bool { !members.isEmpty }
    }

    /// The roles, in persona order.
    public var roles: [Role]
    /// The contacts who fill no role.
    public var unmatchedContactIDs: [String]

    /// Creates a coverage report.
    public init(roles: [Role], unmatchedContactIDs: [String]) {
        self.roles = roles
        self.unmatchedContactIDs = unmatchedContactIDs
    }

    /// The required roles nobody fills.
    public var missingRequired: [String] { roles.filter { $0.isRequired && !$0.isCovered }.map(\.persona) }

    /// The covered roles' share of the total role weight, 0…1; 0 when there
    /// are no roles. Negative or non-finite weights count as 0.
    public var completeness: Double {
        func weight(_ r: Role) -> Double { r.roleWeight.isFinite ? max(0, r.roleWeight) : 0 }
        let total = roles.reduce(0) { $0 + weight($1) }
        guard total > 0 else { return 0 }
        return roles.filter(\.isCovered).reduce(0) { $0 + weight($1) } / total
    }

    /// Whether every required role is filled.
    public var hasRequiredRoles: Bool { missingRequired.isEmpty }

    /// `2 of 3 roles, 75% by weight; missing required: Security leader`.
    public var description: String {
        let covered = roles.filter(\.isCovered).count
        var text = "\(covered) of \(roles.count) roles, \(ValueFormat.percent.format(completeness)) by weight"
        if !missingRequired.isEmpty { text += "; missing required: " + missingRequired.joined(separator: ", ") }
        return text
    }
}
