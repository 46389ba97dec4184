import Foundation
import Testing

/// `icp sql` against `icp score`, on real engines: DuckDB (the PyPI
/// package), SQLite (python3's sqlite3) and PostgreSQL (a local server from
/// `Scripts/start-postgres.sh`), and Spark in local mode (pyspark, with
/// Java). `ICP_SQL_ENGINES` names the engines that must run (`.ci/run` sets
/// the first three, and Spark when pyspark installs); without it, SQLite
/// runs, DuckDB and PostgreSQL when they are there, and Spark (slow to
/// start) only when named.
@Suite("SQL scores equal icp's, on real engines", .serialized)
struct SQLParityTests {
    static let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let script = ICP.root.appendingPathComponent("Scripts/sql-parity.py").path
    static let postgres = ["PGHOST": "/tmp/icp-pg", "PGPORT": "54329", "PGUSER": "postgres", "PGDATABASE": "postgres"]

    /// The engines to run, and whether each must.
    static let engines: [(name: String, required: Bool)] = {
        if let named = ProcessInfo.processInfo.environment["ICP_SQL_ENGINES"], !named.isEmpty {
            return named.split(separator: ",").map { (String($0), true) }
        }
        var found = [("sqlite", true)]
        if (try? run(["python3", "-c", "import duckdb"]).status) == 0 { found.append(("duckdb", false)) }
        if FileManager.default.fileExists(atPath: "/tmp/icp-pg/.s.PGSQL.54329") { found.append(("postgres", false)) }
        return found
    }()

