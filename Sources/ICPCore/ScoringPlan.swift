#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A rubric compiled once to run over columns: the way to score many
/// accounts at once.
///
/// Every line, disqualifier and tier requirement is compiled from its
/// criterion's ``Criterion/condition`` (or its signal's ``Signal/operand``)
/// into a tree over an ``AccountTable``'s columns:
///
/// - a test on a number column (a bound, a proportion, presence, a date
///   window) runs as one loop over the column;
/// - a test on a dictionary-encoded column (a text, a list, a flag, a custom
///   attribute), however compound, is answered once per distinct value and
///   gathered by code; a line answered so adds its points by code, with no
///   column of answers in between;
/// - what changes with the "as of" day and reads the event log (event
///   counts, recency, headcount growth) is asked per row;
/// - all / any / at least *k* / not / missing combine whole columns of answers.
///
/// The points are then added up in chunks of rows, line by line, exactly as
/// ``Rubric/summary(_:in:)`` adds them: each summary equals the row-by-row
/// one, to the last bit. A rubric with a criterion that has no condition (a
/// host's own criterion) does not compile: score it with
/// ``Rubric/summarizeAll(_:in:threads:)``.
public struct ScoringPlan: Sendable {
    /// The rubric compiled.
    public let rubric: Rubric<Account>
    /// Each line's answer: a criterion line's degree, a banded line's value.
    let lines: [Node]
    let disqualifiers: [Node]
    /// Each tier's requirement, when it has one.
    let requirements: [Node?]
    /// The tests answered once per distinct value of a column, or per row.
    let leaves: [Leaf]
    /// The values a table must hold for this plan (see ``AccountTable/init(_:reading:)``).
    public let operands: [Operand]

    /// How an answer is worked out for a chunk of rows.
    indirect enum Node: Sendable {
        /// A test on a number column, in one loop.
        case number(Source, Test)
        /// A leaf's answer (``leaves``), gathered or asked per row.
        case leaf(Int)
        case all([Node])
        case any([Node])
        case atLeast(Int, [Node])
        case not(Node)
        case missing(Node)
    }

    /// A number column, possibly worked out from a stored one.
    indirect enum Source: Sendable, Hashable {
        case column(Operand)
        /// The "as of" year minus the founding year.
        case companyAge
        /// The value when within the bound, else missing.
        case valid(Source, NumericBound)
    }

    /// What is asked of a number.
    enum Test: Sendable {
        /// The number itself (a banded line's value).
        case value
        case bound(NumericBound)
        case proportion(cap: Double)
        case present
        case before(Double)
        case onOrAfter(Double)
        case withinDays(Int)
    }

    /// A test answered once per distinct value of one dictionary-encoded
    /// column, or per row.
    struct Leaf: Sendable {
        enum Question: Sendable {
            case degree(Condition)
            case value(Operand)
        }
        let question: Question
        /// The column whose distinct values it is answered for; `nil`: per row.
        let column: Operand?

        /// Whether the answer can change with the "as of" day.
        var dependsOnDay: Bool {
            switch question {
            case .degree(let c): c.dependsOnDay
            case .value(let o): o.dependsOnDay
            }
        }
    }

    /// Compiles a rubric; `nil` when some line, disqualifier or tier
    /// requirement has no condition (or a banded line's signal no operand).
    public init?(_ rubric: Rubric<Account>) {
        var builder = Builder()
        var lines: [Node] = []
        for line in rubric.lines {
            switch line.scoring {
            case .criterion(let c, _):
                guard let condition = c.condition else { return nil }
                lines.append(builder.compile(condition))
            case .bands(let s, _, _):
                guard let operand = s.operand else { return nil }
                lines.append(builder.value(operand))
            }
        }
        var disqualifiers: [Node] = []
        for d in rubric.disqualifiers {
            guard let condition = d.criterion.condition else { return nil }
            disqualifiers.append(builder.compile(condition))
        }
        var requirements: [Node?] = []
        for tier in rubric.tiers {
            guard let requirement = tier.requirement else {
                requirements.append(nil)
                continue
            }
            guard let condition = requirement.condition else { return nil }
            requirements.append(builder.compile(condition))
        }
        self.rubric = rubric
        self.lines = lines
        self.disqualifiers = disqualifiers
        self.requirements = requirements
        self.leaves = builder.leaves
        self.operands = builder.operands
    }

