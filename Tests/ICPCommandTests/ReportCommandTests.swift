import Foundation
import ICPTesting
import Testing

/// `icp report` writes one self-contained page from the files an analyst
/// has, and says what it could not use.
@Suite("icp report", .serialized)
struct ReportCommandTests {
    static let profile = ICP.root.appendingPathComponent("Examples/Profiles/security-software.json").path

    @Test("Generated data: every section, well-formed, eight charts each with a table")
    func generated() throws {
        let folder = try Folder()
        defer { folder.remove() }
        for g in [
            ["generate", "--accounts", "1500", "--seed", "3", "--outcomes", "--output", folder.path + "/crm"],
            ["generate", "--accounts", "1500", "--seed", "4", "--shift", "0.5", "--output", folder.path + "/moved"],
        ] {
            #expect(try ICP.run(g).status == 0)
        }
        let out = folder.path + "/report.html"
        let r = try ICP.run([
            "report", "--profile", Self.profile, "--accounts", folder.path + "/crm/accounts.csv", "--events",
            folder.path + "/crm/events.csv", "--contacts", folder.path + "/crm/contacts.csv", "--outcomes",
            folder.path + "/crm/history.csv", "--label", "won", "--resamples", "200", "--reference",
            folder.path + "/moved/accounts.csv", "--as-of", "2026-11-23", "--output", out,
        ])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out == "")
        #expect(r.err.contains("icp: wrote \(out): the profile, accounts, evidence, drift ("))
        let html = try String(contentsOfFile: out, encoding: .utf8)
        let counts = try WellFormedMarkup.check(html)
        #expect(counts["svg"] == 8)
        #expect(counts["figure"] == 8)
        // A table per chart, plus the rubric, the best 10 and the lines' verdicts.
        #expect(counts["table"] == 11)
        #expect(
            html.contains("<dt>Best fit</dt><dd>US-based, over 500 employees, security software, makes and sells</dd>"))
        #expect(html.contains("The 1,500 accounts given"))
        #expect(html.contains("Buying committee"))
        #expect(html.contains("Drift: has the market moved since the reference?"))
        #expect(html.contains("from security-software.json, accounts.csv, history.csv, accounts.csv."))
        // The same files give the same page.
        let again = try ICP.run([
            "report", "--profile", Self.profile, "--accounts", folder.path + "/crm/accounts.csv", "--events",
            folder.path + "/crm/events.csv", "--contacts", folder.path + "/crm/contacts.csv", "--outcomes",
            folder.path + "/crm/history.csv", "--label", "won", "--resamples", "200", "--reference",
            folder.path + "/moved/accounts.csv", "--as-of", "2026-11-23", "--output", out + ".2",
        ])
        #expect(again.status == 0)
        #expect(try String(contentsOfFile: out + ".2", encoding: .utf8) == html)
    }

    @Test("A HubSpot-style export and deals with open stages: the page is written, and every row left out is said")
    func realExport() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let accounts = try folder.file(
            "accounts.csv",
            """
            Record ID,Company name,Industry,Number of Employees,Country/Region,Annual Revenue,Business Type
            101,Acme Security,Computer & Network Security,"1,200",United States,"$1.2M",manufacturer
            102,Beta Soft,Software,40,Germany,"$300K",distributor
            ,Gamma <Guard>,Cybersecurity,800,USA,"$50M",manufacturer
            104,Delta Labs,Security Software,lots,Canada,,distributor
            105,Epsilon,Security Software,650,United States,"$12M",manufacturer

            """)
        let deals = try folder.file(
            "deals.csv",
            """
            Record ID,Company name,Industry,Number of Employees,Country/Region,Business Type,Deal Stage
            1,A,Security Software,900,United States,manufacturer,Closed Won
            2,B,Software,30,France,distributor,Closed Lost
            3,C,Cybersecurity,700,USA,manufacturer,Closed Won
            4,D,Retail,20,Spain,,Closed Lost
            5,E,Security Software,300,Canada,distributor,Negotiation
            6,F,Security Software,1500,United States,manufacturer,Closed Won
            7,G,Software,45,Germany,,Closed Lost
            8,H,Retail,5000,United States,,Closed Lost

            """)
        let out = folder.path + "/r.html"
        let r = try ICP.run([
            "report", "--profile", Self.profile, "--accounts", accounts, "--outcomes", deals, "--label", "Deal Stage",
            "--positive", "Closed Won", "--negative", "Closed Lost", "--resamples", "50", "--as-of", "2026-11-23",
            "--output", out,
        ])
        // A bad row: exit 1, the page still written.
        #expect(r.status == 1)
        #expect(r.err.contains("accounts.csv:5: column \"Number of Employees\": \"lots\" is not a count"))
        #expect(r.err.contains("1 row has a blank id (column \"Record ID\")"))
        #expect(r.err.contains("deals.csv: note: 1 row neither won nor lost is left out as not closed: Negotiation 1"))
        #expect(r.err.contains("'runs a CRM we integrate with' reads technologies: no column"))
        let html = try String(contentsOfFile: out, encoding: .utf8)
        _ = try WellFormedMarkup.check(html)
        #expect(html.contains("The 4 accounts given"))
        #expect(html.contains("Gamma &lt;Guard&gt; (line 4)"))
        #expect(html.contains("over 7 closed accounts, 3 won (43%)"))
        #expect(html.contains("a win is &quot;Deal Stage&quot; = &quot;Closed Won&quot;"))
        // The line no column feeds says so instead of a share.
        #expect(
            html.contains(
                "<td>runs a CRM we integrate with</td><td class=\"num\">+1</td><td class=\"reads\">technologies</td><td class=\"num\">no data</td>"
            ))
    }

    @Test("Outcomes from the file a profile was learned from are marked in-sample, on the page and on standard error")
    func inSample() throws {
        let folder = try Folder()
        defer { folder.remove() }
        #expect(
            try ICP.run(["generate", "--accounts", "3000", "--seed", "5", "--outcomes", "--output", folder.path]).status
                == 0)
        let history = folder.path + "/history.csv"
        let learned = folder.path + "/learned.json"
        let learn = try ICP.run([
            "learn", "--label", "won", "--exclude", "mrr,tenure_months,support_tickets", "--as-of", "2026-11-23",
            "--output", learned, history,
        ])
        #expect(learn.status == 0, "\(learn.err)")
        let profile = try String(contentsOfFile: learned, encoding: .utf8)
        #expect(
            profile.contains(
                "\"Learned by icp learn from history.csv (3,000 closed rows, label \\\"won\\\") as of 2026-11-23; holdout AUC "
            ))
        let out = folder.path + "/r.html"
        let caution =
            "These outcomes are the file the profile was learned from (history.csv): the evidence is in-sample and flatters the profile."
        let same = try ICP.run([
            "report", "--profile", learned, "--outcomes", history, "--label", "won", "--resamples", "50", "--as-of",
            "2026-11-23", "--output", out,
        ])
        #expect(same.status == 0, "\(same.err)")
        #expect(same.err.contains("icp report: " + caution))
        #expect(try String(contentsOfFile: out, encoding: .utf8).contains("<p class=\"caution\">" + caution))
        // validate says the same.
        let validate = try ICP.run([
            "validate", "--profile", learned, "--label", "won", "--resamples", "50", "--as-of", "2026-11-23", history,
        ])
        #expect(validate.status == 0)
        #expect(validate.err.contains("icp validate: " + caution))
        // Another file's outcomes are not.
        let other = folder.path + "/other.csv"
        try FileManager.default.copyItem(atPath: history, toPath: other)
        let fresh = try ICP.run([
            "report", "--profile", learned, "--outcomes", other, "--label", "won", "--resamples", "50", "--as-of",
            "2026-11-23", "--output", out,
        ])
        #expect(fresh.status == 0)
        #expect(!fresh.err.contains("in-sample"))
        #expect(try !String(contentsOfFile: out, encoding: .utf8).contains("class=\"caution\""))
    }

    @Test("Options that cannot work together are refused before anything is read")
    func usage() throws {
        let r = try ICP.run(["report", "--profile", Self.profile, "--reference", "a.csv", "--output", "x.html"])
        #expect(r.status == 2)
        #expect(r.err.hasPrefix("icp report: --reference needs --accounts"))
        let label = try ICP.run(["report", "--profile", Self.profile, "--label", "won", "--output", "x.html"])
        #expect(label.status == 2)
        #expect(label.err.hasPrefix("icp report: --label needs --outcomes"))
        let missing = try ICP.run(["report", "--profile", Self.profile])
        #expect(missing.status == 2)
        #expect(missing.err.hasPrefix("icp report: missing --output"))
        let stray = try ICP.run(["report", "--profile", Self.profile, "--output", "x.html", "accounts.csv"])
        #expect(stray.status == 2)
        #expect(stray.err.hasPrefix("icp report: unexpected argument 'accounts.csv'"))
    }
}
