import Foundation
import ICPCore
import Testing

@Suite("icp validate, learn, discover, drift and diff", .serialized)
struct OutcomeCommandTests {
    static let security = CommandTests.security

    /// Generated history (2,000 accounts with outcomes) and a moved market.
    static func data() throws -> (folder: Folder, history: String, accounts: String, moved: String) {
        let folder = try Folder()
        let a = try ICP.run(["generate", "--accounts", "2000", "--seed", "3", "--outcomes", "--output", folder.path])
        #expect(a.status == 0, "\(a.err)")
        let b = try ICP.run([
            "generate", "--accounts", "2000", "--seed", "4", "--shift", "0.5", "--output", folder.path + "/moved",
        ])
        #expect(b.status == 0, "\(b.err)")
        return (
            folder, folder.path + "/history.csv", folder.path + "/accounts.csv", folder.path + "/moved/accounts.csv"
        )
    }

    @Test("validate prints the tiers, capture and lines, and the AUC under \"auc\" in JSON")
    func validate() throws {
        let d = try OutcomeCommandTests.data()
        defer { d.folder.remove() }
        let table = try ICP.run([
            "validate", "--profile", OutcomeCommandTests.security, "--outcome-column", "won", "--as-of", "2026-11-23",
            "--resamples", "50", d.history,
        ])
        #expect(table.status == 0, "\(table.err)")
        #expect(table.out.contains("AUC "))
        #expect(table.out.contains("Capture: the share of all wins"))
        #expect(table.out.contains("security software"))
        let json = try ICP.run([
            "validate", "--profile", OutcomeCommandTests.security, "--outcome-column", "won", "--as-of", "2026-11-23",
            "--resamples", "50", "--format", "json", d.history,
        ])
        #expect(json.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any]
        let auc = try #require(object?["auc"] as? Double)
        // The example profile knows the hidden truth in part: better than chance, far from perfect.
        #expect(auc > 0.55 && auc < 0.8)
        #expect((object?["capture"] as? [Any])?.count == 10)
    }

    @Test("validate: bad input gets a clear error and exit 2")
    func validateBadInput() throws {
        let d = try OutcomeCommandTests.data()
        defer { d.folder.remove() }
        let missing = try ICP.run([
            "validate", "--profile", OutcomeCommandTests.security, "--outcome-column", "converted", d.history,
        ])
        #expect(missing.status == 2)
        #expect(missing.err.contains("no account has a value in the label column \"converted\""))
        let oneClass = try d.folder.file("one.csv", "id,name,won\n1,a,1\n2,b,1\n")
        let single = try ICP.run([
            "validate", "--profile", OutcomeCommandTests.security, "--outcome-column", "won", oneClass,
        ])
        #expect(single.status == 2)
        #expect(single.err.contains("every labelled row is a win"))
        let empty = try d.folder.file("empty.csv", "")
        let none = try ICP.run([
            "validate", "--profile", OutcomeCommandTests.security, "--outcome-column", "won", empty,
        ])
        #expect(none.status == 2)
        #expect(none.err.contains("is empty"))
        let usage = try ICP.run(["validate", "--profile", OutcomeCommandTests.security, d.history])
        #expect(usage.status == 2)
        #expect(usage.err.hasPrefix("icp validate: missing --label (the outcome column)\n"))
    }