    /// Runs a program (found on the PATH) and returns its exit status and output.
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, out: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Generated accounts and history (20,000 rows each), and the accounts
    /// with the columns every kind reads added, seeded.
    static let data: URL? = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("icp-sql-\(UUID().uuidString)")
        guard
            (try? ICP.run(["generate", "--accounts", "20000", "--seed", "6", "--outcomes", "--output", folder.path]))?
                .status == 0,
            let text = try? String(contentsOf: folder.appendingPathComponent("accounts.csv"), encoding: .utf8)
        else { return nil }
        var lines = text.split(separator: "\n").map(String.init)
        let extra = [
            [
                "industry_code", "customers", "funding", "sentiment", "advocacy", "prominent_brand", "certifications",
                "renewal_date", "\"Owner's \"\"team\"\"\"", "pain_points", "use cases",
            ]
        ]
        let choices: [[String]] = [
            ["511210", "\" 5112 10\"", "541512", "", "999", "54"], ["", "999", "1000", "25000"],
            ["", "0", "49999999", "60000000"], ["", "-0.5", "0.3", "0.29", "1"],
            ["", "none", "case study", "review; reference", "case study|reference", "Case-Study ; REVIEW"],
            ["", "yes", "no", "Y", "0", "1"], ["", "SOC 2", "soc-2;iso 27001", "ISO 27001", "SOC 2 | ISO 27001"],
            ["", "2026-12-31", "2027-02-28", "2027-03-01", "2027-06-15"],
            ["", "\"O'Brien \"\"ops\"\"\"", "x'); DROP TABLE accounts; --", "other"],
            [
                "", "Alert fatigue", "alert-fatigue at night; Compliance reporting", "compliance", "too many tools",
                "fatigue", "; ;", "Alert Fatigue | manual patching",
            ],
            ["", "SOC automation", "soc", "Threat hunting; SOC", "automation of the SOC"],
        ]
        var state: UInt64 = 4
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        lines[0] += "," + extra[0].joined(separator: ",")
        for i in 1..<lines.count { lines[i] += "," + choices.map { $0[next($0.count)] }.joined(separator: ",") }
        let wide = folder.appendingPathComponent("wide.csv")
        guard (try? Data((lines.joined(separator: "\n") + "\n").utf8).write(to: wide)) != nil else { return nil }
        return folder
    }()

    static let numbers =
        "employees,revenue,founded,referrals,nps,budget,customers,funding,sentiment,mrr,support_tickets,tenure_months,deal_value,cycle_days"
    static let dates = "last_funding_date,renewal_date"

    /// Scores a file with a profile both ways on every engine; each must give 0 differences.
    static func check(profile: String, file: URL, table: String = "accounts", events: URL? = nil) throws {
        // JSON: the scores in full (CSV rounds them to four places).
        let scores = file.deletingLastPathComponent().appendingPathComponent("scores-\(UUID().uuidString).json")
        let eventsArguments = events.map { ["--events", $0.path] } ?? []
        let score = try ICP.run(
            ["score", "--profile", profile, "--as-of", "2026-11-23", "--format", "json"] + eventsArguments + [file.path]
        )
        #expect(score.status == 0, "\(score.err)")
        try Data(score.out.utf8).write(to: scores)
        for engine in engines {
            let sql = try ICP.run(
                [
                    "sql", "--profile", profile, "--dialect", engine.name, "--like", file.path, "--table", table,
                    "--as-of", "2026-11-23",
                ] + (events == nil ? [] : ["--events-table", "events"]))
            #expect(sql.status == 0, "\(sql.err)")
            let query = scores.deletingPathExtension().appendingPathExtension("\(engine.name).sql")
            try Data(sql.out.utf8).write(to: query)
            let result = try run(
                [
                    "python3", script, engine.name, query.path, file.path, scores.path, "--numeric", numbers, "--date",
                    dates, "--table", table,
                ] + (events.map { ["--events", $0.path] } ?? []), environment: postgres)
            if result.status == 3, !engine.required { continue }  // the engine is not here
            #expect(result.status == 0, "\(engine.name), \(profile): \(result.out)")
            #expect(result.out.contains("20000 rows compared, 0 differences"), "\(engine.name): \(result.out)")
        }
    }

    @Test("The shipped profiles' fit rubrics")
    func shipped() throws {
        let folder = try #require(Self.data)
        for name in ["security-software", "lead-scoring"] {
            try Self.check(
                profile: ICP.root.appendingPathComponent("Examples/Profiles/\(name).json").path,
                file: folder.appendingPathComponent("accounts.csv"))
        }
    }

    @Test("Every kind SQL answers, with hostile names, values, reasons and table name")
    func everyKind() throws {
        let folder = try #require(Self.data)
        try Self.check(
            profile: Self.here.appendingPathComponent("SQL/every-kind.json").path,
            file: folder.appendingPathComponent("wide.csv"), table: "crm \"main\"'s")
    }

    @Test("Event criteria against an events table: counts with caps and windows, sums, recency, decay, change")
    func events() throws {
        let folder = try #require(Self.data)
        try Self.check(
            profile: Self.here.appendingPathComponent("SQL/events.json").path,
            file: folder.appendingPathComponent("accounts.csv"), events: folder.appendingPathComponent("events.csv"))
    }

    @Test("A table without a name column: each row is named by its id, as icp score names it")
    func noNameColumn() throws {
        let folder = try #require(Self.data)
        let text = try String(contentsOf: folder.appendingPathComponent("accounts.csv"), encoding: .utf8)
        // Drop the second column (name); the generated file has no quoted commas.
        let lines = text.split(separator: "\n").map { line in
            var cells = line.split(separator: ",", omittingEmptySubsequences: false)
            cells.remove(at: 1)
            return cells.joined(separator: ",")
        }
        let file = folder.appendingPathComponent("no-name.csv")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: file)
        try Self.check(
            profile: ICP.root.appendingPathComponent("Examples/Profiles/security-software.json").path, file: file)
    }

    @Test("A profile learned by icp learn")
    func learned() throws {
        let folder = try #require(Self.data)
        let profile = folder.appendingPathComponent("learned.json").path
        let learn = try ICP.run([
            "learn", "--label", "won", "--output", profile, folder.appendingPathComponent("history.csv").path,
        ])
        #expect(learn.status == 0, "\(learn.err)")
        try Self.check(profile: profile, file: folder.appendingPathComponent("history.csv"))
    }

    @Test("What SQL cannot answer exactly is refused, naming the line")
    func refused() throws {
        let folder = try #require(Self.data)
        let profile = folder.appendingPathComponent("events.json")
        try Data(
            """
            {"name": "events", "fit": {"name": "fit", "lines": [
              {"name": "big", "criterion": {"kind": "employees", "atLeast": 200}, "points": 1},
              {"name": "recent form submit", "criterion": {"kind": "last_seen", "events": ["form submit"], "withinDays": 14}, "points": 3}
            ]}}
            """.utf8
        ).write(to: profile)
        let r = try ICP.run(["sql", "--profile", profile.path, "--dialect", "duckdb"])
        #expect(r.status == 2)
        #expect(r.out.isEmpty)
        #expect(
            r.err.contains(
                "line \"recent form submit\": cannot be compiled to SQL: event criteria read an events table: pass --events-table"
            ))
        // A table has no lines to name rows by: without an id column, say so.
        let noID = folder.appendingPathComponent("no-id.csv")
        try Data("name,employees\nAcme,300\n".utf8).write(to: noID)
        let missing = try ICP.run(["sql", "--profile", profile.path, "--dialect", "duckdb", "--like", noID.path])
        #expect(missing.status == 2)
        #expect(missing.err.contains("the table: cannot be compiled to SQL: it has no id column"))
        let unknown = try ICP.run(["sql", "--profile", profile.path, "--dialect", "oracle"])
        #expect(unknown.status == 2)
        #expect(unknown.err.contains("--dialect must be one of duckdb, postgres, sqlite, snowflake, bigquery, spark"))
    }
}
