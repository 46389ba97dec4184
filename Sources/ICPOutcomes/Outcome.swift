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

/// Reads a label column's values as won (`true`) or not.
///
/// With a positive value named, exactly the values equal to it (folded:
/// case, spaces, underscores and hyphens do not matter; numbers by value)
/// are wins and every other value a loss. Without one, the usual ways of
/// writing a yes or no are read: `1`/`0`, `true`/`false`, `yes`/`no`,
/// `won`/`lost`, `closed won`/`closed lost`, `converted`/`not converted`;
/// anything else is an error asking for the positive value.
public struct OutcomeLabel: Sendable, Hashable {
    /// The column read.
    public let column: String
    /// The value that means won, when named.
    public let positive: String?
    private let positiveKey: NameKey?
    private let positiveNumber: Double?

    private static let wins: Set<NameKey> = Set(
        ["1", "true", "yes", "y", "won", "win", "closed won", "converted", "customer", "positive"].map { NameKey($0) })
    private static let losses: Set<NameKey> = Set(
        ["0", "false", "no", "n", "lost", "loss", "closed lost", "not converted", "negative"].map { NameKey($0) })

    /// Creates a reader for a column, with the winning value if named.
    public init(column: String, positive: String? = nil) {
        self.column = column
        self.positive = positive
        self.positiveKey = positive.map { NameKey($0) }
        self.positiveNumber = positive.flatMap { Double($0.trimmed()) }
    }

    /// Whether the value is a win; `nil` when the value is missing.
    ///
    /// - Throws: ``OutcomeError`` for a value that is neither a known yes
    ///   nor a known no, when no positive value is named.
    public func read(_ value: AttributeValue?) throws -> Bool? {
        guard let value else { return nil }
        if positiveKey != nil {
            switch value {
            case .number(let n): return positiveNumber.map { $0 == n } ?? (NameKey(value.description) == positiveKey)
            case .flag(let f): return positiveKey.map { OutcomeLabel.wins.contains($0) == f } ?? false
            default: return NameKey(value.description) == positiveKey
            }
        }
        switch value {
        case .flag(let f): return f
        case .number(let n) where n == 1 || n == 0: return n == 1
        default:
            let key = NameKey(value.description)
            if OutcomeLabel.wins.contains(key) { return true }
            if OutcomeLabel.losses.contains(key) { return false }
            throw OutcomeError(
                "column \"\(column)\": cannot read \"\(value)\" as won or lost; name the winning value with --positive")
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
        accounts = []
        outcomes = []
        skipped = []
        let key = NameKey(label.column)
        guard all.isEmpty || all.contains(where: { $0.attributes.entry(key) != nil }) else {
            throw OutcomeError("no account has a value in the label column \"\(label.column)\"")
        }
        let deal = NameKey(columns.dealValue)
        let cycle = NameKey(columns.cycleDays)
        let churn = NameKey(columns.churned)
        for account in all {
            let value = account.attributes.entry(key)?.value
            guard let won = try label.read(value) else {
                skipped.append((account.id, "the label \"\(label.column)\" is empty"))
                continue
            }
            func number(_ k: NameKey) -> Double? {
                if case .number(let n)? = account.attributes.entry(k)?.value { return n }
                return nil
            }
            var churned: Bool?
            switch account.attributes.entry(churn)?.value {
            case .flag(let f)?: churned = f
            case .number(let n)? where n == 0 || n == 1: churned = n == 1
            default: churned = nil
            }
            accounts.append(account)
            outcomes.append(Outcome(won: won, dealValue: number(deal), cycleDays: number(cycle), churned: churned))
        }
        guard !accounts.isEmpty else { throw OutcomeError("no rows with a label in \"\(label.column)\"") }
        let wins = outcomes.count { $0.won }
        guard wins > 0, wins < outcomes.count else {
            throw OutcomeError(
                "every labelled row is \(wins > 0 ? "a win" : "a loss") in \"\(label.column)\"; outcomes need both wins and losses"
                    + (label.positive.map { " (is --positive \"\($0)\" the winning value?)" } ?? ""))
        }
    }
}