    @Test("learn writes a profile that icp score reads, and reports the holdout AUC")
    func learn() throws {
        let d = try OutcomeCommandTests.data()
        defer { d.folder.remove() }
        let out = d.folder.path + "/learned.json"
        let r = try ICP.run([
            "learn", "--label", "won", "--exclude", "mrr,tenure_months,support_tickets", "--max-points", "5",
            "--as-of", "2026-11-23", "--format", "json", "--output", out, d.history,
        ])
        #expect(r.status == 0, "\(r.err)")
        let object = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any]
        let holdout = try #require(object?["holdout_auc"] as? Double)
        #expect(holdout > 0.6)
        #expect(object?["holdout_rows"] as? Double == 600)
        let lines = try #require(object?["lines"] as? [[String: Any]])
        #expect(lines.allSatisfy { abs($0["points"] as? Double ?? 99) <= 5 })
        #expect(!lines.contains { ($0["name"] as? String)?.hasPrefix("mrr") == true })
        let score = try ICP.run(["score", "--profile", out, "--as-of", "2026-11-23", "--format", "csv", d.accounts])
        #expect(score.status == 0, "\(score.err)")
        #expect(score.out.split(separator: "\n").count == 2_001)
        // The same seed gives the same profile.
        let first = try String(contentsOfFile: out, encoding: .utf8)
        _ = try ICP.run([
            "learn", "--label", "won", "--exclude", "mrr,tenure_months,support_tickets", "--max-points", "5",
            "--as-of", "2026-11-23", "--output", out, d.history,
        ])
        #expect(try String(contentsOfFile: out, encoding: .utf8) == first)
        // Starting from a profile: its lines are the candidates.
        let from = try ICP.run([
            "learn", "--label", "won", "--from-profile", OutcomeCommandTests.security, "--as-of", "2026-11-23",
            "--output", d.folder.path + "/from.json", d.history,
        ])
        #expect(from.status == 0, "\(from.err)")
        #expect(from.out.contains("security software"))
    }

    @Test("learn: constant columns give no candidates; a bad option is a usage error")
    func learnBadInput() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let constant = try folder.file(
            "constant.csv", "id,plan,won\n" + (1...40).map { "\($0),basic,\($0 % 2)\n" }.joined())
        let r = try ICP.run(["learn", "--label", "won", "--output", folder.path + "/x.json", constant])
        #expect(r.status == 2)
        #expect(r.err.contains("no candidate lines"))
        let bad = try ICP.run(["learn", "--label", "won", "--holdout", "1.5", "--output", "x.json", constant])
        #expect(bad.status == 2)
        #expect(bad.err.contains("--holdout must be a share"))
    }

    @Test("discover finds what super users share and drafts a profile")
    func discover() throws {
        let d = try OutcomeCommandTests.data()
        defer { d.folder.remove() }
        let out = d.folder.path + "/draft.json"
        let r = try ICP.run([
            "discover", "--value", "mrr:+,tenure_months:+,support_tickets:-", "--exclude",
            "won,deal_value,cycle_days,churned", "--as-of", "2026-11-23", "--output", out, d.history,
        ])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("Super users: the top 400 of 2,000 accounts"))
        #expect(r.out.contains("of super users match industry is"))
        let lint = try ICP.run(["lint", out, "--as-of", "2026-11-23"])
        #expect(lint.status == 0 || lint.status == 1)
        #expect(lint.out.contains("no persona") || lint.out.contains("persona"))
        let bad = try ICP.run(["discover", "--value", "mrr", "--output", out, d.history])
        #expect(bad.status == 2)
        #expect(bad.err.contains("write NAME:+ or NAME:-"))
    }

    @Test("drift: the CSV has field,psi,status and a score row; a moved market shows")
    func drift() throws {
        let d = try OutcomeCommandTests.data()
        defer { d.folder.remove() }
        let same = try ICP.run([
            "drift", "--profile", OutcomeCommandTests.security, "--format", "csv", "--as-of", "2026-11-23", d.accounts,
            d.accounts,
        ])
        #expect(same.status == 0)
        let rows = same.out.split(separator: "\n")
        #expect(rows.first == "field,psi,status")
        #expect(rows.last == "score,0,stable")
        #expect(rows.dropFirst().allSatisfy { $0.hasSuffix(",0,stable") })
        let moved = try ICP.run([
            "drift", "--profile", OutcomeCommandTests.security, "--format", "csv", "--as-of", "2026-11-23", d.accounts,
            d.moved,
        ])
        #expect(moved.out.contains("\nindustry,") && moved.out.contains(",shifted\n"))
        let one = try ICP.run(["drift", "--profile", OutcomeCommandTests.security, d.accounts])
        #expect(one.status == 2)
        #expect(one.err.contains("expected two data files"))
    }

    @Test(
        "lint --sample and report's accounts read a sample without an account per row, as the row path (with events) reads it"
    )
    func bulkAgreesWithRows() throws {
        let d = try OutcomeCommandTests.data()
        defer { d.folder.remove() }
        // One event of an account the sample does not have: the row path, the same scores.
        let events = try d.folder.file(
            "other-events.csv", "account_id,kind,timestamp\nNOT-IN-THE-SAMPLE,website visit,2026-11-01T10:00:00Z\n")
        let profiles = [
            (Self.security, "(version 2026.3): 0 errors, 9 warnings\n"),
            (
                ICP.root.appendingPathComponent("Examples/Profiles/lead-scoring.json").path,
                "(version 1.0): 0 errors, 8 warnings\n"
            ),
        ]
        for (profile, findings) in profiles {
            let lint = ["lint", profile, "--as-of", "2026-11-23", "--sample", d.accounts]
            let bulk = try ICP.run(lint)
            let rows = try ICP.run(lint + ["--events", events])
            #expect(bulk.out == rows.out)
            #expect(bulk.status == rows.status)
            // Without events no engagement line is met: the engagement degrees are counted too.
            #expect(bulk.out.contains(findings), "\(bulk.out)")
            #expect(bulk.out.contains("warning: engagement.tiers[0] \"High\": no account of the sample reaches it"))
            let report = [
                "report", "--profile", profile, "--accounts", d.accounts, "--as-of", "2026-11-23",
            ]
            let a = try ICP.run(report + ["--output", d.folder.path + "/a.html"])
            let b = try ICP.run(report + ["--events", events, "--output", d.folder.path + "/b.html"])
            #expect(a.status == 0 && b.status == 0, "\(a.err)\(b.err)")
            let pageA = try String(contentsOfFile: d.folder.path + "/a.html", encoding: .utf8)
            let pageB = try String(contentsOfFile: d.folder.path + "/b.html", encoding: .utf8)
            #expect(pageA.contains("The best 10"))
            #expect(pageA == pageB.replacingOccurrences(of: ", " + events, with: ""))
        }
    }

    @Test("diff lists the changes and the tier transitions")
    func diff() throws {
        let d = try OutcomeCommandTests.data()
        defer { d.folder.remove() }
        let same = try ICP.run(["diff", OutcomeCommandTests.security, OutcomeCommandTests.security])
        #expect(same.status == 0)
        #expect(same.out == "No changes to the profile.\n")
        let learned = d.folder.path + "/learned.json"
        // Learned from fields an accounts file has (not the outcome-time mrr and the like).
        _ = try ICP.run([
            "learn", "--label", "won", "--exclude", "mrr,tenure_months,support_tickets", "--as-of", "2026-11-23",
            "--output", learned, d.history,
        ])
        let r = try ICP.run([
            "diff", OutcomeCommandTests.security, learned, "--accounts", d.accounts, "--as-of", "2026-11-23",
        ])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("removed fit line \"security software\""))
        #expect(r.out.contains("Tier transitions for 2,000 accounts"))
        #expect(r.out.contains("accounts change tier"))
        // Read as score reads: a bad cell in a column neither profile reads
        // keeps its row; one in a column they read rejects it, with its line.
        let accounts = try d.folder.file(
            "small.csv",
            "id,name,industry,employees,country,business_type,do_not_contact,founded\n"
                + "1,Acme,Security Software,500,US,manufacturer,no,2001\n"
                + "2,Bad,Security Software,many,US,,no,2000\n"
                + "3,Bad year,Security Software,300,US,,no,99\n")
        let raised = try d.folder.file(
            "raised.json",
            try String(contentsOfFile: OutcomeCommandTests.security, encoding: .utf8)
                .replacingOccurrences(of: "\"points\": 3", with: "\"points\": 4"))
        let small = try ICP.run([
            "diff", OutcomeCommandTests.security, raised, "--accounts", accounts, "--as-of", "2026-11-23",
        ])
        #expect(small.status == 1)
        #expect(small.out.contains("Tier transitions for 2 accounts"))
        #expect(small.err.contains("small.csv:3: column \"employees\": \"many\" is not a count"))
        #expect(small.err.contains("small.csv: 3 read, 2 used, 1 rejected"))
        let scored = try ICP.run(["score", "--profile", raised, "--as-of", "2026-11-23", "--format", "csv", accounts])
        #expect(scored.err.contains("small.csv: 3 read, 2 used, 1 rejected"))
    }
}

