import ICPCore

/// What an account runs: uses any, all or none of a list of technologies,
/// and how many it runs from a category.
///
/// Names go through a ``TechnologyCatalog`` (``TechnologyCatalog/standard``
/// unless another is given), so `"salesforce.com"` on an account matches
/// `TechStack.usesAny("Salesforce")`. An account with no technologies
/// listed is unknown, not "uses none": an empty stack in a CRM means nobody
/// looked.
///
/// ```swift
/// TechStack.usesAny("Salesforce", "HubSpot").points(2)
/// TechStack.usesNone("Competitor X").points(1)
/// TechStack.count(inCategory: "Security").bands(.atLeast(3, points: 2), .atLeast(1, points: 1))
/// ```
public enum TechStack {
    /// Holds when the account uses at least one of the technologies.
    public static func usesAny(_ names: String..., catalog: TechnologyCatalog = .standard) -> TechnologyCriterion<
        Account
    > {
        account(.any, names, catalog)
    }

    /// Holds when the account uses every one of the technologies.
    public static func usesAll(_ names: String..., catalog: TechnologyCatalog = .standard) -> TechnologyCriterion<
        Account
    > {
        account(.all, names, catalog)
    }

    /// Holds when the account uses none of the technologies.
    public static func usesNone(_ names: String..., catalog: TechnologyCatalog = .standard) -> TechnologyCriterion<
        Account
    > {
        account(.none, names, catalog)
    }

    static func account(
        _ match: TechnologyCriterion<Account>.Match, _ names: [String], _ catalog: TechnologyCatalog
    )
        -> TechnologyCriterion<Account>
    {
        var criterion = TechnologyCriterion(
            match, names, catalog: catalog, read: { $0.sortedTechnologyKeys }, written: { $0.technologies })
        criterion.lend = { $0.technologyKeysView }
        criterion.condition = .items(.field(.technologies), groups: criterion.groups, match.itemsTest)
        if catalog == .standard {
            criterion.specification = Specification("technologies", [match.rawValue: .strings(names)])
        }
        return criterion
    }

    /// The number of distinct technologies the account runs from a category
    /// of the catalog, as a signal.
    public static func count(inCategory category: String, catalog: TechnologyCatalog = .standard) -> CategoryCount<
        Account
    > {
        var signal = CategoryCount<Account>(category: category, catalog: catalog) { $0.sortedTechnologyKeys }
        signal.lend = { $0.technologyKeysView }
        signal.operand = .matches(
            .field(.technologies), groups: KeyPositions.groups(catalog.keys(inCategory: category)))
        if catalog == .standard {
            signal.specification = Specification("technology_count", ["category": .string(category)])
        }
        return signal
    }

    /// A technology criterion over a host type's list of technology names.
    public static func uses<Subject>(
        _ match: TechnologyCriterion<Subject>.Match, _ names: [String],
        in technologies: any KeyPath<Subject, [String]> & Sendable,
        catalog: TechnologyCatalog = .standard
    ) -> TechnologyCriterion<Subject> {
        TechnologyCriterion(
            match, names, catalog: catalog, read: { SortedKeys($0[keyPath: technologies].map { NameKey($0) }) },
            written: { Set($0[keyPath: technologies]) })
    }
}

/// Holds when a subject uses any, all or none of a list of technologies.
/// Each name's aliases are gathered when the criterion is built.
public struct TechnologyCriterion<Subject>: Criterion {
    /// How the list is matched.
    public enum Match: String, Sendable, Hashable, Codable {
        /// At least one.
        case any
        /// Every one.
        case all
        /// Not one.
        case none

        /// The same test over a list's groups.
        var itemsTest: Condition.ItemsTest {
            switch self {
            case .any: .any
            case .all: .all
            case .none: .none
            }
        }
    }

    /// How the list is matched.
    public let match: Match
    /// The technologies, by canonical name.
    public let technologies: [String]
    /// Every name's keys (with its aliases'), each standing for its
    /// position in ``technologies``.
    private let targets: KeyPositions
    private let read: @Sendable (Subject) -> SortedKeys
    /// The subject's keys read in place, when the subject keeps them
    /// (`Account`): what ``degree(of:in:)`` reads, retaining nothing.
    fileprivate var lend: (@Sendable (Subject) -> SortedKeys.View)?
    private let written: @Sendable (Subject) -> Set<String>
    /// How the criterion is written in a profile file (`Account` criteria
    /// with the standard catalog only).
    public internal(set) var specification: Specification?
    /// The tech stack against the technologies and their aliases, for `Account`.
    public internal(set) var condition: Condition?
    /// Each technology's folded names (its aliases), in order.
    let groups: [Set<NameKey>]