    /// Builds the nodes, collecting leaves and the operands read.
    private struct Builder {
        var leaves: [Leaf] = []
        var operands: [Operand] = []

        mutating func read(_ operand: Operand) {
            if !operands.contains(operand) { operands.append(operand) }
        }

        /// The number column an operand reads, when it is one.
        func source(_ operand: Operand) -> Source? {
            switch operand {
            case .companyAge: return .companyAge
            case .valid(let o, let bound): return source(o).map { .valid($0, bound) }
            default: return AccountTable.storage(of: operand) == .number ? .column(operand) : nil
            }
        }

        /// The one dictionary-encoded column an operand is answered over, if any.
        func category(_ operand: Operand) -> Operand? {
            switch operand {
            case .valid(let o, _), .matches(let o, _): return category(o)
            default: return AccountTable.storage(of: operand) == .category ? operand : nil
            }
        }

        /// The one dictionary-encoded column that all the operands are
        /// answered over, if there is one.
        func column(_ operands: [Operand]) -> Operand? {
            guard let first = operands.first.flatMap(category) else { return nil }
            return operands.allSatisfy { category($0) == first } ? first : nil
        }

        mutating func leaf(_ question: Leaf.Question, operands: [Operand]) -> Node {
            operands.forEach { read($0) }
            leaves.append(Leaf(question: question, column: column(operands)))
            return .leaf(leaves.count - 1)
        }

        mutating func value(_ operand: Operand) -> Node {
            if let source = source(operand) {
                read(operand)
                return .number(source, .value)
            }
            return leaf(.value(operand), operands: [operand])
        }

        mutating func compile(_ condition: Condition) -> Node {
            func numeric(_ o: Operand, _ test: Test) -> Node? {
                guard let s = source(o) else { return nil }
                read(o)
                return .number(s, test)
            }
            // A condition that reads one dictionary-encoded column, however
            // compound, is answered once per distinct value of it.
            if column(condition.operands) != nil {
                return leaf(.degree(condition), operands: condition.operands)
            }
            switch condition {
            // All, any or at least one of a single part is that part.
            case .all(let parts) where parts.count == 1, .any(let parts) where parts.count == 1,
                .atLeast(1, let parts) where parts.count == 1:
                return compile(parts[0])
            case .all(let parts): return .all(parts.map { compile($0) })
            case .any(let parts): return .any(parts.map { compile($0) })
            case .atLeast(let k, let parts): return .atLeast(k, parts.map { compile($0) })
            case .not(let part): return .not(compile(part))
            case .missing(let part): return .missing(compile(part))
            case .number(let o, let bound):
                if let node = numeric(o, .bound(bound)) { return node }
            case .proportion(let o, let cap):
                if let node = numeric(o, .proportion(cap: cap)) { return node }
            case .present(let o):
                if let node = numeric(o, .present) { return node }
            case .date(.field(.lastFundingDate), let test):
                let t: Test =
                    switch test {
                    case .before(let day): .before(day.date.timeIntervalSinceReferenceDate)
                    case .onOrAfter(let day): .onOrAfter(day.date.timeIntervalSinceReferenceDate)
                    case .withinDays(let days): .withinDays(days)
                    }
                if let node = numeric(.field(.lastFundingDate), t) { return node }
            default:
                break
            }
            return leaf(.degree(condition), operands: condition.operands)
        }
    }
}

extension ScoringPlan {
    /// The summaries of every account of a table, in order, on all cores
    /// (or `threads` of them); each is what ``Rubric/summary(_:in:)`` gives
    /// for that account. Binds the plan to the table first (see
    /// ``bind(_:threads:)``); to score one table several times, bind it once.
    public func summaries(of table: AccountTable, in context: EvaluationContext, threads: Int? = nil)
        -> [ScoreSummary]
    {
        bind(table, threads: threads).summaries(in: context, threads: threads)
    }

    /// The plan bound to a table: each test on a dictionary-encoded column
    /// that does not depend on the day answered once per distinct value
    /// (the tests spread over `threads`).
    public func bind(_ table: AccountTable, threads: Int? = nil) -> BoundPlan {
        let plan = self
        let answers = ParallelMap.map(count: leaves.count, threads: threads) { k in
            let leaf = plan.leaves[k]
            guard !leaf.dependsOnDay else { return [Double]() }
            return BoundPlan.answers(leaf, table, AccountTable.dayFree)
        }
        return BoundPlan(plan: self, table: table, answers: answers)
    }

