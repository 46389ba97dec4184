import Foundation
import ICPCore
import ICPCriteria
import ICPDemo
import Testing

@testable import ICPFiles

/// `CRMImport.table` must hold exactly what `AccountTable(_:reading:)`
/// makes of the accounts the ordinary import reads, with the same rows,
/// ids, lines and report, and plans over it must give the rubric's own
/// summaries.
@Suite struct TableImportTests {
    static let context = EvaluationContext(asOf: CalendarDay(2026, 11, 23))

    /// The operands of a profile's plans, each once.
    static func operands(_ profile: Profile<Account>) throws -> (plans: [ScoringPlan], operands: [Operand]) {
        var plans = [try #require(ScoringPlan(profile.fit))]
        if let engagement = profile.engagement { plans.append(try #require(ScoringPlan(engagement))) }
        var operands: [Operand] = []
        for o in plans.flatMap(\.operands) where !operands.contains(o) { operands.append(o) }
        return (plans, operands)
    }

    /// Reads a file both ways and checks that they agree: the table's
    /// values, rows, ids, lines and report, and every plan's summaries
    /// against the rubric's. Returns the table read from the file.
    static func agree(
        _ path: String, _ profile: Profile<Account>, events: [String: [EngagementEvent]] = [:], threads: Int = 2,
        blockSize: Int = 4 << 20, extra: [Operand] = [], sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> ImportedTable {
        let (plans, profileOperands) = try TableImportTests.operands(profile)
        let operands = profileOperands + extra
        let read = try CRMImport.table(
            path: path, reading: operands, idColumn: nil, map: ColumnMap(), format: CSVFormat(), strict: false,
            events: events, repeatedIDs: .rejected, threads: threads, blockSize: blockSize)
        let ordinary = try CRMImport.accountLines(path: path, events: events, threads: threads)
        let expected = AccountTable(ordinary.accounts, reading: operands)
        #expect(read.table.holdsSameValues(as: expected), sourceLocation: sourceLocation)
        #expect(read.ids == ordinary.accounts.map(\.id), sourceLocation: sourceLocation)
        #expect(read.lines == ordinary.lines, sourceLocation: sourceLocation)
        #expect(read.report.read == ordinary.report.read, sourceLocation: sourceLocation)
        #expect(read.report.rejected == ordinary.report.rejected, sourceLocation: sourceLocation)
        #expect(
            Array(read.report.notes.prefix(ordinary.report.notes.count)) == ordinary.report.notes,
            sourceLocation: sourceLocation)
        for plan in plans {
            let rubric = plan.rubric
            let summaries = plan.summaries(of: read.table, in: context, threads: threads)
            #expect(
                summaries == ordinary.accounts.map { rubric.summary($0, in: context) }, sourceLocation: sourceLocation)
        }
        return read
    }

    @Test(
        "generated exports: the table equals the one built from the accounts",
        arguments: [(1, 4 << 20), (2, 4 << 20), (2, 4_096)])
    func generated(threads: Int, blockSize: Int) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("icp-table-\(UUID().uuidString)")
        _ = try CRMGenerator(count: 3_000, seed: 5).write(to: folder.path)
        let path = folder.appendingPathComponent("accounts.csv").path
        let wide = try TableImportTests.agree(
            path, try BulkSummaryTests.wideProfile(), threads: threads, blockSize: blockSize)
        #expect(wide.table.count == 3_000)
        // Nothing is asked per row, so no account is kept; the columns are
        // not trivial.
        #expect(wide.table.accounts.isEmpty)
        #expect((wide.table.distinctValues(of: .field(.industry)) ?? 0) > 5)
        #expect((wide.table.distinctValues(of: .attribute(NameKey("business_type"))) ?? 0) >= 3)
        let security = try TableImportTests.agree(
            path, try BulkSummaryTests.profile("security-software.json"), threads: threads, blockSize: blockSize)
        #expect(security.table.count == 3_000)
    }

    @Test("events read per row: each row's account kept with its events, and the engagement plan agrees")
    func events() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("icp-table-\(UUID().uuidString)")
        let written = try CRMGenerator(count: 1_500, seed: 11).write(to: folder.path)
        #expect(written.events > 0)
        let events = try CRMImport.events(path: folder.appendingPathComponent("events.csv").path)
        let profile = try BulkSummaryTests.profile("lead-scoring.json")
        #expect(profile.engagement != nil)
        let path = folder.appendingPathComponent("accounts.csv").path
        let read = try TableImportTests.agree(path, profile, events: events.byAccount)
        #expect(read.table.accounts.count == 1_500)
        #expect(read.table.accounts.map(\.id) == read.ids)
        #expect(read.table.accounts.contains { !$0.events.isEmpty })
        // The kept accounts hold only the columns read.
        #expect(read.table.accounts.allSatisfy { $0.domain == nil && $0.city == nil })
    }

