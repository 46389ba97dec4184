import Foundation
import ICPCore
import ICPCriteria
import ICPDemo
import Testing

@testable import ICPFiles

/// `CRMImport.summarize` (compiled, from blocks of bytes) must give exactly
/// what scoring each account the ordinary way gives: the same summaries,
/// disqualification reasons, rejected rows and counts.
@Suite struct BulkSummaryTests {
    static let context = EvaluationContext(asOf: CalendarDay(2026, 11, 23))

    /// What the ordinary path gives: every account built, then summarised.
    static func ordinary(_ path: String, _ profile: Profile<Account>) throws -> ([AccountSummary], ImportReport) {
        var out: [AccountSummary] = []
        let report = try CRMImport.mapAccounts(
            path: path, reading: FieldsRead(profile),
            { account in
                let fit = profile.fit.summary(account, in: context)
                return AccountSummary(
                    id: account.id, name: account.name, fit: fit,
                    engagement: profile.engagement?.summary(account, in: context),
                    disqualification: fit.isDisqualified
                        ? profile.fit.score(account, in: context, detail: .pointsOnly).disqualifications.first : nil)
            }
        ) { _, s in out.append(s) }
        return (out, report)
    }

    static func bulk(_ path: String, _ profile: Profile<Account>, threads: Int, blockSize: Int) throws -> (
        [AccountSummary], ImportReport
    ) {
        var out: [AccountSummary] = []
        let report = try CRMImport.summarize(
            path: path, profile: profile, context: context, idColumn: nil, strict: false, threads: threads,
            blockSize: blockSize
        ) { out.append($0) }
        return (out, report)
    }

    static func file(_ name: String, _ text: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("icp-bulk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func profile(_ name: String) throws -> Profile<Account> {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return try ProfileFile.load(path: root.appendingPathComponent("Examples/Profiles/\(name)").path)
    }

    /// A rubric that reaches every way a leaf is answered: numbers per row,
    /// bands, dates, one and two text columns, technologies, combinations
    /// with not, and a tier requirement mixing them.
    static func wideProfile() throws -> Profile<Account> {
        let bestFit = Criteria.allOf(
            Location.in(.northAmerica), Employees.moreThan(100), !Industry.oneOf("Logistics"),
            Criteria.anyOf(TechStack.usesAny("Salesforce"), Attribute("business_type").oneOf("manufacturer")))
        let fit = try Rubric<Account>(
            "wide", missingData: .excludeFromMaximum,
            tiers: [Tier("Best", requires: bestFit), Tier("Good", minimum: .ratio(0.4)), Tier("Rest")],
            caps: ["type": 2]
        ) {
            Industry.oneOf("Security Software", "Cybersecurity").points(3)
            Employees.between(200...2_000).points(2)
            Employees.count.bands(.atLeast(1_000, points: 3), .atLeast(200, points: 1)).named("size band")
            Revenue.amount.bands(.atLeast(100_000_000, points: 2), .atLeast(10_000_000, points: 1)).named("revenue")
            Location.in(.emea).points(1)
            Location.in(try .country("US")).points(1)
            TechStack.usesNone("CrowdStrike").points(1)
            TechStack.count(inCategory: "Security").atLeast(1).points(1)
            Founded.after(2000).points(1)
            CompanyAge.atLeast(5).points(1)
            Stage.oneOf("Series B", "Series C").points(1)
            Referrals.atLeast(1).points(1)
            NPS.promoter.points(1)
            Attribute("business_type").oneOf("manufacturer").points(2).group("type")
            Attribute("business_type").oneOf("distributor").points(1).group("type")
            Attribute("budget").atLeast(20_000).points(1)
            (Employees.lessThan(50) || !Location.in(.northAmerica)).points(1)
            Attribute("do_not_contact").isTrue.disqualifies()
        }
        return Profile(name: "wide", fit: fit)
    }

    @Test(
        "generated exports: the same summaries as scoring each account",
        arguments: [("security-software.json", 1), ("security-software.json", 2), ("lead-scoring.json", 2)])
    func generated(profileName: String, threads: Int) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("icp-bulk-\(UUID().uuidString)")
        _ = try CRMGenerator(count: 3_000, seed: 5).write(to: folder.path)
        let path = folder.appendingPathComponent("accounts.csv").path
        let profile = try BulkSummaryTests.profile(profileName)
        let (expected, expectedReport) = try BulkSummaryTests.ordinary(path, profile)
        let (got, report) = try BulkSummaryTests.bulk(path, profile, threads: threads, blockSize: 50_000)
        #expect(got.count == 3_000)
        #expect(got == expected)
        #expect(report == expectedReport)
        #expect(got.contains { $0.disqualification != nil } == expected.contains { $0.disqualification != nil })
    }