    /// How many leaves the plan asks: tests answered once per distinct value
    /// of a dictionary-encoded column, or per row.
    package var leafCount: Int { leaves.count }

    /// The dictionary-encoded column leaf `k` is answered over; `nil` when
    /// it is asked per row.
    package func column(ofLeaf k: Int) -> Operand? { leaves[k].column }

    /// What leaf `k` reads.
    package func operands(ofLeaf k: Int) -> [Operand] {
        switch leaves[k].question {
        case .degree(let c): c.operands
        case .value(let o): [o]
        }
    }

    /// Leaf `k`'s answer for an account: a degree, or a banded line's
    /// value; NaN when unknown.
    package func answer(leaf k: Int, _ account: Account, in context: EvaluationContext) -> Double {
        BoundPlan.ask(leaves[k].question, account, context)
    }
}

/// A ``ScoringPlan`` bound to an ``AccountTable``: run it for any "as of"
/// day with ``summaries(in:threads:)``.
public struct BoundPlan: Sendable {
    /// The plan.
    public let plan: ScoringPlan
    /// The table.
    public let table: AccountTable
    /// Per leaf: the answer for each distinct value of its column, when it
    /// does not depend on the day or ``day`` is given (empty otherwise).
    let answers: [[Double]]
    /// Per leaf asked per row: each row's answer, when given (empty
    /// otherwise: asked of ``AccountTable/accounts``).
    let perRow: [[Double]]
    /// The day every answer given holds for, when they were given for one.
    let day: CalendarDay?

    init(plan: ScoringPlan, table: AccountTable, answers: [[Double]]) {
        self.init(plan: plan, table: table, answers: answers, perRow: [], day: nil)
    }

    /// A plan bound to a table with its answers given, all for `day`: per
    /// leaf with a column in the table, the answer for each distinct value
    /// of it; per leaf asked per row, each row's answer (or none, to ask
    /// the table's accounts).
    package init(plan: ScoringPlan, table: AccountTable, answers: [[Double]], perRow: [[Double]], day: CalendarDay?) {
        self.plan = plan
        self.table = table
        self.answers = answers
        self.perRow = perRow
        self.day = day
    }

    /// The summaries of every account of the table as of the context's day,
    /// in order; each is what ``Rubric/summary(_:in:)`` gives.
    public func summaries(in context: EvaluationContext, threads: Int? = nil) -> [ScoreSummary] {
        let bound = Bound(self, context: context)
        return ParallelMap.mapParts(count: table.count, threads: threads) { range, out in
            let scratch = ScoringPlan.Scratch(plan: bound.plan, perRowLeaves: bound.perRow.count)
            var start = range.lowerBound
            while start < range.upperBound {
                let n = min(ScoringPlan.Scratch.width, range.upperBound - start)
                bound.summarize(rows: start..<(start + n), scratch: scratch, into: out + (start - range.lowerBound))
                start += n
            }
        }
    }

    /// A leaf's answer for each distinct value of its column (empty for a
    /// leaf asked per row).
    static func answers(_ leaf: ScoringPlan.Leaf, _ table: AccountTable, _ context: EvaluationContext) -> [Double] {
        guard let column = leaf.column, let categories = table.categories[column] else { return [] }
        // Each account lent to the question in place: read out of the array,
        // it would be copied (each of its texts and arrays retained).
        let slot = UnsafeMutablePointer<Account>.allocate(capacity: 1)
        defer { slot.deallocate() }
        return categories.representatives.withUnsafeBufferPointer { accounts in
            guard let first = accounts.baseAddress else { return [] }
            return accounts.indices.map { i in lend(first + i, in: slot) { ask(leaf.question, $0, context) } }
        }
    }

    /// A leaf's question asked of an account: a degree, or a value; NaN
    /// when unknown.
    static func ask(_ question: ScoringPlan.Leaf.Question, _ account: Account, _ context: EvaluationContext)
        -> Double
    {
        switch question {
        case .degree(let c): c.degree(of: account, in: context) ?? .nan
        case .value(let o): o.number(of: account, in: context) ?? .nan
        }
    }

