import ICPCore
import ICPCriteria

/// A profile compiled against one file's columns, for summaries at bulk
/// speed without building an `Account` per row.
///
/// Every line, disqualifier and tier requirement is cut into *leaves*: the
/// criteria and signals under all-of, any-of and not (which are worked out
/// here with exactly their own rules). Each leaf reads a few columns (its
/// file form says which, as ``FieldsRead`` works out):
///
/// - a leaf that reads no column (engagement criteria with no events) is
///   asked once;
/// - a leaf that reads one or two text columns (industry, country and
///   state, technologies, an attribute) is asked once per distinct pair of
///   cells, on an account holding just those cells, and the answer kept;
/// - any other leaf (a number, a date) is asked per row, of a scratch
///   account holding just the columns such leaves read.
///
/// Each leaf is asked of an account built from the same cells by the same
/// code as ``AccountColumns/account(from:cache:)``, so the answers are the
/// ones full scoring gives.
struct BulkPlan: Sendable {
    /// How a line, disqualifier or requirement is worked out from leaves.
    indirect enum Node: Sendable {
        case leaf(Int)
        case all([Node])
        case any([Node])
        case not(Node)
        /// A tier with no requirement.
        case none
    }

    /// What a leaf asks.
    enum Source: Sendable {
        case criterion(any Criterion<Account>)
        case signal(any Signal<Account>)

        /// The degree or value; NaN when unknown.
        func answer(_ account: Account, _ context: EvaluationContext) -> Double {
            switch self {
            case .criterion(let c): c.degree(of: account, in: context) ?? .nan
            case .signal(let s): s.measure(account, in: context) ?? .nan
            }
        }
    }

    /// How a leaf is answered per row.
    enum Mode: Sendable, Equatable {
        case constant(Double)
        case byCell(Int)
        case byCells(Int, Int)
        case perRow
    }

    struct Leaf: Sendable {
        let source: Source
        /// The columns read, in order.
        let columns: [Int]
        var mode: Mode
    }

    /// Fields whose cells are numbers or dates: nearly every row differs,
    /// so they are parsed per row rather than numbered.
    static let numeric: Set<AccountField> = [
        .employees, .revenue, .founded, .funding, .lastFundingDate, .customers, .nps, .sentiment, .referrals,
    ]

    let columns: AccountColumns
    let profile: Profile<Account>
    let fit: Rubric<Account>
    let engagement: Rubric<Account>?
    private(set) var fitNodes: [Node] = []
    private(set) var engagementNodes: [Node] = []
    private(set) var leaves: [Leaf] = []
    /// Per column: numbered by its cells' text (every read text column).
    private(set) var numbered: [Bool]
    /// The columns set on the scratch account each row, in order.
    private(set) var perRowColumns: [Int] = []
    /// The read columns, in order, the id's and name's excepted.
    let checked: [Int]
    let nameIndex: Int?

    /// Compiles a profile; `nil` when some criterion has no file form or a
    /// kind ``FieldsRead`` does not know (full scoring is then the way).
    init?(profile: Profile<Account>, columns: AccountColumns, context: EvaluationContext) {
        self.columns = columns
        self.profile = profile
        self.fit = profile.fit
        self.engagement = profile.engagement
        let targets = columns.targets
        let skipped = columns.skipped
        let nameIndex = targets.indices.first { targets[$0] == .field(.name) }
        self.nameIndex = nameIndex
        self.checked = columns.readOrder.filter { $0 != nameIndex }
        self.numbered = targets.indices.map { i in
            guard !skipped[i], i != columns.idIndex else { return false }
            switch targets[i] {
            case .field(.name): return false
            case .field(let f): return !BulkPlan.numeric.contains(f)
            case .attribute: return true
            }
        }
        var fitNodes: [Node] = []
        var engagementNodes: [Node] = []
        for (rubric, isFit) in [(profile.fit, true)] + (profile.engagement.map { [($0, false)] } ?? []) {
            var nodes: [Node] = []
            for line in rubric.lines {
                let node: Node?
                switch line.scoring {
                case .criterion(let c, _): node = compile(c)
                case .bands(let s, _, _): node = leaf(.signal(s), s.specification)
                }
                guard let node else { return nil }
                nodes.append(node)
            }
            for d in rubric.disqualifiers {
                guard let node = compile(d.criterion) else { return nil }
                nodes.append(node)
            }
            for tier in rubric.tiers {
                guard let requirement = tier.requirement else {
                    nodes.append(.none)
                    continue
                }
                guard let node = compile(requirement) else { return nil }
                nodes.append(node)
            }
            if isFit { fitNodes = nodes } else { engagementNodes = nodes }
        }
        self.fitNodes = fitNodes
        self.engagementNodes = engagementNodes
        // Leaves that read no column are asked once, now.
        let blank = Account(id: "", name: "")
        for k in leaves.indices where leaves[k].columns.isEmpty {
            leaves[k].mode = .constant(leaves[k].source.answer(blank, context))
        }
        var perRow = Set<Int>()
        for leaf in leaves where leaf.mode == .perRow { perRow.formUnion(leaf.columns) }
        perRowColumns = perRow.sorted()
    }

    private mutating func compile(_ criterion: any Criterion<Account>) -> Node? {
        if let combination = criterion as? Combination<Account>, !combination.parts.isEmpty,
            combination.rule == .all || combination.rule == .any
        {
            var parts: [Node] = []
            for part in combination.parts {
                guard let node = compile(part) else { return nil }
                parts.append(node)
            }
            return combination.rule == .all ? .all(parts) : .any(parts)
        }
        if let not = criterion as? Not<Account> { return compile(not.part).map { .not($0) } }
        return leaf(.criterion(criterion), criterion.specification)
    }

    private mutating func leaf(_ source: Source, _ specification: Specification?) -> Node? {
        guard let specification, let read = FieldsRead(specification) else { return nil }
        let targets = columns.targets
        let used = columns.readOrder.filter { i in
            switch targets[i] {
            case .field(let f): read.fields.contains(f)
            case .attribute: columns.attributeKeys[i].map { read.attributes.contains($0) } ?? false
            }
        }
        let mode: Mode
        if used.allSatisfy({ numbered[$0] }), used.count == 1 {
            mode = .byCell(used[0])
        } else if used.allSatisfy({ numbered[$0] }), used.count == 2 {
            mode = .byCells(used[0], used[1])
        } else {
            mode = .perRow  // or .constant, set once every leaf is known
        }
        leaves.append(Leaf(source: source, columns: used, mode: mode))
        return .leaf(leaves.count - 1)
    }

    /// Works out a node from the leaves' answers (NaN when unknown), by the
    /// rules of `Combination` and `Not`.
    static func answer(_ node: Node, _ values: UnsafeMutableBufferPointer<Double>) -> Double {
        switch node {
        case .leaf(let k): return values[k]
        case .none: return .nan
        case .not(let part):
            let d = answer(part, values)
            return d.isNaN ? .nan : 1 - d
        case .all(let parts), .any(let parts):
            var isAll = false
            if case .all = node { isAll = true }
            let decisive = isAll ? 0.0 : 1.0
            var low = isAll ? 1.0 : 0.0
            var high = low
            for part in parts {
                let d = answer(part, values)
                if d.isNaN {
                    low = isAll ? min(low, 0) : max(low, 0)
                    high = isAll ? min(high, 1) : max(high, 1)
                    continue
                }
                if d == decisive { return decisive }
                low = isAll ? min(low, d) : max(low, d)
                high = isAll ? min(high, d) : max(high, d)
            }
            return low == high ? low : .nan
        }
    }
}
