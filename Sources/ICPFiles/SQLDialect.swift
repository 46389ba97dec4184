import ICPCore

/// How a SQL engine spells what a compiled profile needs: quoted names,
/// text literals, a character by code, the smaller and larger of two
/// numbers, where a text occurs in another, a date.
public struct SQLDialect: Sendable, Hashable, CustomStringConvertible {
    /// The dialects, by the name `icp sql --dialect` takes.
    public enum Name: String, Sendable, Hashable, CaseIterable {
        case duckdb, postgres, sqlite, snowflake, bigquery, spark
    }

    /// Which dialect.
    public let name: Name

    /// A dialect by name.
    public init(_ name: Name) { self.name = name }

    /// A dialect by its name in `icp sql --dialect`; `nil` for an unknown one.
    public init?(named text: String) {
        guard let name = Name(rawValue: text.lowercased()) else { return nil }
        self.name = name
    }

    /// `duckdb`, `postgres` …
    public var description: String { name.rawValue }

    /// A table or column name, quoted: `"Number of Employees"`; BigQuery and
    /// Spark quote with backticks.
    public func identifier(_ text: String) -> String {
        switch name {
        case .bigquery: "`" + text.replacingAll("\\", with: "\\\\").replacingAll("`", with: "\\`") + "`"
        case .spark: "`" + text.replacingAll("`", with: "``") + "`"
        default: "\"" + text.replacingAll("\"", with: "\"\"") + "\""
        }
    }

    /// A dotted table name (`analytics.accounts`), each part quoted.
    public func table(_ text: String) -> String {
        text.split(separator: ".", omittingEmptySubsequences: false).map { identifier(String($0)) }.joined(
            separator: ".")
    }

    /// A text literal: `'it''s'`; BigQuery and Spark escape with backslashes.
    public func literal(_ text: String) -> String {
        switch name {
        case .bigquery, .spark:
            "'"
                + text.replacingAll("\\", with: "\\\\").replacingAll("'", with: "\\'").replacingAll("\n", with: "\\n")
                .replacingAll("\r", with: "\\r") + "'"
        default: "'" + text.replacingAll("'", with: "''") + "'"
        }
    }

