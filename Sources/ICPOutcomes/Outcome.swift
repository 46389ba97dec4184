import ICPCore

/// What became of an account or a lead: won or not, and when known the
/// deal's value, the days the sale took and whether the customer churned.
public struct Outcome: Sendable, Hashable {
    /// Whether it was won (converted, closed won, became a customer).
    public var won: Bool
    /// The deal's value, when known.
    public var dealValue: Double?
    /// Days from first touch to close, when known.
    public var cycleDays: Double?
    /// Whether the customer later churned, when known.
    public var churned: Bool?

    /// Creates an outcome.
    public init(won: Bool, dealValue: Double? = nil, cycleDays: Double? = nil, churned: Bool? = nil) {
        self.won = won
        self.dealValue = dealValue
        self.cycleDays = cycleDays
        self.churned = churned
    }
}

/// A value that cannot be read as an outcome, with what it was.
public struct OutcomeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, naming the column and value.
    public var message: String

    /// Creates an error.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}

/// Reads a label column's values as won, lost, or not closed.
///
/// With positive values named, the values equal to one of them (folded:
/// case, spaces, underscores and hyphens do not matter; numbers by value)
/// are wins. With negative values named too, those are losses and every
/// other value (Open, In Progress) is *not closed*: left out, never a loss.
/// With positive values alone, every other value is a loss. With neither,
/// the usual ways of writing a yes or no are read: `1`/`0`,
/// `true`/`false`, `yes`/`no`, `won`/`lost`, `closed won`/`closed lost`,
/// `converted`/`not converted`; anything else is an error asking for the
/// positive and negative values.
public struct OutcomeLabel: Sendable, Hashable {
    /// What a label value says.
    public enum Reading: Sendable, Hashable {
        /// Won.
        case won
        /// Lost.
        case lost
        /// Neither a positive nor a negative value: an open deal.
        case notClosed
        /// The cell is empty.
        case missing
    }

    /// The column read.
    public let column: String
    /// The values that mean won, when named.
    public let positives: [String]
    /// The values that mean lost, when named.
    public let negatives: [String]
    private let positiveKeys: [NameKey]
    private let negativeKeys: [NameKey]

    /// The first value that means won, when named.
    public var positive: String? { positives.first }

    private static let wins: Set<NameKey> = Set(
        ["1", "true", "yes", "y", "won", "win", "closed won", "converted", "customer", "positive"].map { NameKey($0) })
    private static let losses: Set<NameKey> = Set(
        ["0", "false", "no", "n", "lost", "loss", "closed lost", "not converted", "negative"].map { NameKey($0) })

    /// Creates a reader for a column, with the winning value if named.
    public init(column: String, positive: String? = nil) {
        self.init(column: column, positives: positive.map { [$0] } ?? [], negatives: [])
    }

    /// Creates a reader for a column with the values that mean won and,
    /// optionally, those that mean lost.
    public init(column: String, positives: [String], negatives: [String] = []) {
        self.column = column
        self.positives = positives
        self.negatives = negatives
        self.positiveKeys = positives.map { NameKey($0) }
        self.negativeKeys = negatives.map { NameKey($0) }
    }

    /// Whether a value is one of `keys`: numbers by value, others folded.
    private static func matches(_ value: AttributeValue, _ keys: [NameKey], _ written: [String]) -> Bool {
        switch value {
        case .number(let n):
            return written.contains { Double($0.trimmed()) == n } || keys.contains(NameKey(value.description))
        case .flag(let f): return keys.contains { f ? wins.contains($0) : losses.contains($0) }
        default: return keys.contains(NameKey(value.description))
        }
    }