    @Test(
        "awkward rows: the same rows, rejections, lines and notes as the ordinary import", arguments: [7, 64, 1 << 20])
    func awkward(blockSize: Int) throws {
        let path = try BulkSummaryTests.file("awkward.csv", BulkSummaryTests.awkward)
        let read = try TableImportTests.agree(path, try BulkSummaryTests.wideProfile(), blockSize: blockSize)
        #expect(read.table.accounts.isEmpty)
        // With a value asked per row, each row's account is read and kept.
        let named = try TableImportTests.agree(
            path, try BulkSummaryTests.wideProfile(), blockSize: blockSize, extra: [.field(.name)])
        #expect(named.table.accounts.map(\.name).prefix(3) == ["Acme", "Quoted, Inc.", "Multi\nline \"name\""])
        #expect(named.ids == read.ids)
        #expect(named.report.rejected == read.report.rejected)
        #expect(read.ids == ["1", "2", "3", "line 9", "6", "10", "11", "13", "12"])
        #expect(read.lines == [2, 3, 5, 9, 11, 15, 16, 17, 18])
        #expect(read.report.read == 15)
        #expect(read.report.used == 9)
        #expect(read.report.rejected.map(\.line) == [7, 8, 10, 12, 13, 14])
        #expect(
            read.table.numbers(of: .field(.employees))?.prefix(4).map { $0.isNaN ? -1 : $0 } == [750, 1_200, 351, 10])
    }

    @Test("a report footer is left out with a note, and repeated ids are kept when asked, as the ordinary import does")
    func footerAndRepeats() throws {
        let path = try BulkSummaryTests.file(
            "footer.csv",
            "id,name,industry,employees\n1,Acme,Software,500\n2,Beta,Retail,40\n2,Beta again,Retail,41\n"
                + "Total,,,581\nGenerated by CRM\n")
        let read = try TableImportTests.agree(path, try BulkSummaryTests.wideProfile(), blockSize: 16)
        #expect(read.ids == ["1", "2"])
        #expect(read.report.rejected.map(\.line) == [4])
        #expect(read.report.notes.contains { $0.contains("read as a report footer") })
        let kept = try CRMImport.table(path: path, reading: [.field(.employees)], repeatedIDs: .kept)
        let ordinary = try CRMImport.allAccounts(path: path, repeatedIDs: .kept)
        #expect(kept.ids == ["1", "2", "2"])
        #expect(kept.table.numbers(of: .field(.employees)) == [500, 40, 41])
        #expect(kept.report == ordinary.report)
        // Asked per row, the name keeps each used row's account, and only those.
        let named = try CRMImport.table(path: path, reading: [.field(.name)])
        #expect(named.table.accounts.map(\.name) == ["Acme", "Beta"])
        #expect(named.table.count == 2)
    }

    @Test("real export shapes: HubSpot, People Data Labs and a Salesforce file with semicolons")
    func corpus() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Corpus")
        let profile = try ProfileFile.load(path: root.appendingPathComponent("profile.json").path)
        for name in ["hubspot.csv", "pdl.csv", "salesforce-semicolon.csv"] {
            let read = try TableImportTests.agree(root.appendingPathComponent(name).path, profile)
            #expect(read.table.count > 0, "\(name)")
        }
    }

    @Test("a value no column holds is missing in every row, and the report says so with the nearest headers")
    func unheld() throws {
        let path = try BulkSummaryTests.file(
            "sizes.csv",
            "id,name,Employee Count (est.),Industry\n1,Acme,500,Software\n2,Beta,40,Retail\n")
        let read = try CRMImport.table(
            path: path, reading: [.field(.employees), .field(.industry), .attribute(NameKey("budget"))])
        #expect(read.table.count == 2)
        #expect(read.table.numbers(of: .field(.employees))?.allSatisfy(\.isNaN) == true)
        #expect(read.table.distinctValues(of: .field(.industry)) == 2)
        #expect(
            read.report.notes == [
                "no column holds employees: it is missing in every row; nearest headers: 'Employee Count (est.)'",
                "no column holds budget: it is missing in every row",
            ])
    }

    @Test(
        "a header mapped to a field feeds it, with an id column of the user's; strict mode stops at the first bad row")
    func mapAndStrict() throws {
        let path = try BulkSummaryTests.file(
            "mapped.csv",
            "Prospect ID,Employee Count (est.),Industry\nP1,500,Software\nP2,\"1,200\",Retail\nP3,many,Retail\n")
        let map = try ColumnMap(parsing: "employees=Employee Count (est.)")
        let read = try CRMImport.table(
            path: path, reading: [.field(.employees), .field(.industry)], idColumn: "Prospect ID", map: map)
        #expect(read.ids == ["P1", "P2"])
        #expect(read.table.numbers(of: .field(.employees)) == [500, 1_200])
        #expect(read.report.rejected.map(\.line) == [4])
        #expect(read.report.notes.isEmpty)
        #expect(throws: RowError.self) {
            try CRMImport.table(
                path: path, reading: [.field(.employees)], idColumn: "Prospect ID", map: map, strict: true)
        }
    }

    @Test("tables that differ are told apart: a changed cell, a missing column, a row fewer")
    func differ() throws {
        let text = "id,name,industry,employees\n1,Acme,Software,500\n2,Beta,Retail,40\n3,Gamma,Software,\n"
        let operands: [Operand] = [.field(.industry), .field(.employees)]
        let base = try CRMImport.table(path: try BulkSummaryTests.file("a.csv", text), reading: operands).table
        let same = try CRMImport.table(path: try BulkSummaryTests.file("b.csv", text), reading: operands).table
        #expect(base.holdsSameValues(as: same))
        for changed in [
            text.replacingOccurrences(of: "Retail", with: "Banking"),
            text.replacingOccurrences(of: ",40", with: ",41"),
            text.replacingOccurrences(of: "Gamma,Software,", with: "Gamma,Software,0"),
            String(text.dropLast("3,Gamma,Software,\n".count)),
        ] {
            let other = try CRMImport.table(path: try BulkSummaryTests.file("c.csv", changed), reading: operands)
            #expect(!base.holdsSameValues(as: other.table), "\(changed)")
        }
        let fewer = try CRMImport.table(
            path: try BulkSummaryTests.file("d.csv", text), reading: [.field(.industry)]
        ).table
        #expect(!base.holdsSameValues(as: fewer))
    }

    @Test("a plan asking per row what a table read without: unknown, never another row's answer")
    func perRowUnread() throws {
        let path = try BulkSummaryTests.file("visits.csv", "id,name,employees\n1,Acme,500\n2,Beta,40\n3,Gamma,200\n")
        let eventsPath = try BulkSummaryTests.file(
            "events.csv", "account_id,type,date\n1,website visit,2026-11-20\n3,website visit,2025-01-01\n")
        let events = try CRMImport.events(path: eventsPath).byAccount
        let rubric = try Rubric<Account>("visited", missingData: .excludeFromMaximum) {
            Employees.atLeast(100).points(1)
            Events.count(.websiteVisit, in: .last(30)).atLeast(1).points(1)
        }
        let plan = try #require(ScoringPlan(rubric))
        let read = try CRMImport.table(path: path, reading: [.field(.employees)], events: events)
        #expect(read.table.accounts.isEmpty)
        let summaries = plan.summaries(of: read.table, in: TableImportTests.context)
        // The visits line is unknown, so out of the maximum.
        #expect(summaries.map(\.total) == [1, 0, 1])
        #expect(summaries.map(\.maximum) == [1, 1, 1])
        let full = try CRMImport.table(path: path, reading: plan.operands, events: events)
        #expect(full.table.accounts.map(\.events.count) == [1, 0, 1])
        let visited = plan.summaries(of: full.table, in: TableImportTests.context)
        #expect(visited.map(\.total) == [2, 0, 1])
        #expect(visited.map(\.maximum) == [2, 2, 2])
    }
}