@Suite("Learning and validation that say what the data supports", .serialized)
struct SupportTests {
    @Test("Noise gets no profile: learn refuses with exit 1 and writes nothing; validate says no signal")
    func noise() throws {
        let folder = try Folder()
        defer { folder.remove() }
        // Outcomes that have nothing to do with the columns.
        var text = "industry,employees,country,won\n"
        var rng = UInt64(12_345)
        func next() -> UInt64 {
            rng = rng &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return rng >> 33
        }
        for _ in 0..<1_500 {
            let industry = ["Security Software", "Retail", "Healthcare"][Int(next() % 3)]
            text += "\(industry),\(50 + next() % 900),United States,\(next() % 3 == 0 ? 1 : 0)\n"
        }
        let file = try folder.file("noise.csv", text)
        let out = folder.path + "/noise.json"
        let learn = try ICP.run(["learn", "--label", "won", "--as-of", "2026-11-23", "--output", out, file])
        #expect(learn.status == 1)
        #expect(learn.err.contains("icp learn: the data does not support a profile: holdout AUC 0."))
        #expect(learn.err.contains(", no better than chance; nothing written (--force writes it anyway)\n"))
        #expect(!FileManager.default.fileExists(atPath: out))
        let forced = try ICP.run(["learn", "--label", "won", "--force", "--as-of", "2026-11-23", "--output", out, file])
        #expect(forced.status == 0, "\(forced.err)")
        #expect(FileManager.default.fileExists(atPath: out))
        let validate = try ICP.run([
            "validate", "--profile", CommandTests.security, "--label", "won", "--resamples", "200", "--format", "json",
            "--as-of", "2026-11-23", file,
        ])
        let root = try #require(try JSONSerialization.jsonObject(with: Data(validate.out.utf8)) as? [String: Any])
        #expect(root["verdict"] as? String == "no signal")
        let interval = try #require(root["auc_interval"] as? [Double])
        #expect(interval.count == 2 && interval[0] < 0.5 && interval[1] > 0.5)
        let table = try ICP.run([
            "validate", "--profile", CommandTests.security, "--label", "won", "--resamples", "200", "--as-of",
            "2026-11-23", file,
        ])
        #expect(table.out.hasPrefix("NO SIGNAL: AUC 0."))
    }