    /// The summaries of every row on this thread, as
    /// ``summaries(in:threads:)`` gives them, with each row's answers to the
    /// rubric's disqualifiers (row by row, NaN when unknown) and, when
    /// `lines` is true, to its lines.
    package func summaries(in context: EvaluationContext, lines: Bool) -> (
        summaries: [ScoreSummary], lines: [Double], disqualifiers: [Double]
    ) {
        let bound = Bound(self, context: context)
        let scratch = ScoringPlan.Scratch(plan: plan, perRowLeaves: bound.perRow.count)
        let lineCount = lines ? plan.lines.count : 0
        var lineAnswers = [Double](repeating: .nan, count: table.count * lineCount)
        var disqualifiers = [Double](repeating: .nan, count: table.count * plan.disqualifiers.count)
        let summaries = [ScoreSummary](unsafeUninitializedCapacity: table.count) { out, initialized in
            lineAnswers.withUnsafeMutableBufferPointer { lineAnswers in
                disqualifiers.withUnsafeMutableBufferPointer { disqualifiers in
                    guard let out = out.baseAddress else { return }
                    var start = 0
                    while start < table.count {
                        let n = min(ScoringPlan.Scratch.width, table.count - start)
                        let record = Bound.Record(
                            lines: lines ? lineAnswers.baseAddress : nil, disqualifiers: disqualifiers.baseAddress)
                        bound.summarize(rows: start..<(start + n), scratch: scratch, into: out + start, record: record)
                        start += n
                    }
                }
            }
            initialized = table.count
        }
        return (summaries, lineAnswers, disqualifiers)
    }

    /// The bound plan on a day: every leaf's distinct answers at hand.
    private struct Bound: Sendable {
        typealias Node = ScoringPlan.Node
        typealias Source = ScoringPlan.Source
        typealias Scratch = ScoringPlan.Scratch
        let plan: ScoringPlan
        let table: AccountTable
        let context: EvaluationContext
        let answers: [[Double]]
        let year: Double
        /// The leaves asked per row, and each leaf's place among them (-1
        /// for a leaf answered by its column or given per row).
        let perRow: [Int]
        let perRowSlot: [Int]
        /// Per leaf asked per row: each row's answer, when given.
        let given: [[Double]]
        /// Per line answered by a dictionary-encoded column: what each of
        /// its distinct values adds to the line's points and to its maximum.
        let added: [Added?]

        /// What a line adds for each distinct value of the column it is
        /// answered by: its points are gathered straight into the sums.
        struct Added: Sendable {
            let codes: [Int32]
            let points: [Double]
            let maximum: [Double]
        }

        init(_ bound: BoundPlan, context: EvaluationContext) {
            self.plan = bound.plan
            self.table = bound.table
            self.context = context
            self.year = Double(context.asOfDay.year)
            let leaves = bound.plan.leaves
            let given = bound.perRow.isEmpty ? [[Double]](repeating: [], count: leaves.count) : bound.perRow
            self.given = given
            perRow = leaves.indices.filter { k in
                given[k].isEmpty && (leaves[k].column.map { bound.table.categories[$0] == nil } ?? true)
            }
            var slots = [Int](repeating: -1, count: leaves.count)
            for (s, k) in perRow.enumerated() { slots[k] = s }
            perRowSlot = slots
            let answers = leaves.indices.map { k in
                leaves[k].dependsOnDay && bound.day != context.asOfDay
                    ? BoundPlan.answers(leaves[k], bound.table, context) : bound.answers[k]
            }
            self.answers = answers
            let tally = bound.plan.rubric.tally
            added = bound.plan.lines.indices.map { i in
                guard case .leaf(let k) = bound.plan.lines[i], let column = leaves[k].column,
                    let categories = bound.table.categories[column]
                else { return nil }
                // Each value's points and maximum, as Tally.add(line:…) adds them.
                let line = tally.lines[i]
                var points: [Double] = []
                var maximum: [Double] = []
                for answer in answers[k] {
                    let earned = line.earned(answer.isNaN ? nil : answer)
                    points.append(earned ?? 0)
                    maximum.append(earned == nil ? 0 : line.maximum)
                }
                return Added(codes: categories.codes, points: points, maximum: maximum)
            }
        }

        /// Where a chunk's answers are copied, row by row (a row's lines,
        /// or its disqualifiers, side by side), for every row of the table.
        struct Record {
            var lines: UnsafeMutablePointer<Double>?
            var disqualifiers: UnsafeMutablePointer<Double>?
        }