    /// - Parameters:
    ///   - read: The subject's technologies, folded, for matching.
    ///   - written: The same technologies as written, for evidence only.
    init(
        _ match: Match, _ names: [String], catalog: TechnologyCatalog,
        read: @escaping @Sendable (Subject) -> SortedKeys, written: @escaping @Sendable (Subject) -> Set<String>
    ) {
        self.match = match
        self.read = read
        self.written = written
        var canonical: [String] = []
        var byKey: [NameKey: Int] = [:]
        for name in names {
            let c = catalog.canonicalName(for: name)
            if canonical.contains(c) { continue }
            canonical.append(c)
            for key in catalog.keys(for: name) { byKey[key] = canonical.count - 1 }
        }
        self.technologies = canonical
        self.targets = KeyPositions(byKey)
        self.groups = KeyPositions.groups(byKey, count: canonical.count)
        self.listText = Wording.join(canonical, match == .all ? "and" : "or")
    }

    private let listText: String  // "Salesforce or HubSpot"; "and" for all-of

    /// `uses Salesforce`, `uses any of Salesforce or HubSpot`, `uses none of Competitor X`.
    public var name: String {
        switch match {
        case .any:
            technologies.count == 1 ? "uses \(technologies[0])" : "uses any of \(Wording.join(technologies, "or"))"
        case .all:
            technologies.count == 1 ? "uses \(technologies[0])" : "uses all of \(Wording.join(technologies, "and"))"
        case .none:
            technologies.count == 1
                ? "does not use \(technologies[0])" : "uses none of \(Wording.join(technologies, "or"))"
        }
    }

    /// Technographic.
    public var category: SignalCategory { .technographic }

    private func matched(_ keys: SortedKeys.View) -> [Bool] {
        var found = [Bool](repeating: false, count: technologies.count)
        targets.forEachPosition(of: keys) { i in
            found[i] = true
            return false
        }
        return found
    }

    private func degree(_ found: [Bool]) -> Double {
        switch match {
        case .any: found.contains(true) ? 1 : 0
        case .all: found.allSatisfy { $0 } ? 1 : 0
        case .none: found.contains(true) ? 0 : 1
        }
    }

    /// The degree without text; `nil` when no technologies are listed.
    /// Allocates nothing for any-of and none-of, nor for all-of up to 64
    /// technologies, and hashes nothing: the subject's keys and the
    /// criterion's meet in one ordered pass.
    public func degree(of subject: Subject, in context: EvaluationContext) -> Double? {
        if let lend { return degree(of: lend(subject)) }
        return read(subject).withView { degree(of: $0) }
    }

    /// The degree for the subject's keys.
    private func degree(of keys: SortedKeys.View) -> Double? {
        guard !keys.isEmpty else { return nil }
        switch match {
        case .any, .none:
            var found = false
            targets.forEachPosition(of: keys) { _ in
                found = true
                return true
            }
            return found == (match == .any) ? 1 : 0
        case .all:
            guard technologies.count <= 64 else { return degree(matched(keys)) }
            var found: UInt64 = 0
            targets.forEachPosition(of: keys) { i in
                found |= 1 << UInt64(i)
                return false
            }
            return found.nonzeroBitCount == technologies.count ? 1 : 0
        }
    }

