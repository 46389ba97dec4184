import Foundation
import Testing

/// Every command's standard output on fixed data, byte for byte, against
/// the files in `Golden/`: the engine may change how it scores, never what
/// it prints. `ICP_UPDATE_GOLDEN=1 swift test --filter GoldenOutputTests`
/// writes the files afresh (review the diff before committing it).
@Suite("Command output, byte for byte", .serialized)
struct GoldenOutputTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    /// The commands, by the name of their golden file; relative paths, run
    /// in a folder holding generated data and the repository's examples.
    static let commands: [(name: String, arguments: [String])] = [
        (
            "sql-snowflake",
            [
                "sql", "--profile", "Examples/Profiles/security-software.json", "--dialect", "snowflake", "--like",
                "crm/accounts.csv", "--table", "analytics.crm accounts", "--as-of", "2026-11-23",
            ]
        ),
        (
            "sql-bigquery",
            [
                "sql", "--profile", "Examples/Profiles/security-software.json", "--dialect", "bigquery", "--like",
                "crm/accounts.csv", "--table", "analytics.crm accounts", "--as-of", "2026-11-23",
            ]
        ),
        (
            "sql-spark",
            [
                "sql", "--profile", "Examples/Profiles/security-software.json", "--dialect", "spark", "--like",
                "crm/accounts.csv", "--table", "analytics.crm accounts", "--as-of", "2026-11-23", "--explain",
            ]
        ),
        (
            "score-table",
            [
                "score", "--profile", "Examples/Profiles/security-software.json", "--events", "crm/events.csv",
                "--contacts", "crm/contacts.csv", "--top", "15", "crm/accounts.csv",
            ]
        ),
        (
            "score-csv",
            [
                "score", "--profile", "Examples/Profiles/security-software.json", "--format", "csv", "--top", "60",
                "crm/accounts.csv",
            ]
        ),
        (
            "score-json-explain",
            [
                "score", "--profile", "Examples/Profiles/security-software.json", "--format", "json",
                "--explain", "--top", "5", "crm/accounts.csv",
            ]
        ),
        (
            "explain",
            [
                "explain", "--profile", "Examples/Profiles/security-software.json", "--events", "crm/events.csv",
                "--contacts", "crm/contacts.csv", "--id", "A1000042", "crm/accounts.csv",
            ]
        ),
        (
            "lint",
            [
                "lint", "Examples/Profiles/security-software.json", "--sample", "crm/accounts.csv", "--events",
                "crm/events.csv",
            ]
        ),
        (
            "validate",
            [
                "validate", "--profile", "Examples/Profiles/security-software.json", "--label", "won",
                "--resamples", "200", "crm/history.csv",
            ]
        ),
        (
            "learn",
            [
                "learn", "--label", "won", "--exclude", "mrr,tenure_months,support_tickets", "--output",
                "learned.json", "crm/history.csv",
            ]
        ),
        ("learned-profile", ["lint", "learned.json"]),
        (
            "discover",
            [
                "discover", "--value", "mrr:+,tenure_months:+,support_tickets:-", "--exclude",
                "won,deal_value,cycle_days,churned", "--output", "draft.json", "crm/history.csv",
            ]
        ),
        ("drift", ["drift", "--profile", "learned.json", "--format", "csv", "crm/accounts.csv", "moved/accounts.csv"]),
        (
            "diff",
            [
                "diff", "Examples/Profiles/security-software.json", "learned.json", "--accounts", "crm/accounts.csv",
                "--moves", "10",
            ]
        ),
    ]

    @Test("The README's and the guide's kinds of commands print what they printed")
    func outputs() throws {
        let folder = try Folder()
        defer { folder.remove() }
        try FileManager.default.createSymbolicLink(
            atPath: folder.path + "/Examples", withDestinationPath: ICP.root.appendingPathComponent("Examples").path)
        let update = ProcessInfo.processInfo.environment["ICP_UPDATE_GOLDEN"] == "1"
        func run(_ arguments: [String]) throws -> (status: Int32, out: String) {
            let process = Process()
            process.executableURL = ICP.url
            process.arguments = arguments + ["--as-of", "2026-11-23"]
            process.currentDirectoryURL = URL(fileURLWithPath: folder.path)
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: data, as: UTF8.self))
        }
        let generated = [
            ["generate", "--accounts", "2000", "--seed", "3", "--outcomes", "--output", "crm"],
            ["generate", "--accounts", "2000", "--seed", "4", "--shift", "0.5", "--output", "moved"],
        ]
        for g in generated {
            let process = Process()
            process.executableURL = ICP.url
            process.arguments = g
            process.currentDirectoryURL = URL(fileURLWithPath: folder.path)
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
        }
        for (name, arguments) in Self.commands {
            let r = try run(arguments)
            #expect(r.status == 0 || r.status == 1, "\(name): exit \(r.status)")
            let file = Self.golden.appendingPathComponent(name + ".txt")
            if update {
                try Data(r.out.utf8).write(to: file)
                continue
            }
            let expected = try String(contentsOf: file, encoding: .utf8)
            if r.out != expected {
                let a = r.out.split(separator: "\n", omittingEmptySubsequences: false)
                let b = expected.split(separator: "\n", omittingEmptySubsequences: false)
                let first =
                    zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
                Issue.record(
                    "\(name): output differs from Golden/\(name).txt at line \(first + 1): \(a.count > first ? a[first] : "(end)") / \(b.count > first ? b[first] : "(end)")"
                )
            }
        }
    }
}
