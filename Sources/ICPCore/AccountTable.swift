#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Accounts as columns, for scoring many at once with a ``ScoringPlan``:
/// one column per value the plan reads.
///
/// - A number (employees, revenue, a funding date as seconds) is a
///   contiguous `[Double]`, NaN where it is missing.
/// - Any other value (an industry, a country, a tech stack, a custom
///   attribute of any kind) is dictionary-encoded: an integer code per row
///   into the column's distinct values, so a condition over it is answered
///   once per distinct value and gathered by code.
/// - What changes with the "as of" day or reads the event log (event
///   counts, recency, headcount growth) is worked out per row, from the
///   accounts the table keeps.
///
/// `icp score` builds a table like this for each part of a CSV file, from
/// the cells themselves, without an account per row; `CRMImport.table`
/// (in `ICPFiles`) reads a whole file into one that way.
///
/// ```swift
/// guard let plan = ScoringPlan(profile.fit) else { return }  // a host criterion: use summarizeAll
/// let table = AccountTable(accounts, reading: plan.operands)
/// let summaries = plan.summaries(of: table, in: EvaluationContext(asOf: day))
/// ```
public struct AccountTable: Sendable {
    /// How many accounts.
    public let count: Int
    /// The accounts, in order (for what is worked out per row); empty in a
    /// table built from columns, whose per-row answers are given.
    public let accounts: [Account]
    /// Number columns, NaN where missing.
    let numbers: [Operand: [Double]]
    /// Dictionary-encoded columns.
    let categories: [Operand: Categories]

    /// A dictionary-encoded column: each row's code, and for each code an
    /// account holding that value (the first row that has it).
    struct Categories: Sendable {
        var codes: [Int32]
        var representatives: [Account]
    }

    /// Builds the columns the operands read (see ``ScoringPlan/operands``).
    public init(_ accounts: [Account], reading operands: [Operand]) {
        var builder = Builder(reading: operands, keepingAccounts: false, capacity: accounts.count)
        // Each account read in place: reading it out of the array (or
        // passing it to a function that is not inlined) copies it, and a
        // copy retains each of its texts and arrays.
        accounts.withUnsafeBufferPointer { accounts in
            guard let first = accounts.baseAddress else { return }
            for row in accounts.indices { builder.append(first + row) }
        }
        self = builder.table(accounts: accounts)
    }