    /// Evaluates with evidence and sentences.
    public func evaluate(_ subject: Subject, in context: EvaluationContext) -> Evaluation {
        let keys = read(subject)
        let list = listText
        guard !keys.isEmpty else {
            let (met, unmet): (String, String) =
                switch match {
                case .any: ("uses \(list)", "uses none of \(list)")
                case .all: ("uses \(list)", "does not use all of \(list)")
                case .none: ("uses none of \(list)", "uses \(list)")
                }
            return .unknown(
                missing: ["technologies"], evidence: [Observation("technologies", "unknown")], met: met, unmet: unmet)
        }
        let found = keys.withView { matched($0) }
        let used = technologies.indices.filter { found[$0] }.map { technologies[$0] }
        let unused = technologies.indices.filter { !found[$0] }.map { technologies[$0] }
        let shown = written(subject).sorted { $0.lowercased() < $1.lowercased() }
        let evidence = [Observation("technologies", shown.joined(separator: "; "))]
        let usedText = "uses \(Wording.join(used.isEmpty ? technologies : used, "and"))"
        let noneText = technologies.count == 1 ? "does not use \(list)" : "uses none of \(list)"
        let missingText = "does not use \(Wording.join(unused.isEmpty ? technologies : unused, "or"))"
        let (met, unmet): (String, String) =
            switch match {
            case .any: (usedText, noneText)
            case .all: (usedText, missingText)
            case .none: (noneText, usedText)
            }
        return .known(degree(found), evidence: evidence, met: met, unmet: unmet)
    }
}

/// The number of distinct technologies of one catalog category a subject
/// runs, as a signal: unknown when no technologies are listed.
public struct CategoryCount<Subject>: Signal {
    /// The category, as given.
    public let categoryName: String
    /// The category's keys, each standing for its catalog entry.
    private let entries: KeyPositions
    private let read: @Sendable (Subject) -> SortedKeys
    /// The subject's keys read in place, when the subject keeps them
    /// (`Account`), as for ``TechnologyCriterion``.
    fileprivate var lend: (@Sendable (Subject) -> SortedKeys.View)?
    /// How the signal is written in a profile file (`Account` signals with
    /// the standard catalog only).
    public internal(set) var specification: Specification?
    /// How many of the category's technologies the stack has, for `Account`.
    public internal(set) var operand: Operand?

    /// - Parameter read: The subject's technologies, folded.
    init(category: String, catalog: TechnologyCatalog, read: @escaping @Sendable (Subject) -> SortedKeys) {
        self.categoryName = category
        self.entries = KeyPositions(catalog.keys(inCategory: category))
        self.read = read
    }

    /// `Security technologies`.
    public var name: String { "\(categoryName) technologies" }

    /// Technographic.
    public var category: SignalCategory { .technographic }

    /// The count of distinct catalog entries of the category among the subject's technologies.
    public func measure(_ subject: Subject, in context: EvaluationContext) -> Double? {
        if let lend { return measure(lend(subject)) }
        return read(subject).withView { measure($0) }
    }

    /// The count among the subject's keys.
    private func measure(_ keys: SortedKeys.View) -> Double? {
        guard !keys.isEmpty else { return nil }
        // Distinct entries counted in a bit set while they fit in one word.
        var small: UInt64 = 0
        var seen: Set<Int>?  // entries from 64 on, made only when one is met
        entries.forEachPosition(of: keys) { e in
            if e < 64 {
                small |= 1 << UInt64(e)
            } else {
                seen = (seen ?? []).union([e])
            }
            return false
        }
        return Double(small.nonzeroBitCount + (seen?.count ?? 0))
    }
}

/// Folded keys, each standing for a position (a technology of a
/// criterion, an entry of the catalog), met with a subject's keys in one
/// ordered pass.
private struct KeyPositions: Sendable {
    /// The keys at each position: `count` groups when given (a position
    /// with no key left is an empty group, never met), else one group per
    /// position used, in order.
    static func groups(_ positionByKey: [NameKey: Int], count: Int? = nil) -> [Set<NameKey>] {
        var groups = [Set<NameKey>](
            repeating: [], count: max(count ?? 0, (positionByKey.values.max() ?? -1) + 1))
        for (key, i) in positionByKey { groups[i].insert(key) }
        return count == nil ? groups.filter { !$0.isEmpty } : groups
    }

    private let keys: SortedKeys
    private let positions: [Int]  // in the order of `keys`

    init(_ positionByKey: [NameKey: Int]) {
        keys = SortedKeys(positionByKey.keys)
        positions = keys.keys.map { positionByKey[$0] ?? 0 }
    }

    /// Calls `body` with the position of each of the subject's keys found
    /// here, until it returns `true`.
    func forEachPosition(of subject: SortedKeys.View, _ body: (Int) -> Bool) {
        keys.withView { mine in subject.forEachCommon(with: mine) { _, k in body(positions[k]) } }
    }
}