    /// What a value says.
    ///
    /// - Throws: ``OutcomeError`` for a value that is neither a known yes
    ///   nor a known no, when no positive value is named.
    public func reading(_ value: AttributeValue?) throws -> Reading {
        guard let value else { return .missing }
        if !positiveKeys.isEmpty {
            if OutcomeLabel.matches(value, positiveKeys, positives) { return .won }
            if negativeKeys.isEmpty || OutcomeLabel.matches(value, negativeKeys, negatives) { return .lost }
            return .notClosed
        }
        switch value {
        case .flag(let f): return f ? .won : .lost
        case .number(let n) where n == 1 || n == 0: return n == 1 ? .won : .lost
        default:
            let key = NameKey(value.description)
            if OutcomeLabel.wins.contains(key) { return .won }
            if OutcomeLabel.losses.contains(key) { return .lost }
            throw OutcomeError(
                "column \"\(column)\": cannot read \"\(value)\" as won or lost; name the winning values with --positive (and the losing ones with --negative)"
            )
        }
    }

    /// Whether the value is a win; `nil` when the value is missing or not closed.
    ///
    /// - Throws: ``OutcomeError`` for a value that is neither a known yes
    ///   nor a known no, when no positive value is named.
    public func read(_ value: AttributeValue?) throws -> Bool? {
        switch try reading(value) {
        case .won: true
        case .lost: false
        case .notClosed, .missing: nil
        }
    }
}

/// Accounts with the outcome read from their own columns, as an analysis
/// takes them.
public struct LabeledAccounts: Sendable {
    /// The accounts whose label could be read, in input order.
    public var accounts: [Account]
    /// Their outcomes, one per account.
    public var outcomes: [Outcome]
    /// The accounts left out and why (an empty label), by account id.
    public var skipped: [(id: String, reason: String)]
    /// Rows left out as not closed (neither a positive nor a negative
    /// value), by value, most common first.
    public var notClosed: [(value: String, count: Int)] = []

    /// The outcome columns an export may carry besides the label.
    public struct Columns: Sendable, Hashable {
        /// The deal value column.
        public var dealValue: String
        /// The sales-cycle days column.
        public var cycleDays: String
        /// The churned column (yes / no).
        public var churned: String

        /// Creates the names; the defaults are `deal_value`, `cycle_days`
        /// and `churned`.
        public init(dealValue: String = "deal_value", cycleDays: String = "cycle_days", churned: String = "churned") {
            self.dealValue = dealValue
            self.cycleDays = cycleDays
            self.churned = churned
        }

        /// The names, for leaving them out of the features.
        public var all: [String] { [dealValue, cycleDays, churned] }
    }

    /// Reads each account's outcome from its custom attributes.
    ///
    /// - Throws: ``OutcomeError`` when no account has the label column, a
    ///   label cannot be read, or only one class is present.
    public init(_ all: [Account], label: OutcomeLabel, columns: Columns = Columns()) throws {
        var reader = OutcomeReader(label: label, columns: columns)
        accounts = []
        outcomes = []
        for account in all {
            guard let outcome = try reader.read(reader.cells(of: account)) else { continue }
            accounts.append(account)
            outcomes.append(outcome)
        }
        try reader.finish()
        skipped = reader.skipped
        notClosed = reader.notClosed
    }
}

/// Reads outcomes account by account, as ``LabeledAccounts`` reads an
/// array: for a file read as a stream, with the label's cells taken on any
/// thread (``cells(of:)``) and read in file order (``read(_:)``).
public struct OutcomeReader: Sendable {
    /// What the reader needs of an account: its id, its label and the
    /// outcome columns.
    public struct Cells: Sendable {
        let id: String
        let label: AttributeValue?
        let dealValue: Double?
        let cycleDays: Double?
        let churned: Bool?
    }

    /// The label read.
    public let label: OutcomeLabel
    private let key: NameKey
    private let deal: NameKey
    private let cycle: NameKey
    private let churn: NameKey
    /// The accounts left out and why (an empty label), by account id.
    public private(set) var skipped: [(id: String, reason: String)] = []
    private var open: [String: Int] = [:]
    /// Label values, counted when `--positive` is named alone.
    private var values: [String: Int] = [:]
    private var rows = 0
    private var labelled = 0
    private var read = 0
    private var wins = 0

