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
final class BulkPlan: Sendable {
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

        /// The question, with the criterion's or signal's type opened.
        var question: Question {
            switch self {
            case .criterion(let c): BulkPlan.question(c)
            case .signal(let s): BulkPlan.question(s)
            }
        }
    }

    /// How a leaf is answered per row.
    enum Mode: Sendable, Equatable {
        case constant(Double)
        case byCell(Int)
        case byCells(Int, Int)
        case perRow
        /// Per row, straight from the scratch account, without asking the
        /// criterion: a number against a bound (a criterion whose condition
        /// is a bound on it), or the number itself (a banded line's signal).
        case perRowBound(Number, NumericBound)
        case perRowValue(Number)
    }

    /// A number read straight from the scratch account.
    enum Number: Sendable, Equatable {
        case field(AccountField)
        case companyAge

        /// The number an operand reads, when it is one of these.
        init?(_ operand: Operand) {
            switch operand {
            // Every numeric field but the funding date, a date (`Account.number(_:)`).
            case .field(let f) where BulkPlan.numeric.contains(f) && f != .lastFundingDate:
                self = .field(f)
            case .companyAge: self = .companyAge
            default: return nil
            }
        }

        /// The number of an account, as ``Operand/number(of:in:)`` reads it
        /// (`nil` when missing or not finite).
        @inline(__always)
        func of(_ account: Account, in context: EvaluationContext) -> Double? {
            switch self {
            case .field(let f): account.number(f).flatMap { $0.isFinite ? $0 : nil }
            case .companyAge: Operand.companyAge.number(of: account, in: context)
            }
        }
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
    /// The engagement rubric, or the fit one as a placeholder.
    let engagementOrFit: Rubric<Account>
    let fitProgram: Program
    let engagementProgram: Program
    let leaves: [Leaf]
    /// Each leaf's mode, unpacked for the per-row loop.
    let modes: [Mode]
    /// Each leaf's question: a closure over its criterion or signal, whose
    /// concrete type is opened once, here. Asking an existential from an
    /// array would copy it (retaining what it holds) on every call.
    let questions: [Question]
    /// Per column: numbered by its cells' text (every read text column).
    let numbered: [Bool]
    /// The columns set on the scratch account each row, in order.
    let perRowColumns: [Int]
    /// The read text columns, in order (every one but the id, the name and
    /// the numbers and dates).
    let numberedColumns: [Int]
    let nameIndex: Int?
    /// How many lines the fit rubric has (its disqualifiers' answers follow).
    let fitLineCount: Int
    /// Each fit disqualifier's reason as a points-only score reports it.
    let disqualifierReasons: [String]

    /// Compiles a profile; `nil` when some criterion has no file form or a
    /// kind ``FieldsRead`` does not know (full scoring is then the way).
    init?(profile: Profile<Account>, columns: AccountColumns, context: EvaluationContext) {
        self.columns = columns
        self.profile = profile
        self.fit = profile.fit
        self.fitLineCount = profile.fit.lines.count
        self.disqualifierReasons = profile.fit.disqualifiers.map { $0.reason ?? $0.criterion.name }
        self.engagementOrFit = profile.engagement ?? profile.fit
        let targets = columns.targets
        let skipped = columns.skipped
        let nameIndex = targets.indices.first { targets[$0] == .field(.name) }
        self.nameIndex = nameIndex
        let numbered = targets.indices.map { i in
            guard !skipped[i], i != columns.idIndex else { return false }
            switch targets[i] {
            case .field(.name): return false
            case .field(let f): return !BulkPlan.numeric.contains(f)
            case .attribute: return true
            }
        }
        self.numbered = numbered
        self.numberedColumns = columns.readOrder.filter { numbered[$0] }
        var builder = Builder(columns: columns, numbered: numbered)
        var programs: [Program] = []
        for rubric in [profile.fit] + (profile.engagement.map { [$0] } ?? []) {
            var nodes: [Node] = []
            for line in rubric.lines {
                let node: Node?
                switch line.scoring {
                case .criterion(let c, _): node = builder.compile(c)
                case .bands(let s, _, _): node = builder.leaf(.signal(s), s.operand.map(FieldsRead.init))
                }
                guard let node else { return nil }
                nodes.append(node)
            }
            for d in rubric.disqualifiers {
                guard let node = builder.compile(d.criterion) else { return nil }
                nodes.append(node)
            }
            for tier in rubric.tiers {
                guard let requirement = tier.requirement else {
                    nodes.append(.none)
                    continue
                }
                guard let node = builder.compile(requirement) else { return nil }
                nodes.append(node)
            }
            programs.append(Program(nodes))
        }
        self.fitProgram = programs[0]
        self.engagementProgram = programs.count > 1 ? programs[1] : Program([])
        // Leaves that read no column are asked once, now.
        var leaves = builder.leaves
        let questions = leaves.map(\.source.question)
        let blank = Account(id: "", name: "")
        for k in leaves.indices where leaves[k].columns.isEmpty {
            leaves[k].mode = .constant(questions[k].ask(blank, context))
        }
        self.leaves = leaves
        var perRow = Set<Int>()
        for leaf in leaves where leaf.mode == .perRow { perRow.formUnion(leaf.columns) }
        let perRowColumns = perRow.sorted()
        self.perRowColumns = perRowColumns
        // Leaves asked per row that are a bound on a number, or a number,
        // are answered straight from the scratch account.
        self.modes = leaves.map { leaf in
            guard leaf.mode == .perRow else { return leaf.mode }
            switch leaf.source {
            case .criterion(let c):
                if case .number(let o, let bound)? = c.condition, let number = Number(o) {
                    return .perRowBound(number, bound)
                }
            case .signal(let s):
                if let o = s.operand, let number = Number(o) { return .perRowValue(number) }
            }
            return .perRow
        }
        self.questions = questions
    }

    /// Cuts criteria into leaves.
    private struct Builder {
        let columns: AccountColumns
        let numbered: [Bool]
        var leaves: [Leaf] = []

        mutating func compile(_ criterion: any Criterion<Account>) -> Node? {
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
            return leaf(.criterion(criterion), criterion.condition.map(FieldsRead.init))
        }

        mutating func leaf(_ source: Source, _ read: FieldsRead?) -> Node? {
            guard let read else { return nil }
            let used = columns.columns(feeding: read)
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
    }

    /// One step of a flattened node, read in postfix order.
    struct Step: Sendable {
        /// ≥ 0: push the leaf's answer; `not`, `none`, or all-of / any-of
        /// of the last `count` answers.
        var leaf: Int
        var count: Int

        static let not = -1
        static let none = -2
        static let all = -3
        static let any = -4
    }

    /// The nodes of a rubric (lines, disqualifiers, tiers) flattened to
    /// steps: answer `i` is `steps[starts[i] ..< starts[i + 1]]`.
    struct Program: Sendable {
        var steps: [Step] = []
        var starts: [Int] = [0]
        var depth = 1

        init(_ nodes: [Node]) {
            for node in nodes {
                let d = add(node)
                depth = max(depth, d)
                starts.append(steps.count)
            }
        }

        /// Appends a node's steps; returns the stack depth it needs.
        private mutating func add(_ node: Node) -> Int {
            switch node {
            case .leaf(let k):
                steps.append(Step(leaf: k, count: 0))
                return 1
            case .none:
                steps.append(Step(leaf: Step.none, count: 0))
                return 1
            case .not(let part):
                let d = add(part)
                steps.append(Step(leaf: Step.not, count: 0))
                return d
            case .all(let parts), .any(let parts):
                var d = 0
                for (i, part) in parts.enumerated() { d = max(d, i + add(part)) }
                var isAll = false
                if case .all = node { isAll = true }
                steps.append(Step(leaf: isAll ? Step.all : Step.any, count: parts.count))
                return d
            }
        }

        /// Answer `i` from the leaves' answers, on a stack of ``depth`` slots.
        @inline(__always)
        func answer(
            _ i: Int, _ values: UnsafeMutableBufferPointer<Double>, stack: UnsafeMutableBufferPointer<Double>
        ) -> Double {
            let start = starts[i]
            let end = starts[i + 1]
            if end - start == 1, steps[start].leaf >= 0 { return values[steps[start].leaf] }  // the common case
            var top = 0
            for s in start..<end {
                let step = steps[s]
                switch step.leaf {
                case 0...:
                    stack[top] = values[step.leaf]
                    top += 1
                case Step.none:
                    stack[top] = .nan
                    top += 1
                case Step.not:
                    let d = stack[top - 1]
                    stack[top - 1] = d.isNaN ? .nan : 1 - d
                default:
                    top -= step.count
                    stack[top] = BulkPlan.combine(
                        UnsafeBufferPointer(rebasing: stack[top..<(top + step.count)]), all: step.leaf == Step.all)
                    top += 1
                }
            }
            return stack[0]
        }
    }

    /// The fit (or engagement) summary from the leaves' answers, working
    /// out each line, disqualifier and tier requirement into `answers`.
    func summary(fit: Bool, _ answers: inout [Double], _ values: inout [Double], _ stack: inout [Double])
        -> ScoreSummary
    {
        // The program and tally are passed on borrowed: chosen into a local,
        // each would be copied (its arrays retained) per row.
        fit
            ? BulkPlan.summary(fitProgram, self.fit.tally, &answers, &values, &stack)
            : BulkPlan.summary(engagementProgram, engagementOrFit.tally, &answers, &values, &stack)
    }

    private static func summary(
        _ program: Program, _ tally: Tally, _ answers: inout [Double], _ values: inout [Double],
        _ stack: inout [Double]
    ) -> ScoreSummary {
        stack.withUnsafeMutableBufferPointer { stack in
            values.withUnsafeMutableBufferPointer { values in
                answers.withUnsafeMutableBufferPointer { answers in
                    for i in answers.indices { answers[i] = program.answer(i, values, stack: stack) }
                    return tally.summary(answers: UnsafeBufferPointer(answers))
                }
            }
        }
    }

    /// Leaf `k` asked of an account; NaN when unknown.
    @inline(__always)
    func answer(_ k: Int, _ account: Account, _ context: EvaluationContext) -> Double {
        // Through a buffer pointer: an array subscript would retain the
        // question for its call.
        questions.withUnsafeBufferPointer { $0[k].ask(account, context) }
    }

    /// A leaf's question, over its concrete criterion or signal.
    final class Question: Sendable {
        let ask: @Sendable (Account, EvaluationContext) -> Double
        init(_ ask: @escaping @Sendable (Account, EvaluationContext) -> Double) { self.ask = ask }
    }

    fileprivate static func question(_ criterion: some Criterion<Account>) -> Question {
        Question { criterion.degree(of: $0, in: $1) ?? .nan }
    }

    fileprivate static func question(_ signal: some Signal<Account>) -> Question {
        Question { signal.measure($0, in: $1) ?? .nan }
    }

    /// All-of or any-of answers (NaN when unknown), by the rule of
    /// `Combination`: the smallest or largest degree, where an unknown part
    /// counts as 0 in the lower bound and 1 in the upper, known when the
    /// bounds agree or a part settles it.
    static func combine(_ parts: UnsafeBufferPointer<Double>, all isAll: Bool) -> Double {
        let decisive = isAll ? 0.0 : 1.0
        var low = isAll ? 1.0 : 0.0
        var high = low
        for d in parts {
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