    /// Builds a table a row at a time, in order: what both
    /// ``init(_:reading:)`` and a table read from a file do.
    package struct Builder: Sendable {
        let numberOperands: [Operand]
        let categoryOperands: [Operand]
        var numberColumns: [[Double]]
        var columns: [Categories]
        var indexes: [[CellKey: Int32]]
        /// Whether each row's account is kept (for what is asked per row).
        let keepsAccounts: Bool
        var accounts: [Account] = []
        package private(set) var count = 0

        /// A builder of the columns the operands read, keeping each row's
        /// account when asked to.
        package init(reading operands: [Operand], keepingAccounts: Bool, capacity: Int = 0) {
            let (numberOperands, categoryOperands) = Builder.columns(reading: operands)
            self.numberOperands = numberOperands
            self.categoryOperands = categoryOperands
            numberColumns = numberOperands.map { _ in [Double]() }
            columns = categoryOperands.map { _ in Categories(codes: [], representatives: []) }
            indexes = categoryOperands.map { _ in [CellKey: Int32]() }
            keepsAccounts = keepingAccounts
            for k in numberColumns.indices { numberColumns[k].reserveCapacity(capacity) }
            for k in columns.indices { columns[k].codes.reserveCapacity(capacity) }
            if keepingAccounts { accounts.reserveCapacity(capacity) }
        }

        /// The rows of a part already in columns, in the order
        /// ``columns(reading:)`` gives: to be added to a builder of the
        /// same operands with ``append(contentsOf:rows:)`` (a value may
        /// have several codes here; it gets one there).
        package init(
            reading operands: [Operand], count: Int, numbers: [[Double]], codes: [[Int32]], representatives: [[Account]]
        ) {
            (numberOperands, categoryOperands) = Builder.columns(reading: operands)
            self.count = count
            numberColumns = numbers
            columns = zip(codes, representatives).map { Categories(codes: $0, representatives: $1) }
            indexes = []
            keepsAccounts = false
        }

        /// The number columns and the dictionary-encoded columns a table of
        /// the operands holds, each once, in the order first read.
        package static func columns(reading operands: [Operand]) -> (numbers: [Operand], categories: [Operand]) {
            var numbers: [Operand] = []
            var categories: [Operand] = []
            for operand in operands.flatMap(AccountTable.stored) {
                guard !numbers.contains(operand), !categories.contains(operand) else { continue }
                switch AccountTable.storage(of: operand) {
                case .number: numbers.append(operand)
                case .category: categories.append(operand)
                case .perRow: break
                }
            }
            return (numbers, categories)
        }

        /// Adds a row: each column's value read in place; the first
        /// account holding a value becomes its representative.
        package mutating func append(_ account: UnsafePointer<Account>) {
            count += 1
            for (k, operand) in numberOperands.enumerated() {
                numberColumns[k].append(AccountTable.number(operand, at: account))
            }
            for (k, operand) in categoryOperands.enumerated() {
                let key = CellKey(operand, at: account)
                if let code = indexes[k][key] {
                    columns[k].codes.append(code)
                } else {
                    let code = Int32(columns[k].representatives.count)
                    indexes[k][key] = code
                    columns[k].representatives.append(account.pointee)
                    columns[k].codes.append(code)
                }
            }
            if keepsAccounts { accounts.append(account.pointee) }
        }

        /// Adds rows `rows` (in increasing order) of a builder of the same
        /// operands, a part read on another thread: each value takes this
        /// builder's code for it, or a new one.
        package mutating func append(contentsOf part: Builder, rows: [Int]) {
            for k in numberColumns.indices {
                part.numberColumns[k].withUnsafeBufferPointer { theirs in
                    for row in rows { numberColumns[k].append(theirs[row]) }
                }
            }
            for (k, operand) in categoryOperands.enumerated() {
                let theirs = part.columns[k]
                var codeOf = [Int32](repeating: -1, count: theirs.representatives.count)
                theirs.representatives.withUnsafeBufferPointer { representatives in
                    guard let first = representatives.baseAddress else { return }
                    for row in rows {
                        let c = Int(theirs.codes[row])
                        if codeOf[c] < 0 {
                            let key = CellKey(operand, at: first + c)
                            if let code = indexes[k][key] {
                                codeOf[c] = code
                            } else {
                                let code = Int32(columns[k].representatives.count)
                                indexes[k][key] = code
                                columns[k].representatives.append(first[c])
                                codeOf[c] = code
                            }
                        }
                        columns[k].codes.append(codeOf[c])
                    }
                }
            }
            if keepsAccounts {
                for row in rows where row < part.accounts.count { accounts.append(part.accounts[row]) }
            }
            count += rows.count
        }

        /// The table of the rows added, with `accounts` when given (else the
        /// accounts kept, if any).
        package consuming func table(accounts given: [Account]? = nil) -> AccountTable {
            AccountTable(
                count: count, accounts: given ?? accounts,
                numbers: Dictionary(uniqueKeysWithValues: zip(numberOperands, numberColumns)),
                categories: Dictionary(uniqueKeysWithValues: zip(categoryOperands, columns)))
        }
    }

    /// Whether a table of these operands must keep each row's account: when
    /// one of them is worked out per row (an id, name or domain, headcount
    /// history or growth, events) rather than held as a column.
    package static func needsAccounts(_ operands: [Operand]) -> Bool {
        func perRow(_ operand: Operand) -> Bool {
            switch operand {
            case .companyAge: false
            case .valid(let o, _), .matches(let o, _): perRow(o)
            default: storage(of: operand) == .perRow
            }
        }
        return operands.contains(where: perRow)
    }

    private init(count: Int, accounts: [Account], numbers: [Operand: [Double]], categories: [Operand: Categories]) {
        self.count = count
        self.accounts = accounts
        self.numbers = numbers
        self.categories = categories
    }

    /// A table from columns already made: number columns (NaN where
    /// missing), and dictionary-encoded ones, each row's code with an
    /// account per code holding its value. Without `accounts`, a plan's
    /// leaves that are asked per row take their answers from the caller
    /// (see ``BoundPlan/init(plan:table:answers:perRow:day:)``).
    package init(
        count: Int, accounts: [Account] = [], numbers: [Operand: [Double]],
        categories: [Operand: (codes: [Int32], representatives: [Account])]
    ) {
        self.count = count
        self.accounts = accounts
        self.numbers = numbers
        self.categories = categories.mapValues { Categories(codes: $0.codes, representatives: $0.representatives) }
    }
    /// How many distinct values a dictionary-encoded column holds; `nil`
    /// for an operand held as numbers or not held.
    public func distinctValues(of operand: Operand) -> Int? {
        categories[operand]?.representatives.count
    }

    /// A dictionary-encoded column: each row's code and, per code, the
    /// first row holding that value.
    package func codes(of operand: Operand) -> (codes: [Int32], representatives: [Account])? {
        categories[operand].map { ($0.codes, $0.representatives) }
    }

    /// A number column, one value per row (NaN where missing): employees,
    /// revenue, a founding year, a funding date as seconds since the
    /// reference date; `nil` for an operand held otherwise or not held.
    public func numbers(of operand: Operand) -> [Double]? { numbers[operand] }

