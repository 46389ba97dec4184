import ICPCore
import ICPCriteria

/// A profile compiled against one file's columns, for summaries at bulk
/// speed without building an `Account` per row: the fit and engagement
/// rubrics' ``ScoringPlan``s, and which of the file's columns feed each
/// value they read.
///
/// A worker (``BulkWorker``) reads each part of a block into an
/// ``AccountTable`` of its own and runs the plans over it:
///
/// - a value held dictionary-encoded (an industry, a country, a state with
///   its country, technologies, a custom attribute) is coded by the cells
///   of the columns that feed it; each distinct cell, or pair of cells, is
///   read once onto an account holding just those cells, and the plans'
///   tests over it are answered there and remembered (a value fed by more
///   columns, or a cell past the worker's table of numbered cells, is read
///   for its row alone);
/// - a number or a date is read per row, from its cell;
/// - a test the plans ask per row (of the id, name or domain, headcount
///   history, events) is answered by the worker: once when no column feeds
///   it, else per row, of an account holding its columns' cells.
///
/// Each account asked is built from the same cells by the same code as
/// ``AccountColumns/account(from:cache:)``, so the answers are the ones
/// full scoring gives; the plans add them up as `Rubric.summary` does.
final class BulkPlan: Sendable {
    /// A value the plans read from a dictionary-encoded column, with the
    /// file's columns that feed it.
    struct Category: Sendable {
        let operand: Operand
        let columns: [Int]
        /// Per plan, the leaves answered over this value.
        let leaves: [[Int]]
    }

    /// A field the plans read as a number column (a number, or a date as
    /// seconds), with the file's columns that feed it.
    struct Number: Sendable {
        let field: AccountField
        let columns: [Int]
    }

    /// How a leaf the plans ask per row is answered: once, when no column
    /// feeds it (event measures, without events), else per row, of the
    /// scratch account. (A leaf is asked per row only when it reads what no
    /// column holds dictionary-encoded: the id, name or domain, headcount
    /// history, events.)
    enum Mode: Sendable, Equatable {
        case constant(Double)
        case perRow
    }

    /// A leaf the plans ask per row: which plan (0 the fit, 1 the
    /// engagement), which leaf, the columns that feed it, and how it is
    /// answered.
    struct Asked: Sendable {
        let plan: Int
        let leaf: Int
        let columns: [Int]
        let mode: Mode
    }

    /// Fields whose cells are numbers or dates: nearly every row differs,
    /// so they are parsed per row rather than numbered.
    static let numeric: Set<AccountField> = [
        .employees, .revenue, .founded, .funding, .lastFundingDate, .customers, .nps, .sentiment, .referrals,
    ]

    let columns: AccountColumns
    /// The profile; `nil` when the plan reads a table's values alone
    /// (``init(table:columns:)``).
    let profile: Profile<Account>?
    /// The fit rubric's plan, then the engagement rubric's when there is
    /// one; none when the plan reads a table's values alone.
    let plans: [ScoringPlan]
    /// The values read, each once: the numbers', then the categories'
    /// when the plan reads a table's values alone.
    let stored: [Operand]
    let categories: [Category]
    let numbers: [Number]
    let asked: [Asked]
    /// Per column: numbered by its cells' text (every read text column).
    let numbered: [Bool]
    /// The columns set on the scratch account each row, in order: those
    /// of the numbers, and of the leaves asked of it.
    let perRowColumns: [Int]
    /// The read text columns, in order (every one but the id, the name and
    /// the numbers and dates).
    let numberedColumns: [Int]
    let nameIndex: Int?
    /// Each fit disqualifier's reason as a points-only score reports it.
    let disqualifierReasons: [String]

    /// Compiles a profile; `nil` when some criterion has no condition
    /// (full scoring is then the way).
    convenience init?(profile: Profile<Account>, columns: AccountColumns, context: EvaluationContext) {
        guard let fit = ScoringPlan(profile.fit) else { return nil }
        var plans = [fit]
        if let engagement = profile.engagement {
            guard let plan = ScoringPlan(engagement) else { return nil }
            plans.append(plan)
        }
        // The values the plans read, each once, in the order first read.
        var stored: [Operand] = []
        for plan in plans {
            for o in plan.operands.flatMap(AccountTable.stored) where !stored.contains(o) { stored.append(o) }
        }
        self.init(
            plans: plans, profile: profile, stored: stored, columns: columns,
            disqualifierReasons: profile.fit.disqualifiers.map { $0.reason ?? $0.criterion.name }, context: context)
    }

    /// Reads the values a table of the operands holds, in its order (see
    /// ``AccountTable/Builder/columns(reading:)``), with no plan to run.
    convenience init(table operands: [Operand], columns: AccountColumns) {
        let (numbers, categories) = AccountTable.Builder.columns(reading: operands)
        self.init(
            plans: [], profile: nil, stored: numbers + categories, columns: columns, disqualifierReasons: [],
            context: AccountTable.dayFree)
    }

    private init(
        plans: [ScoringPlan], profile: Profile<Account>?, stored: [Operand], columns: AccountColumns,
        disqualifierReasons: [String], context: EvaluationContext
    ) {
        self.plans = plans
        self.columns = columns
        self.profile = profile
        self.stored = stored
        self.disqualifierReasons = disqualifierReasons
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
        func feeding(_ operands: [Operand]) -> [Int] { columns.columns(feeding: FieldsRead(operands: operands)) }
        self.categories = stored.filter { AccountTable.storage(of: $0) == .category }.map { o in
            Category(
                operand: o, columns: feeding([o]),
                leaves: plans.map { plan in (0..<plan.leafCount).filter { plan.column(ofLeaf: $0) == o } })
        }
        // Number columns are stored fields (`AccountTable.stored`).
        self.numbers = stored.compactMap { o in
            guard AccountTable.storage(of: o) == .number, case .field(let f) = o else { return nil }
            return Number(field: f, columns: feeding([o]))
        }
        // The leaves asked per row: once when no column feeds them, else of
        // the scratch account.
        let blank = Account(id: "", name: "")
        var asked: [Asked] = []
        var perRow = Set(numbers.flatMap(\.columns))
        for (p, plan) in plans.enumerated() {
            for k in 0..<plan.leafCount where plan.column(ofLeaf: k) == nil {
                let used = feeding(plan.operands(ofLeaf: k))
                let mode: Mode
                if used.isEmpty {
                    mode = .constant(plan.answer(leaf: k, blank, in: context))
                } else {
                    mode = .perRow
                    perRow.formUnion(used)
                }
                asked.append(Asked(plan: p, leaf: k, columns: used, mode: mode))
            }
        }
        self.asked = asked
        self.perRowColumns = perRow.sorted()
    }
}
