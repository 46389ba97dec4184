#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

// A condition worked out for one account: the reference the engine and
// the SQL compiler are checked against, and the meaning of every case.

extension Condition {
    /// The degree for an account as of the context's date, or `nil` when unknown.
    public func degree(of account: Account, in context: EvaluationContext) -> Double? {
        switch self {
        case .number(let o, let bound):
            return o.number(of: account, in: context).map { bound.contains($0) ? 1 : 0 }
        case .proportion(let o, let cap):
            return o.number(of: account, in: context).map { cap == 0 ? 0 : min(1, max(0, $0 / abs(cap))) }
        case .text(let o, let keys):
            return o.text(of: account).map { keys.contains($0) ? 1 : 0 }
        case .prefix(let o, let prefixes):
            return Condition.code(o.rawText(of: account)).map { code in prefixes.contains { code.hasPrefix($0) } ? 1 : 0
            }
        case .items(let o, let groups, let test):
            guard let items = o.items(of: account) else { return nil }
            return Condition.test(items, groups, test) ? 1 : 0
        case .phrases(let o, let wanted, let atLeast):
            let items = o.phrases(of: account).map(Phrase.init).filter { !$0.words.isEmpty }
            guard !items.isEmpty else { return nil }
            let matched = wanted.filter { p in items.contains { $0.contains(p) || p.contains($0) } }.count
            return min(1, Double(matched) / Double(max(1, atLeast)))
        case .flag(let o, let wanted):
            return o.flag(of: account).map { $0 == wanted ? 1 : 0 }
        case .date(let o, let test):
            guard let date = o.date(of: account) else { return nil }
            switch test {
            case .before(let day):
                return date.timeIntervalSinceReferenceDate < day.date.timeIntervalSinceReferenceDate ? 1 : 0
            case .onOrAfter(let day):
                return date.timeIntervalSinceReferenceDate >= day.date.timeIntervalSinceReferenceDate ? 1 : 0
            case .withinDays(let days):
                let age = context.asOfDay.daysSinceEpoch - CalendarDay(date).daysSinceEpoch
                return age >= 0 && age <= days ? 1 : 0
            }
        case .present(let o):
            return o.isPresent(on: account, in: context) ? 1 : 0
        case .headcountCrossed(let size, let days):
            let today = context.asOfDay
            guard let before = account.headcount(onOrBefore: today.adding(days: -days)),
                let now = account.currentHeadcount(asOf: today)
            else { return nil }
            return before < size && now >= size ? 1 : 0
        case .all(let parts): return Condition.combine(parts.count, parts.map { $0.degree(of: account, in: context) })
        case .any(let parts): return Condition.combine(1, parts.map { $0.degree(of: account, in: context) })
        case .atLeast(let k, let parts): return Condition.combine(k, parts.map { $0.degree(of: account, in: context) })
        case .not(let part): return part.degree(of: account, in: context).map { 1 - $0 }
        case .missing(let part): return part.degree(of: account, in: context) == nil ? 1 : 0
        }
    }

    /// A code as prefixes are tested against it: without white space;
    /// `nil` when missing or blank.
    package static func code(_ text: String?) -> String? {
        text.map { $0.filter { !$0.isWhitespace } }.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Whether a list meets its groups.
    package static func test(_ items: Set<NameKey>, _ groups: [Set<NameKey>], _ test: ItemsTest) -> Bool {
        switch test {
        case .any: groups.contains { !$0.isDisjoint(with: items) }
        case .all: groups.allSatisfy { !$0.isDisjoint(with: items) }
        case .none: !groups.contains { !$0.isDisjoint(with: items) }
        }
    }

    /// The *k*-th largest degree, or `nil` when unknowns could change it:
    /// an unknown counts as 0 for the lower answer and 1 for the upper.
    package static func combine(_ needed: Int, _ degrees: [Double?]) -> Double? {
        if needed <= 0 { return 1 }
        if needed > degrees.count { return 0 }
        let low = degrees.map { $0 ?? 0 }.sorted(by: >)[needed - 1]
        let high = degrees.map { $0 ?? 1 }.sorted(by: >)[needed - 1]
        return low == high ? low : nil
    }
}

extension Account {
    /// A standard field's number (`nil` for a field that holds none, or
    /// when it is missing), as ``Operand/field(_:)`` reads it.
    @inline(__always)
    package func number(_ field: AccountField) -> Double? {
        switch field {
        case .employees: employees.map(Double.init)
        case .revenue: annualRevenue
        case .founded: founded.map(Double.init)
        case .funding: fundingTotal
        case .customers: customerCount.map(Double.init)
        case .nps: nps.map(Double.init)
        case .sentiment: sentiment
        case .referrals: referralsGiven.map(Double.init)
        default: nil
        }
    }
}

extension Operand {
    /// The value as a finite number, or `nil`.
    public func number(of account: Account, in context: EvaluationContext) -> Double? {
        let value: Double?
        switch self {
        case .field(let f):
            value = account.number(f)
        case .attribute(let key):
            guard case .number(let n)? = account.attributes.entry(key)?.value else { return nil }
            value = n
        case .companyAge:
            value = account.founded.map { Double(context.asOfDay.year - $0) }
        case .headcountGrowth(let days):
            let today = context.asOfDay
            guard let before = account.headcount(onOrBefore: today.adding(days: -days)), before > 0,
                let now = account.currentHeadcount(asOf: today)
            else { return nil }
            value = Double(now - before) / Double(before)
        case .headcountHistory:
            value = nil
        case .events(let measure):
            value = measure.measure(account.events, asOf: context.asOf)
        case .change(let now, let before):
            guard let b = before.measure(account.events, asOf: context.asOf), b > 0,
                let n = now.measure(account.events, asOf: context.asOf)
            else { return nil }
            value = (n - b) / b
        case .matches(let list, let groups):
            guard let items = list.items(of: account) else { return nil }
            value = Double(groups.filter { !$0.isDisjoint(with: items) }.count)
        case .valid(let o, let bound):
            value = o.number(of: account, in: context).flatMap { bound.contains($0) ? $0 : nil }
        }
        guard let value, value.isFinite else { return nil }
        return value
    }