    /// Whether two tables hold the same values: as many rows, each number
    /// column equal bit for bit (NaN where missing), and each
    /// dictionary-encoded column the same codes, each code's representative
    /// holding the same value. (The accounts kept for what is asked per
    /// row are not compared.)
    package func holdsSameValues(as other: AccountTable) -> Bool {
        guard count == other.count, Set(numbers.keys) == Set(other.numbers.keys),
            Set(categories.keys) == Set(other.categories.keys)
        else { return false }
        for (operand, column) in numbers {
            guard let theirs = other.numbers[operand],
                column.map(\.bitPattern) == theirs.map(\.bitPattern)
            else { return false }
        }
        for (operand, column) in categories {
            guard let theirs = other.categories[operand], column.codes == theirs.codes,
                column.representatives.count == theirs.representatives.count
            else { return false }
            for (a, b) in zip(column.representatives, theirs.representatives) {
                let same = withUnsafePointer(to: a) { a in
                    withUnsafePointer(to: b) { b in CellKey(operand, at: a) == CellKey(operand, at: b) }
                }
                guard same else { return false }
            }
        }
        return true
    }

    /// How an operand is held.
    package enum Storage {
        case number
        case category
        case perRow
    }

    /// How an operand read directly is held.
    package static func storage(of operand: Operand) -> Storage {
        switch operand {
        case .field(let f):
            switch f {
            case .employees, .revenue, .founded, .funding, .customers, .nps, .sentiment, .referrals, .lastFundingDate:
                return .number
            case .industry, .industryCode, .stage, .city, .country, .state, .technologies, .advocacy, .prominentBrand,
                .painPoints, .useCases:
                return .category
            case .id, .name, .domain:
                return .perRow
            }
        case .attribute: return .category
        case .companyAge, .headcountGrowth, .headcountHistory, .events, .change, .matches, .valid: return .perRow
        }
    }

    /// The stored columns an operand is worked out from.
    package static func stored(_ operand: Operand) -> [Operand] {
        switch operand {
        case .companyAge: [.field(.founded)]
        case .valid(let o, _), .matches(let o, _): stored(o)
        case .headcountGrowth, .headcountHistory, .events, .change: []
        default: storage(of: operand) == .perRow ? [] : [operand]
        }
    }

    /// A number column's value for an account: the number, or a date as
    /// seconds since the reference date; NaN when missing or not finite,
    /// as ``Operand/number(of:in:)`` reads a field (read here in place,
    /// where that function would be handed a copy of the account).
    @inline(__always) package static func number(_ operand: Operand, at account: UnsafePointer<Account>) -> Double {
        guard case .field(let field) = operand else { return .nan }
        if field == .lastFundingDate { return account.pointee.lastFundingDate?.timeIntervalSinceReferenceDate ?? .nan }
        return account.pointee.number(field).flatMap { $0.isFinite ? $0 : nil } ?? .nan
    }

    /// The context stored number columns are read in: they do not depend on the day.
    package static let dayFree = EvaluationContext(asOf: CalendarDay(daysSinceEpoch: 0))
}

/// What makes two accounts' values of an operand the same, for a
/// dictionary-encoded column (conditions read nothing else of the operand).
enum CellKey: Hashable {
    case missing
    case text(String)
    case texts([String])
    case keys([NameKey])
    case flag(Bool)
    case advocacy(Set<Advocacy>)
    case entry(CustomAttributes.Entry)

    /// The key of the account's value of the operand, read in place.
    @inline(__always) init(_ operand: Operand, at a: UnsafePointer<Account>) {
        func text(_ t: String?) -> CellKey { t.map(CellKey.text) ?? .missing }
        switch operand {
        case .field(.industry): self = text(a.pointee.industry)
        case .field(.industryCode): self = text(a.pointee.industryCode)
        case .field(.stage): self = text(a.pointee.stage)
        case .field(.city): self = text(a.pointee.city)
        case .field(.country): self = text(a.pointee.countryCode)
        case .field(.state): self = text(a.pointee.subdivisionCode)
        case .field(.technologies): self = .keys(a.pointee.sortedTechnologyKeys.keys)
        case .field(.advocacy): self = a.pointee.advocacy.map(CellKey.advocacy) ?? .missing
        case .field(.prominentBrand): self = a.pointee.isProminentBrand.map(CellKey.flag) ?? .missing
        case .field(.painPoints): self = .texts(a.pointee.painPoints)
        case .field(.useCases): self = .texts(a.pointee.useCases)
        case .attribute(let key): self = a.pointee.attributes.entry(key).map(CellKey.entry) ?? .missing
        default: self = .missing
        }
    }
}