        /// Summarises a chunk of rows into `out`, copying its answers to
        /// `record`.
        func summarize(
            rows: Range<Int>, scratch: Scratch, into out: UnsafeMutablePointer<ScoreSummary>,
            record: Record = Record()
        ) {
            let width = Scratch.width
            let answers = scratch.answers
            // Every leaf asked per row, each row's account lent to them all
            // (a copy would retain each of its texts and arrays); unknown
            // in a table that keeps no accounts.
            if !perRow.isEmpty {
                table.accounts.withUnsafeBufferPointer { accounts in
                    guard let first = accounts.baseAddress, accounts.count == table.count else {
                        for s in perRow.indices {
                            for j in 0..<rows.count { scratch.perRow[s * width + j] = .nan }
                        }
                        return
                    }
                    for j in 0..<rows.count {
                        lend(first + rows.lowerBound + j, in: scratch.account) { account in
                            for (s, k) in perRow.enumerated() {
                                scratch.perRow[s * width + j] = BoundPlan.ask(plan.leaves[k].question, account, context)
                            }
                        }
                    }
                }
            }
            // Each line's points added to the sums in the lines' order, so
            // each summary is Tally's to the last bit: a line answered by a
            // dictionary-encoded column is gathered straight into them.
            let tally = plan.rubric.tally
            let sums = scratch.sums
            tally.clear(sums, width: width)
            let lineCount = plan.lines.count
            for (i, node) in plan.lines.enumerated() {
                if let added = added[i], record.lines == nil {
                    let (points, maximums) = tally.columns(of: i, sums, width: width)
                    added.codes.withUnsafeBufferPointer { codes in
                        added.points.withUnsafeBufferPointer { p in
                            added.maximum.withUnsafeBufferPointer { m in
                                guard let first = codes.baseAddress, let p = p.baseAddress, let m = m.baseAddress
                                else { return }
                                let chunk = first + rows.lowerBound
                                for j in 0..<rows.count {
                                    let code = Int(chunk[j])
                                    points[j] += p[code]
                                    maximums[j] += m[code]
                                }
                            }
                        }
                    }
                } else {
                    evaluate(node, rows, into: answers, scratch)
                    tally.add(line: i, answers, width: width, into: sums)
                    if let lines = record.lines {
                        for j in 0..<rows.count { lines[(rows.lowerBound + j) * lineCount + i] = answers[j] }
                    }
                }
            }
            let disqualified = answers + width
            let disqualifierCount = plan.disqualifiers.count
            for (i, node) in plan.disqualifiers.enumerated() {
                evaluate(node, rows, into: disqualified + i * width, scratch)
                if let d = record.disqualifiers {
                    for j in 0..<rows.count {
                        d[(rows.lowerBound + j) * disqualifierCount + i] = disqualified[i * width + j]
                    }
                }
            }
            let tiers = scratch.tiers
            for (t, node) in plan.requirements.enumerated() {
                if let node { evaluate(node, rows, into: tiers + t * width, scratch) }
            }
            tally.conclude(
                sums, answers: disqualified, width: width, count: rows.count,
                requirement: { t, j in
                    let d = tiers[t * width + j]
                    return d.isNaN ? nil : d
                }, into: out)
        }