    @Test("every kind of leaf, on generated accounts")
    func wide() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("icp-bulk-\(UUID().uuidString)")
        _ = try CRMGenerator(count: 2_000, seed: 9).write(to: folder.path)
        let path = folder.appendingPathComponent("accounts.csv").path
        let profile = try BulkSummaryTests.wideProfile()
        let (expected, expectedReport) = try BulkSummaryTests.ordinary(path, profile)
        let (got, report) = try BulkSummaryTests.bulk(path, profile, threads: 2, blockSize: 4_096)
        #expect(got == expected)
        #expect(report == expectedReport)
        // The rubric is not trivial on this data: several tiers are reached.
        #expect(Set(got.map(\.fit.tierRank)).count == 3)
        #expect(got.contains { $0.fit.isDisqualified })
    }

    /// A criterion of the host's that reads only the country, through its
    /// condition: a US state with no country implies the country, so the
    /// state column must be read for it too.
    struct InUnitedStates: Criterion {
        var name: String { "in the US" }
        var category: SignalCategory { .firmographic }
        func evaluate(_ a: Account, in context: EvaluationContext) -> Evaluation {
            guard let code = a.countryCode else {
                return .unknown(missing: ["country"], evidence: [], met: "", unmet: "")
            }
            return .known(code == "US", evidence: [], met: "in the US", unmet: "not in the US")
        }
        var condition: Condition? { .text(.field(.country), [NameKey("US")]) }
    }

    @Test("a condition on the country alone reads the state too, as importing every column does")
    func countryFromState() throws {
        let path = try BulkSummaryTests.file(
            "places.csv",
            "id,name,country,state,industry\n1,No country,,Virginia,Software\n2,Canada,Canada,Virginia,Software\n"
                + "3,Written out,United States,,Software\n4,Nowhere,,,Software\n5,Ontario,,Ontario,Software\n")
        let profile = Profile(
            name: "places", fit: try Rubric<Account>("in the US") { InUnitedStates().points(1) })
        var everyColumn: [Double] = []
        _ = try CRMImport.mapAccounts(path: path, reading: nil, { profile.fit.summary($0, in: Self.context).total }) {
            _, total in everyColumn.append(total)
        }
        #expect(everyColumn == [1, 0, 1, 0, 0])
        let (got, _) = try BulkSummaryTests.bulk(path, profile, threads: 1, blockSize: 1 << 20)
        #expect(got.map(\.fit.total) == everyColumn)
        let (read, _) = try BulkSummaryTests.ordinary(path, profile)
        #expect(read.map(\.fit.total) == everyColumn)
    }

    /// Every awkward row a CRM export has, at every block size: the bulk
    /// path must read, reject and number lines exactly as the ordinary one.
    static let awkward = [
        "\u{FEFF}id,name,industry,employees,revenue,country,state,technologies,business_type,do_not_contact,founded\r\n",
        "1,Acme,Security Software,750,$1.2M,USA,California,Salesforce;Okta,manufacturer,no,2001\r\n",
        "2,\"Quoted, Inc.\",Cybersecurity,\"1,200\",12.5k,Canada,Ontario,\"HubSpot|CrowdStrike\",distributor,no,1999\r\n",
        "\n",
        "3,\"Multi\nline \"\"name\"\"\",Logistics,201-500,€3 000 000,Germany,,AWS,manufacturer,yes,2010\n",
        "4,Bad Employees,Security Software,many,1,USA,Texas,,,no,2000\n",
        "5,Short row,Security Software\n",
        ",No id,Security Software,10,1,USA,Texas,,,no,2000\n",
        "1,Repeated id,Security Software,10,1,USA,Texas,,,no,2000\n",
        "6,Zürich AG,Security Software,300,2000000,Switzerland,,Salesforce,manufacturer,no,1990\n",
        "7,Bad year,Security Software,300,2000000,US,NY,Salesforce,,no,99\n",
        "8,Stray \"quote,Security Software,300,1,US,NY,,,no,2000\n",
        "9,Lone CR\r10,Split,Cybersecurity,40,1,United States,Oregon,Okta,distributor,true,2020\n",
        "11,  Spaced  ,  security software ,  300 , 1 , us , ny ,salesforce,Manufacturer,no,2005\n",
        "13,Unknown size,Cybersecurity,,1,US,CA,Okta,,no,2000\n",
        "12,No newline at end,Cybersecurity,5000,900000000,France,,Okta,,no,1985",
    ].joined()

    @Test("awkward rows: same summaries, rejections and lines", arguments: [7, 64, 1 << 20])
    func awkwardRows(blockSize: Int) throws {
        let path = try BulkSummaryTests.file("awkward.csv", BulkSummaryTests.awkward)
        for profile in [try BulkSummaryTests.wideProfile(), try BulkSummaryTests.profile("security-software.json")] {
            let (expected, expectedReport) = try BulkSummaryTests.ordinary(path, profile)
            let (got, report) = try BulkSummaryTests.bulk(path, profile, threads: 2, blockSize: blockSize)
            #expect(got == expected)
            #expect(report == expectedReport)
        }
        let (got, report) = try BulkSummaryTests.bulk(
            path, try BulkSummaryTests.wideProfile(), threads: 1, blockSize: blockSize)
        // The row with a blank id is named by its line, not rejected.
        #expect(got.map(\.id) == ["1", "2", "3", "line 9", "6", "10", "11", "13", "12"])
        #expect(got.map(\.name).prefix(3) == ["Acme", "Quoted, Inc.", "Multi\nline \"name\""])
        #expect(report.read == 15)
        #expect(report.used == 9)
        #expect(report.rejected.map(\.line) == [7, 8, 10, 12, 13, 14])
        #expect(report.notes == ["1 row has a blank id (column \"id\") and is named by the line, as \"line 9\""])
        #expect(report.rejected.first?.reason == "column \"employees\": \"many\" is not a count")
    }

    /// What an outcome command keeps of a row: its summary, which fit lines
    /// degrees and the kept values.
    struct Kept: Equatable {
        var summary: AccountSummary
        /// Each line's degree, `nil` when unknown.
        var degrees: [Double?]
        var cells: [AttributeValue?]
    }

    /// The ordinary path's ``Kept`` rows: each account built and scored.
    static func ordinaryKept(_ path: String, _ profile: Profile<Account>, _ keep: BulkKeep) throws -> (
        [Kept], ImportReport
    ) {
        var read = FieldsRead(profile)
        read?.fields.formUnion(keep.reads.fields)
        read?.attributes.formUnion(keep.reads.attributes)
        var out: [Kept] = []
        let report = try CRMImport.mapAccounts(
            path: path, reading: keep.everyColumn ? nil : read, repeatedIDs: keep.repeatedIDs,
            { account in
                Kept(
                    summary: BulkWorker.summary(of: account, profile: profile, context: context),
                    degrees: !keep.degrees
                        ? []
                        : ([profile.fit] + (profile.engagement.map { [$0] } ?? [])).flatMap { rubric in
                            rubric.score(account, in: context, detail: .pointsOnly).breakdown.map(\.degree)
                        },
                    cells: keep.readers.map { $0.read(account) }
                        + (keep.everyColumn ? account.attributes.map { $0.value } : []))
            }
        ) { _, kept in out.append(kept) }
        return (out, report)
    }

    /// The bulk path's ``Kept`` rows.
    static func bulkKept(_ path: String, _ profile: Profile<Account>, _ keep: BulkKeep, blockSize: Int) throws -> (
        [Kept], ImportReport
    ) {
        var out: [Kept] = []
        let lines = profile.fit.lines.count + (profile.engagement?.lines.count ?? 0)
        let report = try CRMImport.summaryBlocks(
            path: path, profile: profile, context: context, threads: 2, blockSize: blockSize, keep: keep
        ) { block in
            for entry in block.entries {
                out.append(
                    Kept(
                        summary: block.summary(entry),
                        degrees: block.degrees(entry, lines: lines).map { $0.isNaN ? nil : $0 },
                        cells: block.kept.indices.map { block.value(entry, $0) }
                            .enumerated().filter { $0.offset < keep.readers.count || $0.element != nil }.map(\.element)
                    ))
            }
        }
        return (out, report)
    }

    @Test(
        "kept for outcomes: lines' degrees, attribute values and repeated ids as the ordinary path keeps them",
        arguments: [7, 64, 1 << 20])
    func kept(blockSize: Int) throws {
        let path = try BulkSummaryTests.file("awkward.csv", BulkSummaryTests.awkward)
        let keep = BulkKeep(
            repeatedIDs: .kept, degrees: true,
            readers: ["business_type", "won", "do_not_contact"].map { .attribute(NameKey($0)) })
        let profile = try BulkSummaryTests.wideProfile()
        let (expected, expectedReport) = try BulkSummaryTests.ordinaryKept(path, profile, keep)
        let (got, report) = try BulkSummaryTests.bulkKept(path, profile, keep, blockSize: blockSize)
        #expect(got == expected)
        #expect(report == expectedReport)
        // The repeated id 1 (line 10) is kept as its own row, with a note.
        #expect(got.map(\.summary.id) == ["1", "2", "3", "line 9", "1", "6", "10", "11", "13", "12"])
        #expect(report.notes.last?.hasPrefix("1 row repeats an id of an earlier row (first: line 10") == true)
        #expect(
            got.map { $0.cells[0] }.prefix(3) == [.text("manufacturer"), .text("distributor"), .text("manufacturer")])
        #expect(got.allSatisfy { $0.cells[1] == nil })  // no "won" column
        #expect(got.map { $0.cells[2] }.prefix(3) == [.flag(false), .flag(false), .flag(true)])
        // Lines held: Acme (1) holds the industry, 200–2,000 employees and US lines; the size band in part.
        let lines = profile.fit.lines.map(\.name)
        let acme = zip(lines, got[0].degrees).filter { ($0.1 ?? 0) > 0 }.map(\.0)
        #expect(got[0].degrees[2] == 1.0 / 3)  // 750 employees: the band of 1 point of 0…3
        #expect(acme.contains(lines[0]) && acme.contains(lines[1]) && acme.contains(lines[5]))
        #expect(!acme.contains(lines[4]))  // not in EMEA
        // Without a profile that compiles, the ordinary path keeps the same.
        struct Custom: Criterion {
            var name: String { "custom" }
            var category: SignalCategory { .custom }
            func evaluate(_ account: Account, in context: EvaluationContext) -> Evaluation {
                .known((account.employees ?? 0) > 100, evidence: [], met: "big", unmet: "small")
            }
        }
        let custom = Profile(name: "custom", fit: try Rubric<Account>("custom") { Custom().points(2) })
        let (e2, r2) = try BulkSummaryTests.ordinaryKept(path, custom, keep)
        let (g2, q2) = try BulkSummaryTests.bulkKept(path, custom, keep, blockSize: blockSize)
        #expect(g2 == e2)
        #expect(q2 == r2)
        #expect(g2.map(\.degrees) == g2.map { [$0.summary.fit.total == 2 ? 1 : 0] })
    }

    @Test("a value a worker gave an origin before is left out of its later parts, and filled in as they are handed on")
    func keptOrigins() {
        let tech: AttributeValue = .list(["AWS", "Zoom"])
        var first = SummaryBlock()
        first.worker = 1
        first.kept = [SummaryBlock.KeptColumn(), SummaryBlock.KeptColumn()]
        #expect(first.kept[0].add(first: tech, origin: 3) == 0)
        #expect(first.kept[0].add(first: .flag(false), origin: 5) == 1)
        #expect(first.kept[1].add(first: .text("EMEA"), origin: 3) == 0)
        // The same worker's later part: origins 5 and 3 left out.
        var later = SummaryBlock()
        later.worker = 1
        later.kept = [SummaryBlock.KeptColumn(), SummaryBlock.KeptColumn()]
        #expect(later.kept[0].add(repeatOf: 5) == 0)
        #expect(later.kept[0].add(repeatOf: 3) == 1)
        #expect(later.kept[0].add(first: .text("x"), origin: 4) == 2)
        #expect(later.kept[1].add(repeatOf: 3) == 0)
        #expect(later.kept[0].values == [nil, nil, .text("x")])
        // Another worker's origin 3 is its own value.
        var other = SummaryBlock()
        other.worker = 0
        other.kept = [SummaryBlock.KeptColumn(), SummaryBlock.KeptColumn()]
        #expect(other.kept[0].add(first: .text("y"), origin: 3) == 0)
        var origins = KeptOrigins()
        origins.fill(&first)
        origins.fill(&other)
        origins.fill(&later)
        #expect(later.kept[0].values == [.flag(false), tech, .text("x")])
        #expect(later.kept[0].origins == [5, 3, 4])
        #expect(later.kept[1].values == [.text("EMEA")])
        #expect(other.kept[0].values == [.text("y")])
        #expect(first.kept[0].values == [tech, .flag(false)])
        #expect(later.kept[0].firsts.isEmpty && later.kept[0].repeats.isEmpty)
    }

    @Test("kept for outcomes on a generated history: every row's lines and label")
    func keptHistory() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("icp-bulk-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try CRMGenerator(count: 2_000, seed: 9, outcomes: true).write(to: folder.path)
        let path = folder.appendingPathComponent("history.csv").path
        let keep = BulkKeep(
            repeatedIDs: .kept, degrees: true,
            readers: ["won", "deal_value", "churned"].map { .attribute(NameKey($0)) })
        for profile in [try BulkSummaryTests.wideProfile(), try BulkSummaryTests.profile("security-software.json")] {
            let (expected, expectedReport) = try BulkSummaryTests.ordinaryKept(path, profile, keep)
            let (got, report) = try BulkSummaryTests.bulkKept(path, profile, keep, blockSize: 50_000)
            #expect(got.count == 2_000)
            #expect(got == expected)
            #expect(report == expectedReport)
            #expect(Set(got.map { $0.cells[0] }) == [.number(0), .number(1)])
            #expect(got.contains { $0.degrees.contains(1) } && got.contains { $0.degrees.contains(0) })
            #expect(got.contains { $0.degrees.contains(nil) })
        }
    }

    /// Readers of every standard field as drift reads them: numbers per
    /// row, texts once per distinct cell, the state with its country.
    static let fieldReaders: [KeptReader] = [
        .value(FieldsRead(fields: [.industry]), { $0.industry.map(AttributeValue.text) }),
        .value(FieldsRead(fields: [.country, .state]), { $0.subdivisionCode.map(AttributeValue.text) }),
        // The country is told from the state when its own cell is blank.
        .value(FieldsRead(fields: [.country, .state]), { $0.countryCode.map(AttributeValue.text) }),
        .value(FieldsRead(fields: [.employees]), { $0.employees.map { .number(Double($0)) } }),
        .value(FieldsRead(fields: [.revenue]), { $0.annualRevenue.map(AttributeValue.number) }),
        .value(FieldsRead(fields: [.founded]), { $0.founded.map { .number(Double($0)) } }),
        .value(
            FieldsRead(fields: [.technologies]), { $0.technologies.isEmpty ? nil : .list($0.technologies.sorted()) }),
        .value(FieldsRead(fields: [.nps]), { $0.nps.map { .number(Double($0)) } }),
        .value(FieldsRead(), { _ in .text("constant") }),
        // Numbers read straight from the cells: as the closures above read them.
        .number(.employees), .number(.revenue), .number(.sentiment),
    ]

    @Test(
        "every column kept: fields read per row or per cell, every attribute, as each account holds them",
        arguments: [7, 64, 1 << 20])
    func everyColumn(blockSize: Int) throws {
        let keep = BulkKeep(repeatedIDs: .kept, readers: BulkSummaryTests.fieldReaders, everyColumn: true)
        let awkward = try BulkSummaryTests.file("awkward.csv", BulkSummaryTests.awkward)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("icp-bulk-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try CRMGenerator(count: 1_500, seed: 4, outcomes: true).write(to: folder.path)
        // Custom attributes of numbers, plain and not, each cell read straight
        // or as the import reads it.
        let arr = ["1200", "-5", "3.25", " 7", "$1.2M", "", "1,200", "0012", "12345678901234567", "yes", "1e3", "-"]
        let numbers = try BulkSummaryTests.file(
            "numbers.csv",
            "id,name,industry,arr,seats\n"
                + (0..<300).map { "\($0),N\($0),Cybersecurity,\(arr[$0 % arr.count]),\($0 * 7 % 40)\n" }.joined())
        for path in [awkward, folder.appendingPathComponent("history.csv").path, numbers] {
            let profile = try BulkSummaryTests.profile("security-software.json")
            let (expected, expectedReport) = try BulkSummaryTests.ordinaryKept(path, profile, keep)
            let (got, report) = try BulkSummaryTests.bulkKept(path, profile, keep, blockSize: blockSize)
            #expect(got.count == expected.count)
            let first = got.indices.first { $0 < expected.count && got[$0] != expected[$0] }
            #expect(
                first == nil,
                "row \(first ?? -1): \(first.map { "\(got[$0].cells) against \(expected[$0].cells)" } ?? "")")
            #expect(report == expectedReport)
        }
        // Every column is read: the bad year of line 13 rejects its row,
        // though the profile does not read the founding year.
        let (got, report) = try BulkSummaryTests.bulkKept(
            awkward, try BulkSummaryTests.profile("security-software.json"), keep, blockSize: blockSize)
        #expect(report.rejected.map(\.line).contains(13))
        #expect(got.map { $0.cells[1] }.prefix(3) == [.text("US-CA"), .text("CA-ON"), nil])
        // "201-500" reads as its middle.
        #expect(got.map { $0.cells[3] }.prefix(3) == [.number(750), .number(1_200), .number(351)])
        #expect(got.allSatisfy { $0.cells[8] == .text("constant") })
        #expect(got.map { $0.cells[9] } == got.map { $0.cells[3] })
        #expect(got.map { $0.cells[10] } == got.map { $0.cells[4] })
        #expect(got.contains { $0.cells[10] != nil })
        #expect(got.allSatisfy { $0.cells[11] == nil })  // no sentiment column
        #expect(got[0].cells.count == 12 + 2)  // business_type and do_not_contact
    }

    @Test("a profile with a criterion that has no file form is scored the ordinary way")
    func fallback() throws {
        struct Custom: Criterion {
            var name: String { "custom" }
            var category: SignalCategory { .custom }
            func evaluate(_ account: Account, in context: EvaluationContext) -> Evaluation {
                .known(
                    (account.employees ?? 0) > 100, evidence: [], met: "big", unmet: "small")
            }
        }
        let fit = try Rubric<Account>("custom") { Custom().points(2) }
        let profile = Profile(name: "custom", fit: fit)
        let path = try BulkSummaryTests.file("awkward.csv", BulkSummaryTests.awkward)
        #expect(FieldsRead(profile) == nil)
        let (expected, expectedReport) = try BulkSummaryTests.ordinary(path, profile)
        let (got, report) = try BulkSummaryTests.bulk(path, profile, threads: 2, blockSize: 64)
        #expect(got == expected)
        #expect(report == expectedReport)
        #expect(got.map(\.fit.total).filter { $0 == 2 }.count == 6)  // accounts 1, 2, 3, 6, 11 and 12
    }

    @Test("strict mode stops at the first bad row")
    func strict() throws {
        let path = try BulkSummaryTests.file("awkward.csv", BulkSummaryTests.awkward)
        #expect(throws: RowError.self) {
            _ = try CRMImport.summarize(
                path: path, profile: try BulkSummaryTests.wideProfile(), context: BulkSummaryTests.context,
                strict: true
            ) { _ in }
        }
    }

    /// Ids that are equal as `String`s without being equal as bytes: the
    /// Kelvin sign is canonically "K", and "é" is one scalar or two.
    static let unicodeIDs = [
        "id,name,industry,employees,country\n",
        "K1,Plain K,Cybersecurity,300,United States\n",
        "A2,Second,Logistics,20,France\n",
        "\u{212A}1,Kelvin K,Cybersecurity,300,United States\n",
        "\u{E9}3,Precomposed,Cybersecurity,900,Canada\n",
        "e\u{301}3,Decomposed,Cybersecurity,900,Canada\n",
        "A2,Plain again,Logistics,20,France\n",
        "B4,Last,Logistics,20,France\n",
    ].joined()

    @Test("repeated ids are found as String equality finds them, past the first non-ASCII id", arguments: [1, 2])
    func repeatedIDs(threads: Int) throws {
        let path = try BulkSummaryTests.file("ids.csv", BulkSummaryTests.unicodeIDs)
        let profile = try BulkSummaryTests.profile("security-software.json")
        let (expected, expectedReport) = try BulkSummaryTests.ordinary(path, profile)
        let (got, report) = try BulkSummaryTests.bulk(path, profile, threads: threads, blockSize: 40)
        #expect(got == expected)
        #expect(report == expectedReport)
        #expect(got.map(\.name) == ["Plain K", "Second", "Precomposed", "Last"])
        #expect(report.rejected.map(\.line) == [4, 6, 7])
        #expect(report.rejected.first?.reason == "the id \"\u{212A}1\" is already used on line 2")
    }

    @Test("summary blocks pack ids and names as bytes and carry each entry's reason")
    func blocks() throws {
        let path = try BulkSummaryTests.file("awkward.csv", BulkSummaryTests.awkward)
        var ids: [String] = []
        var names: [String] = []
        var reasons: [String?] = []
        var ascii: [Bool] = []
        _ = try CRMImport.summaryBlocks(
            path: path, profile: try BulkSummaryTests.wideProfile(), context: BulkSummaryTests.context, threads: 2,
            blockSize: 64
        ) { block in
            for e in block.entries {
                ids.append(block.id(e))
                names.append(block.name(e))
                reasons.append(block.disqualification(e))
                ascii.append(e.isASCII)
            }
        }
        #expect(ids == ["1", "2", "3", "line 9", "6", "10", "11", "13", "12"])
        #expect(names.prefix(3) == ["Acme", "Quoted, Inc.", "Multi\nline \"name\""])
        #expect(ascii == Array(repeating: true, count: 9))
        let (expected, _) = try BulkSummaryTests.ordinary(path, try BulkSummaryTests.wideProfile())
        #expect(reasons == expected.map(\.disqualification))
    }

    @Test("a plain cell is trimmed of exactly what trimmed() removes, for every ASCII byte")
    func byteTrim() {
        for b in UInt8(0)..<0x80 where b != 0x2C && b != 0x22 && b != 0x0A && b != 0x0D {
            let text = [b, 0x41, b, b]
            let expected = String(decoding: text, as: UTF8.self).trimmed()
            let got = text.withUnsafeBufferPointer { String(decoding: BulkWorker.trimmed($0), as: UTF8.self) }
            #expect(got == expected, "byte \(b)")
        }
    }

    @Test("the byte interner numbers texts in order and stops at its limit")
    func interner() {
        var table = ByteInterner(limit: 300)
        func number(_ s: String) -> Int? {
            var s = s
            return s.withUTF8 { table.number(of: UnsafeRawBufferPointer($0))?.number }
        }
        for i in 0..<300 { #expect(number("value \(i)") == i) }
        for i in 0..<300 { #expect(number("value \(i)") == i) }
        #expect(number("one too many") == nil)
        #expect(number("") == nil)
        #expect(table.count == 300)
    }
}