    @Test("Learned profiles on many seeded histories all load and score as learned")
    func reloads() throws {
        let folder = try Folder()
        defer { folder.remove() }
        for seed in 1...6 {
            let dir = folder.path + "/s\(seed)"
            let gen = try ICP.run([
                "generate", "--accounts", "300", "--seed", String(seed), "--outcomes", "--output", dir,
            ])
            #expect(gen.status == 0)
            let out = dir + "/learned.json"
            let learn = try ICP.run([
                "learn", "--label", "won", "--force", "--exclude", "mrr,tenure_months,support_tickets", "--as-of",
                "2026-11-23", "--output", out, dir + "/history.csv",
            ])
            #expect(learn.status == 0, "seed \(seed): \(learn.err)")
            let score = try ICP.run([
                "score", "--profile", out, "--as-of", "2026-11-23", "--format", "csv", dir + "/history.csv",
            ])
            #expect(score.status == 0, "seed \(seed): \(score.err)")
            #expect(score.out.split(separator: "\n").count == 301)
        }
    }
}

@Suite("Backtests", .serialized)
struct BacktestTests {
    @Test("validate --as-of scores accounts as they stood: events after the day are ignored")
    func laterEventsIgnored() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let profile = try folder.file(
            "clicks.json",
            """
            {"name": "Clicks", "fit": {"name": "fit", "lines": [
              {"name": "clicked", "points": 1,
               "criterion": {"kind": "event_count", "events": ["email click"], "days": 30, "atLeast": 1}}]}}
            """)
        // Twenty accounts: the ten winners clicked on 2026-06-10, the ten losers on 2026-11-10.
        var data = "id,won\n"
        var events = "account_id,kind,timestamp\n"
        for i in 0..<20 {
            data += "A\(i),\(i < 10 ? 1 : 0)\n"
            events += "A\(i),email click,\(i < 10 ? "2026-06-10" : "2026-11-10")\n"
        }
        let accounts = try folder.file("history.csv", data)
        let eventsFile = try folder.file("events.csv", events)
        func lines(_ day: String) throws -> [[String: Any]] {
            let r = try ICP.run([
                "validate", "--profile", profile, "--label", "won", "--events", eventsFile, "--resamples", "0",
                "--format", "json", "--as-of", day, accounts,
            ])
            #expect(r.status == 0, "\(r.err)")
            let root = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
            return try #require(root["lines"] as? [[String: Any]])
        }
        // As of 2026-06-20 only the winners' clicks have happened: the line is met by the ten winners.
        let june = try lines("2026-06-20")
        #expect(june.first?["met"] as? Double == 10)
        #expect(june.first?["met_wins"] as? Double == 10)
        // As of 2026-11-20, the June clicks are out of the 30-day window and the November ones in.
        let november = try lines("2026-11-20")
        #expect(november.first?["met"] as? Double == 10)
        #expect(november.first?["met_wins"] as? Double == 0)
    }
}
