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
/// ```swift
/// let plan = try #require(ScoringPlan(profile.fit))
/// let table = AccountTable(accounts, reading: plan.operands)
/// let summaries = plan.summaries(of: table, in: EvaluationContext(asOf: day))
/// ```
public struct AccountTable: Sendable {
    /// How many accounts.
    public let count: Int
    /// The accounts, in order (for what is worked out per row).
    public let accounts: [Account]
    /// Number columns, NaN where missing.
    let numbers: [Operand: [Double]]
    /// Dictionary-encoded columns.
    let categories: [Operand: Categories]

    /// A dictionary-encoded column: each row's code, and for each code an
    /// account holding that value (the first row that has it).
    struct Categories: Sendable {
        var codes: [Int32]
        var representatives: [Int]
    }

    /// Builds the columns the operands read (see ``ScoringPlan/operands``).
    public init(_ accounts: [Account], reading operands: [Operand]) {
        self.count = accounts.count
        self.accounts = accounts
        var numbers: [Operand: [Double]] = [:]
        var categories: [Operand: Categories] = [:]
        for operand in Set(operands.flatMap(AccountTable.stored)) {
            switch AccountTable.storage(of: operand) {
            case .number:
                numbers[operand] = accounts.map { AccountTable.number(operand, of: $0) }
            case .category:
                var index: [CellKey: Int32] = [:]
                var column = Categories(codes: [], representatives: [])
                column.codes.reserveCapacity(accounts.count)
                for (row, account) in accounts.enumerated() {
                    let key = CellKey(operand, of: account)
                    if let code = index[key] {
                        column.codes.append(code)
                    } else {
                        let code = Int32(column.representatives.count)
                        index[key] = code
                        column.representatives.append(row)
                        column.codes.append(code)
                    }
                }
                categories[operand] = column
            case .perRow:
                break
            }
        }
        self.numbers = numbers
        self.categories = categories
    }

    /// How many distinct values a dictionary-encoded column holds; `nil`
    /// for an operand held as numbers or not held.
    public func distinctValues(of operand: Operand) -> Int? {
        categories[operand]?.representatives.count
    }

    /// A dictionary-encoded column: each row's code and, per code, the
    /// first row holding that value.
    package func codes(of operand: Operand) -> (codes: [Int32], representatives: [Int])? {
        categories[operand].map { ($0.codes, $0.representatives) }
    }

    /// A number column (NaN where missing).
    package func numbers(of operand: Operand) -> [Double]? { numbers[operand] }

    /// How an operand is held.
    enum Storage {
        case number
        case category
        case perRow
    }

    /// How an operand read directly is held.
    static func storage(of operand: Operand) -> Storage {
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
    static func stored(_ operand: Operand) -> [Operand] {
        switch operand {
        case .companyAge: [.field(.founded)]
        case .valid(let o, _), .matches(let o, _): stored(o)
        case .headcountGrowth, .headcountHistory, .events, .change: []
        default: storage(of: operand) == .perRow ? [] : [operand]
        }
    }

    /// A number column's value for an account: the number, or a date as
    /// seconds since the reference date; NaN when missing.
    static func number(_ operand: Operand, of account: Account) -> Double {
        if case .field(.lastFundingDate) = operand {
            return account.lastFundingDate?.timeIntervalSinceReferenceDate ?? .nan
        }
        return operand.number(of: account, in: dayFree) ?? .nan
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

    init(_ operand: Operand, of account: Account) {
        func text(_ t: String?) -> CellKey { t.map(CellKey.text) ?? .missing }
        switch operand {
        case .field(.industry): self = text(account.industry)
        case .field(.industryCode): self = text(account.industryCode)
        case .field(.stage): self = text(account.stage)
        case .field(.city): self = text(account.city)
        case .field(.country): self = text(account.countryCode)
        case .field(.state): self = text(account.subdivisionCode)
        case .field(.technologies): self = .keys(account.sortedTechnologyKeys.keys)
        case .field(.advocacy): self = account.advocacy.map(CellKey.advocacy) ?? .missing
        case .field(.prominentBrand): self = account.isProminentBrand.map(CellKey.flag) ?? .missing
        case .field(.painPoints): self = .texts(account.painPoints)
        case .field(.useCases): self = .texts(account.useCases)
        case .attribute(let key): self = account.attributes.entry(key).map(CellKey.entry) ?? .missing
        default: self = .missing
        }
    }
}
