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
/// the cells themselves (see `CRMImport`), without an account per row.
///
/// ```swift
/// let plan = try #require(ScoringPlan(profile.fit))
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
        self.count = accounts.count
        self.accounts = accounts
        var numberOperands: [Operand] = []
        var categoryOperands: [Operand] = []
        for operand in Set(operands.flatMap(AccountTable.stored)) {
            switch AccountTable.storage(of: operand) {
            case .number: numberOperands.append(operand)
            case .category: categoryOperands.append(operand)
            case .perRow: break
            }
        }
        var numberColumns = numberOperands.map { _ in [Double]() }
        var columns = categoryOperands.map { _ in Categories(codes: [], representatives: []) }
        var indexes = categoryOperands.map { _ in [CellKey: Int32]() }
        for k in numberColumns.indices { numberColumns[k].reserveCapacity(accounts.count) }
        for k in columns.indices { columns[k].codes.reserveCapacity(accounts.count) }
        // Row by row, each field read in place: reading an account out of
        // the array (or passing it to a function that is not inlined)
        // copies it, and a copy retains each of its texts and arrays.
        accounts.withUnsafeBufferPointer { accounts in
            guard let first = accounts.baseAddress else { return }
            for row in accounts.indices {
                let account = first + row
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
            }
        }
        self.numbers = Dictionary(uniqueKeysWithValues: zip(numberOperands, numberColumns))
        self.categories = Dictionary(uniqueKeysWithValues: zip(categoryOperands, columns))
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

    /// A number column (NaN where missing).
    package func numbers(of operand: Operand) -> [Double]? { numbers[operand] }

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
    static let dayFree = EvaluationContext(asOf: CalendarDay(daysSinceEpoch: 0))
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