        /// Writes a node's answers for the rows (NaN when unknown) to `out`.
        func evaluate(_ node: Node, _ rows: Range<Int>, into out: UnsafeMutablePointer<Double>, _ scratch: Scratch) {
            let n = rows.count
            switch node {
            case .number(.column(let o), let test):
                // A stored column is tested in place.
                guard let column = table.numbers[o] else {
                    for j in 0..<n { out[j] = .nan }
                    ScoringPlan.apply(test, out, n, into: out, context: context)
                    return
                }
                column.withUnsafeBufferPointer { c in
                    guard let base = c.baseAddress else { return }
                    ScoringPlan.apply(test, base + rows.lowerBound, n, into: out, context: context)
                }
            case .number(let source, let test):
                let values = scratch.push()
                defer { scratch.pop() }
                load(source, rows, into: values)
                ScoringPlan.apply(test, values, n, into: out, context: context)
            case .leaf(let k):
                let leaf = plan.leaves[k]
                if let column = leaf.column, let categories = table.categories[column] {
                    let table = answers[k]
                    categories.codes.withUnsafeBufferPointer { codes in
                        table.withUnsafeBufferPointer { t in
                            for j in 0..<n { out[j] = t[Int(codes[rows.lowerBound + j])] }
                        }
                    }
                } else if !given[k].isEmpty {
                    given[k].withUnsafeBufferPointer { given in
                        for j in 0..<n { out[j] = given[rows.lowerBound + j] }
                    }
                } else {
                    let asked = scratch.perRow + perRowSlot[k] * Scratch.width
                    for j in 0..<n { out[j] = asked[j] }
                }
            case .not(let part):
                evaluate(part, rows, into: out, scratch)
                for j in 0..<n { out[j] = 1 - out[j] }  // NaN stays NaN
            case .missing(let part):
                evaluate(part, rows, into: out, scratch)
                for j in 0..<n { out[j] = out[j].isNaN ? 1 : 0 }
            case .all(let parts): combine(parts, needed: parts.count, rows, into: out, scratch)
            case .any(let parts): combine(parts, needed: 1, rows, into: out, scratch)
            case .atLeast(let k, let parts): combine(parts, needed: k, rows, into: out, scratch)
            }
        }

        /// The *k*-th largest answer of the parts, unknown when unknowns
        /// could change it: as ``Condition/degree(of:in:)`` combines.
        func combine(
            _ parts: [Node], needed: Int, _ rows: Range<Int>, into out: UnsafeMutablePointer<Double>,
            _ scratch: Scratch
        ) {
            let n = rows.count
            if needed <= 0 || needed > parts.count {
                for j in 0..<n { out[j] = needed <= 0 ? 1 : 0 }
                return
            }
            let low = scratch.push()
            let high = scratch.push()
            let part = scratch.push()
            defer {
                scratch.pop()
                scratch.pop()
                scratch.pop()
            }
            if needed == parts.count || needed == 1 {
                // All of: the smallest; any of: the largest. An unknown counts
                // as 0 for the lower answer and 1 for the upper.
                let all = needed == parts.count
                let start = all ? 1.0 : 0.0
                for j in 0..<n {
                    low[j] = start
                    high[j] = start
                }
                for p in parts {
                    evaluate(p, rows, into: part, scratch)
                    if all {
                        for j in 0..<n {
                            let d = part[j]
                            low[j] = min(low[j], d == d ? d : 0)
                            high[j] = min(high[j], d == d ? d : 1)
                        }
                    } else {
                        for j in 0..<n {
                            let d = part[j]
                            low[j] = max(low[j], d == d ? d : 0)
                            high[j] = max(high[j], d == d ? d : 1)
                        }
                    }
                }
                for j in 0..<n { out[j] = low[j] == high[j] ? low[j] : .nan }
                return
            }
            // At least k of several: each row's k-th largest, by sorting its answers.
            var columns: [[Double]] = []
            for p in parts {
                evaluate(p, rows, into: part, scratch)
                columns.append(Array(UnsafeBufferPointer(start: part, count: n)))
            }
            var degrees = [Double?](repeating: nil, count: parts.count)
            for j in 0..<n {
                for c in columns.indices { degrees[c] = columns[c][j].isNaN ? nil : columns[c][j] }
                out[j] = Condition.combine(needed, degrees) ?? .nan
            }
        }

        /// A number column's values for the rows.
        func load(_ source: Source, _ rows: Range<Int>, into out: UnsafeMutablePointer<Double>) {
            let n = rows.count
            switch source {
            case .column(let o):
                guard let column = table.numbers[o] else {
                    for j in 0..<n { out[j] = .nan }
                    return
                }
                column.withUnsafeBufferPointer { c in
                    for j in 0..<n { out[j] = c[rows.lowerBound + j] }
                }
            case .companyAge:
                load(.column(.field(.founded)), rows, into: out)
                for j in 0..<n { out[j] = year - out[j] }  // NaN stays NaN
            case .valid(let inner, let bound):
                load(inner, rows, into: out)
                for j in 0..<n where !out[j].isNaN && !bound.contains(out[j]) { out[j] = .nan }
            }
        }
    }

}