    /// A reader of a label and the outcome columns.
    public init(label: OutcomeLabel, columns: LabeledAccounts.Columns = LabeledAccounts.Columns()) {
        self.label = label
        key = NameKey(label.column)
        deal = NameKey(columns.dealValue)
        cycle = NameKey(columns.cycleDays)
        churn = NameKey(columns.churned)
    }

    /// The custom attributes the reader reads, folded: the label, then the
    /// deal value, cycle days and churned columns.
    public var attributes: [NameKey] { [key, deal, cycle, churn] }

    /// An account's cells the reader needs.
    public func cells(of account: Account) -> Cells {
        cells(id: account.id, values: attributes.map { account.attributes.entry($0)?.value }[...])
    }

    /// The cells the reader needs, from a row's id and the values of
    /// ``attributes``, in that order (missing values are `nil`).
    public func cells(id: String, values: ArraySlice<AttributeValue?>) -> Cells {
        var values = values.makeIterator()
        func next() -> AttributeValue? { values.next() ?? nil }
        let label = next()
        func number(_ value: AttributeValue?) -> Double? {
            if case .number(let n)? = value { return n }
            return nil
        }
        let dealValue = number(next())
        let cycleDays = number(next())
        var churned: Bool?
        switch next() {
        case .flag(let f)?: churned = f
        case .number(let n)? where n == 0 || n == 1: churned = n == 1
        default: churned = nil
        }
        return Cells(id: id, label: label, dealValue: dealValue, cycleDays: cycleDays, churned: churned)
    }

    /// The outcome of the next account; `nil` when it is left out (an
    /// empty label, or not closed).
    ///
    /// - Throws: ``OutcomeError`` for a label that cannot be read.
    public mutating func read(_ cells: Cells) throws -> Outcome? {
        rows += 1
        let value = cells.label
        if value != nil { labelled += 1 }
        if let value, !label.positives.isEmpty, label.negatives.isEmpty {
            values[value.description, default: 0] += 1
        }
        let won: Bool
        switch try label.reading(value) {
        case .won: won = true
        case .lost: won = false
        case .missing:
            skipped.append((cells.id, "the label \"\(label.column)\" is empty"))
            return nil
        case .notClosed:
            open[value?.description ?? "", default: 0] += 1
            return nil
        }
        read += 1
        if won { wins += 1 }
        return Outcome(won: won, dealValue: cells.dealValue, cycleDays: cells.cycleDays, churned: cells.churned)
    }

    /// Rows left out as not closed, by value, most common first.
    public var notClosed: [(value: String, count: Int)] {
        open.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { (value: $0.key, count: $0.value) }
    }

    /// Checks what only the whole file shows.
    ///
    /// - Throws: ``OutcomeError`` when no account has the label column,
    ///   `--positive` is named alone for a column of more than two values,
    ///   no row is won or lost, or only one class is present.
    public func finish() throws {
        guard rows == 0 || labelled > 0 else {
            throw OutcomeError("no account has a value in the label column \"\(label.column)\"")
        }
        // With --positive alone every other value is a loss: only safe for two values.
        if values.count > 2 {
            let found = values.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(12)
                .map { "\($0.key) (\($0.value))" }.joined(separator: ", ")
            throw OutcomeError(
                "column \"\(label.column)\" has \(values.count) values: \(found); with --positive alone every value but \(label.positives.joined(separator: ", ")) would count as a loss: name the losing values with --negative, and the others (open deals) are left out"
            )
        }
        guard read > 0 else { throw OutcomeError("no rows with a won or lost label in \"\(label.column)\"") }
        guard wins > 0, wins < read else {
            throw OutcomeError(
                "every labelled row is \(wins > 0 ? "a win" : "a loss") in \"\(label.column)\"; outcomes need both wins and losses"
                    + (label.positive.map { " (is --positive \"\($0)\" the winning value?)" } ?? ""))
        }
    }
}