    /// A number literal, always with a decimal point or exponent so that
    /// arithmetic is not integer arithmetic.
    public func number(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) + ".0" }
        return "\(x)"
    }

    /// The character with a code point, e.g. a tab.
    public func character(_ code: Int) -> String {
        switch name {
        case .duckdb, .postgres, .snowflake: "chr(\(code))"
        case .sqlite, .spark: "char(\(code))"
        case .bigquery: "CODE_POINTS_TO_STRING([\(code)])"
        }
    }

    /// The smaller of two numbers.
    public func least(_ a: String, _ b: String) -> String {
        name == .sqlite ? "min(\(a), \(b))" : "least(\(a), \(b))"
    }

    /// The larger of two numbers.
    public func greatest(_ a: String, _ b: String) -> String {
        name == .sqlite ? "max(\(a), \(b))" : "greatest(\(a), \(b))"
    }

    /// Whether `needle` occurs in `haystack`, as a condition.
    public func contains(_ haystack: String, _ needle: String) -> String {
        switch name {
        case .postgres: "strpos(\(haystack), \(needle)) > 0"
        case .snowflake: "position(\(needle), \(haystack)) > 0"
        default: "instr(\(haystack), \(needle)) > 0"
        }
    }

    /// A column read as text (for folding).
    public func text(_ expression: String) -> String {
        switch name {
        case .bigquery: "CAST(\(expression) AS STRING)"
        case .spark: "CAST(\(expression) AS STRING)"
        case .snowflake: "CAST(\(expression) AS VARCHAR)"
        default: "CAST(\(expression) AS TEXT)"
        }
    }

    /// A column read as a number.
    public func double(_ expression: String) -> String {
        switch name {
        case .postgres: "CAST(\(expression) AS DOUBLE PRECISION)"
        case .sqlite: "CAST(\(expression) AS REAL)"
        case .snowflake: "CAST(\(expression) AS DOUBLE)"
        case .bigquery: "CAST(\(expression) AS FLOAT64)"
        default: "CAST(\(expression) AS DOUBLE)"
        }
    }

    /// A date column compared with a day: the column as a date (SQLite: its
    /// `YYYY-MM-DD` text).
    public func date(_ expression: String) -> String {
        name == .sqlite ? "date(\(expression))" : "CAST(\(expression) AS DATE)"
    }

    /// Seconds since 1970 of a timestamp column (text with a zone, or a
    /// timestamp), as a number.
    public func epochSeconds(_ expression: String) -> String {
        switch name {
        case .duckdb: "epoch(CAST(\(expression) AS TIMESTAMPTZ))"
        case .postgres: "EXTRACT(EPOCH FROM CAST(\(expression) AS TIMESTAMPTZ))"
        case .sqlite: "CAST(strftime('%s', \(expression)) AS REAL)"
        case .snowflake: "DATE_PART(epoch_second, CAST(\(expression) AS TIMESTAMP_TZ))"
        case .bigquery: "UNIX_SECONDS(CAST(\(expression) AS TIMESTAMP))"
        case .spark: "unix_timestamp(CAST(\(expression) AS TIMESTAMP))"
        }
    }

    /// Every run of characters that are neither letters, digits nor `keep`
    /// (a character expression) replaced by one space, as steps, each to be
    /// applied to the previous one's result. SQLite has no regular
    /// expressions: there, ASCII punctuation and white space are replaced,
    /// a dozen characters a step so that its parser's stack holds.
    public func nonWordsAsSpacesInStages(keep: String) -> [@Sendable (String) -> String] {
        let pattern: String
        switch name {
        case .duckdb, .bigquery, .spark:
            let open = literal("[^\\p{L}\\p{N}")
            let flags = name == .duckdb ? ", 'g'" : ""
            return [{ "regexp_replace(\($0), \(open) || \(keep) || ']+', ' '\(flags))" }]
        case .postgres: pattern = "'[^[:alnum:]' || \(keep) || ']+', ' ', 'g'"
        case .snowflake: pattern = "'[^[:alnum:]' || \(keep) || ']+', ' '"
        case .sqlite:
            let characters =
                Array("!\"#$%&'()*+,-./:<=>?@[\\]^_`{}~").map { literal(String($0)) }
                + [9, 10, 11, 12, 13, 160].map(character)
            return stride(from: 0, to: characters.count, by: 12).map { start in
                let chunk = characters[start..<min(characters.count, start + 12)]
                return { text in chunk.reduce(text) { "replace(\($0), \($1), ' ')" } }
            }
        }
        return [{ "regexp_replace(\($0), \(pattern))" }]
    }

    /// `base` to the power `exponent`.
    public func power(_ base: String, _ exponent: String) -> String {
        name == .sqlite ? "pow(\(base), \(exponent))" : "power(\(base), \(exponent))"
    }

    /// The largest whole number not above `x`.
    public func floor(_ x: String) -> String { "floor(\(x))" }

    /// A day as a literal.
    public func day(_ day: CalendarDay) -> String {
        name == .sqlite ? "'\(day)'" : "DATE '\(day)'"
    }

    /// Whether a common table expression can be asked to be worked out once
    /// (`AS MATERIALIZED`): SQLite would otherwise repeat a step for every
    /// column that reads it.
    public var materializes: Bool { name == .sqlite || name == .postgres || name == .duckdb }

    /// A small lookup table as a common table expression: `name(key, value) AS (…)`.
    public func lookup(_ table: String, _ rows: [(String, String)]) -> String {
        let safe = rows.isEmpty ? [("", "")] : rows
        switch name {
        case .bigquery:
            let structs = safe.map { "STRUCT(\(literal($0.0)) AS k, \(literal($0.1)) AS v)" }
            return "\(table) AS (SELECT k, v FROM UNNEST([\(structs.joined(separator: ", "))]))"
        case .spark:
            let values = safe.map { "(\(literal($0.0)), \(literal($0.1)))" }
            return "\(table) AS (SELECT * FROM VALUES \(values.joined(separator: ", ")) AS t(k, v))"
        case .snowflake:
            let values = safe.map { "(\(literal($0.0)), \(literal($0.1)))" }
            return "\(table)(k, v) AS (SELECT * FROM VALUES \(values.joined(separator: ", ")))"
        default:
            let values = safe.map { "(\(literal($0.0)), \(literal($0.1)))" }
            return "\(table)(k, v) AS (VALUES \(values.joined(separator: ", ")))"
        }
    }
}

extension String {
    /// Every occurrence of the character `target` replaced.
    fileprivate func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self {
            if c == target { out += replacement } else { out.append(c) }
        }
        return out
    }
}
