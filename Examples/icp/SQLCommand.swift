import Foundation
import ICPCore
import ICPFiles

/// `icp sql`: the profile's fit rubric as one SQL query.
enum SQLCommand {
    static let usage = """
        usage: icp sql --profile P.json --dialect duckdb|postgres|sqlite|snowflake|bigquery|spark
                       [--table NAME] [--like FILE.csv] [--map FIELD=COLUMN] [--id-column COL]
                       [--events-table NAME] [--as-of YYYY-MM-DD] [--explain]

        Prints one SELECT that scores every row of a table exactly as icp score scores
        the rows of a file: id, name, score, max, ratio, tier, qualified and
        disqualification (with --explain, one column of points per line). Run it as a
        view, or on a schedule into a table, where the accounts live.

          --profile P.json     the profile (its fit rubric)
          --dialect D          duckdb, postgres, sqlite, snowflake, bigquery or spark
          --table NAME         the table to read (default accounts; a.b.c is quoted per part)
          --like FILE.csv      take the table's column names from this file's header, read
                               as icp score reads it (HubSpot and Salesforce names, --map,
                               the profile's "columns"); without it, columns are named as
                               the fields (employees, industry_code …) and attributes
          --map FIELD=COLUMN   read a column as a field or attribute (repeat it)
          --id-column COL      the id column, when it is not id / Record ID / Id
          --events-table NAME  the events (account_id, kind, timestamp, count, value,
                               detail) event criteria read; without it they are refused
          --as-of DATE         the day written into the query (default: today, UTC)
          --explain            add each line's points

        Numbers and dates must be numeric and date columns; cast text money or bands
        first. A criterion SQL cannot answer exactly as icp does (event criteria
        without --events-table, headcount history, a host's own criteria) is
        refused, naming the line, with exit 2.

        examples:
          icp sql --profile Examples/Profiles/security-software.json --dialect duckdb \\
              --like accounts.csv --table crm.accounts
        """

    static func run(_ argv: [String]) throws -> Int32 {
        let args = try Arguments(
            argv,
            options: [
                "--profile", "--dialect", "--table", "--like", "--map", "--id-column", "--as-of", "--events-table",
            ],
            flags: ["--explain"], command: "sql")
        guard args.positional.isEmpty else {
            throw UsageError(message: "unexpected argument '\(args.positional[0])'")
        }
        let profile = try ProfileFile.load(path: try args.required("--profile"))
        let dialectName = try args.required("--dialect")
        guard let dialect = SQLDialect(named: dialectName) else {
            throw UsageError(
                message: "--dialect must be one of "
                    + SQLDialect.Name.allCases.map(\.rawValue).joined(separator: ", ") + ", not '\(dialectName)'")
        }
        let map = try Columns.map(args, profile: profile)
        var columns = SQLColumns()
        if let like = args.value("--like") {
            let reader = try CSVReader(path: like)
            guard let header = try reader.next() else {
                throw CommandError(message: "\(reader.source): is empty; expected a header row")
            }
            columns = try SQLColumns(header: header.fields, idColumn: args.value("--id-column"), map: map)
        } else {
            for entry in map.entries {
                guard let column = entry.headers.first else { continue }
                switch entry.target {
                case .field(let f): columns.fields[f] = column
                case .attribute(let name): columns.attributes[NameKey(name)] = column
                }
            }
            if let id = args.value("--id-column") { columns.fields[.id] = id }
        }
        let compiler = SQLCompiler(
            profile: profile, dialect: dialect, table: args.value("--table") ?? "accounts", columns: columns,
            asOf: try args.asOf(), eventsTable: args.value("--events-table"))
        do {
            try Write.out(try compiler.query(explain: args.has("--explain")))
        } catch let error as SQLCompileError {
            throw CommandError(message: "\(error)")
        }
        return 0
    }
}