    /// The value as folded text, or `nil`.
    public func text(of account: Account) -> NameKey? {
        switch self {
        case .field(.industry): account.industryKey
        case .field(.stage): account.stageKey
        case .field(.city): account.city.map { NameKey($0) }
        case .field(.country): account.countryCode.map { NameKey($0) }
        case .field(.state): account.subdivisionCode.map { NameKey($0) }
        case .attribute(let key): account.attributes.entry(key)?.textKey
        default: nil
        }
    }

    /// The value as written, for prefixes (industry codes), or `nil`.
    public func rawText(of account: Account) -> String? {
        switch self {
        case .field(.industryCode): account.industryCode
        case .attribute(let key):
            if case .text(let t)? = account.attributes.entry(key)?.value { t } else { nil }
        default: nil
        }
    }

    /// The value as a list of folded names (a text attribute is a list of
    /// one), or `nil` when missing (an empty tech stack is missing).
    public func items(of account: Account) -> Set<NameKey>? {
        switch self {
        case .field(.technologies):
            let keys = account.technologyKeys
            return keys.isEmpty ? nil : keys
        case .field(.advocacy):
            return account.advocacy.map { Set($0.map { NameKey($0.rawValue) }) }
        case .attribute(let key):
            guard let entry = account.attributes.entry(key) else { return nil }
            if let list = entry.listKeys { return list }
            return entry.textKey.map { [$0] }
        default:
            return nil
        }
    }

    /// The value as a list of phrases (empty when missing).
    public func phrases(of account: Account) -> [String] {
        switch self {
        case .field(.painPoints): account.painPoints
        case .field(.useCases): account.useCases
        case .attribute(let key):
            switch account.attributes.entry(key)?.value {
            case .list(let items)?: items
            case .text(let t)?: [t]
            default: []
            }
        default: []
        }
    }

    /// The value as yes / no, or `nil`: a flag, a number 1 or 0, or a text
    /// yes / y / true / no / n / false.
    public func flag(of account: Account) -> Bool? {
        switch self {
        case .field(.prominentBrand): return account.isProminentBrand
        case .attribute(let key):
            guard let entry = account.attributes.entry(key) else { return nil }
            return Operand.flag(entry)
        default: return nil
        }
    }

    /// A custom attribute's value read as yes / no.
    package static func flag(_ entry: CustomAttributes.Entry) -> Bool? {
        switch entry.value {
        case .flag(let f): return f
        case .number(let n): return n == 1 ? true : n == 0 ? false : nil
        case .text: return entry.textKey.flatMap { flagWord($0.folded) }
        default: return nil
        }
    }

    /// A folded text read as yes / no: `yes`, `y`, `true` / `no`, `n`, `false`.
    package static func flagWord(_ folded: String) -> Bool? {
        switch folded {
        case "yes", "y", "true": true
        case "no", "n", "false": false
        default: nil
        }
    }

    /// The value as a date, or `nil`.
    public func date(of account: Account) -> Date? {
        switch self {
        case .field(.lastFundingDate): account.lastFundingDate
        case .attribute(let key):
            if case .date(let d)? = account.attributes.entry(key)?.value { d } else { nil }
        default: nil
        }
    }

    /// Whether the value is there, of any kind.
    public func isPresent(on account: Account, in context: EvaluationContext) -> Bool {
        switch self {
        case .attribute(let key): account.attributes.entry(key) != nil
        case .field(.industry), .field(.stage), .field(.city), .field(.country), .field(.state):
            text(of: account) != nil
        case .field(.industryCode): rawText(of: account) != nil
        case .field(.technologies), .field(.advocacy): items(of: account) != nil
        case .field(.painPoints), .field(.useCases): !phrases(of: account).isEmpty
        case .field(.prominentBrand): flag(of: account) != nil
        case .field(.lastFundingDate): date(of: account) != nil
        default: number(of: account, in: context) != nil
        }
    }
}

extension Account {
    /// The headcount on a day: the newest snapshot on or before it.
    package func headcount(onOrBefore day: CalendarDay) -> Int? {
        headcountHistory.last { $0.day <= day }?.employees
    }

    /// The headcount as of a day: the newest snapshot, else ``employees``.
    package func currentHeadcount(asOf day: CalendarDay) -> Int? {
        headcount(onOrBefore: day) ?? employees
    }
}