extension ScoringPlan {
    /// Applies a number test to `n` values (NaN when missing).
    static func apply(
        _ test: Test, _ v: UnsafePointer<Double>, _ n: Int, into out: UnsafeMutablePointer<Double>,
        context: EvaluationContext
    ) {
        switch test {
        case .value: each(v, n, out) { $0.isFinite ? $0 : .nan }
        case .bound(let bound):
            switch bound {
            case .atLeast(let x): each(v, n, out) { $0 >= x ? 1 : 0 }
            case .atMost(let x): each(v, n, out) { $0 <= x ? 1 : 0 }
            case .moreThan(let x): each(v, n, out) { $0 > x ? 1 : 0 }
            case .lessThan(let x): each(v, n, out) { $0 < x ? 1 : 0 }
            case .between(let lo, let hi): each(v, n, out) { $0 >= lo && $0 <= hi ? 1 : 0 }
            case .interval(let lo, let hi): each(v, n, out) { $0 >= lo && $0 < hi ? 1 : 0 }
            }
        case .proportion(let cap):
            each(v, n, out) { cap == 0 ? 0 : min(1, max(0, $0 / abs(cap))) }
        case .present:
            for j in 0..<n { out[j] = v[j] == v[j] ? 1 : 0 }
        case .before(let s): each(v, n, out) { $0 < s ? 1 : 0 }
        case .onOrAfter(let s): each(v, n, out) { $0 >= s ? 1 : 0 }
        case .withinDays(let days):
            let today = context.asOfDay.daysSinceEpoch
            for j in 0..<n {
                guard !v[j].isNaN else {
                    out[j] = .nan
                    continue
                }
                let age = today - CalendarDay(Date(timeIntervalSinceReferenceDate: v[j])).daysSinceEpoch
                out[j] = age >= 0 && age <= days ? 1 : 0
            }
        }
    }

    /// `out[j] = answer(v[j])` for the `n` values, NaN where a value is NaN
    /// (missing): written as selects, not branches, so that the loop runs on
    /// vectors.
    @inline(__always)
    private static func each(
        _ v: UnsafePointer<Double>, _ n: Int, _ out: UnsafeMutablePointer<Double>, _ answer: (Double) -> Double
    ) {
        for j in 0..<n {
            let x = v[j]
            let a = answer(x)
            out[j] = x == x ? a : .nan
        }
    }

    /// One thread's buffers: a line's answers for a chunk, then each
    /// disqualifier's; the tiers' requirements; the sums; and a stack of
    /// columns for evaluating nodes.
    final class Scratch {
        static let width = 1_024
        let answers: UnsafeMutablePointer<Double>
        let tiers: UnsafeMutablePointer<Double>
        let sums: UnsafeMutablePointer<Double>
        /// The answers of the leaves asked per row (``ScoringPlan/Leaf``
        /// without a dictionary-encoded column), a column each.
        let perRow: UnsafeMutablePointer<Double>
        /// Room for the account lent to the leaves asked per row.
        let account = UnsafeMutablePointer<Account>.allocate(capacity: 1)
        private var stack: [UnsafeMutablePointer<Double>] = []
        private var depth = 0

        init(plan: ScoringPlan, perRowLeaves: Int = 0) {
            let w = Scratch.width
            perRow = .allocate(capacity: perRowLeaves * w)
            perRow.initialize(repeating: .nan, count: perRowLeaves * w)
            answers = .allocate(capacity: (1 + plan.disqualifiers.count) * w)
            answers.initialize(repeating: .nan, count: (1 + plan.disqualifiers.count) * w)
            tiers = .allocate(capacity: max(1, plan.requirements.count) * w)
            tiers.initialize(repeating: .nan, count: max(1, plan.requirements.count) * w)
            sums = .allocate(capacity: plan.rubric.tally.sumsScratch(width: w))
            sums.initialize(repeating: 0, count: plan.rubric.tally.sumsScratch(width: w))
        }

        deinit {
            answers.deallocate()
            tiers.deallocate()
            sums.deallocate()
            perRow.deallocate()
            account.deallocate()
            for column in stack { column.deallocate() }
        }

        /// A free column (pushed: give it back with ``pop()``).
        func push() -> UnsafeMutablePointer<Double> {
            if depth == stack.count {
                let column = UnsafeMutablePointer<Double>.allocate(capacity: Scratch.width)
                column.initialize(repeating: .nan, count: Scratch.width)
                stack.append(column)
            }
            depth += 1
            return stack[depth - 1]
        }

        func pop() { depth -= 1 }
    }
}
