import Foundation
import ICPCore
import ICPFiles
import Testing

@Suite("Cells as people write them")
struct CellTests {
    @Test(
        "Numbers and money",
        arguments: [
            ("1,200", 1_200.0), ("1200", 1_200), ("12.5k", 12_500), ("$1.2M", 1_200_000), ("€3 000 000", 3_000_000),
            ("€3\u{00A0}000\u{00A0}000", 3_000_000), ("USD 2.5bn", 2_500_000_000), ("$950K", 950_000),
            ("1.200,50", 1_200.5), ("12,5", 12.5), ("0.25", 0.25), ("1'200'000", 1_200_000), ("-3", -3),
            ("(1,200)", -1_200), ("£12,345,678", 12_345_678), ("1.234.567", 1_234_567), ("US$1.2M", 1_200_000),
            ("7 mm", 7_000_000), ("3B", 3_000_000_000),
        ] as [(String, Double)])
    func numbers(text: String, value: Double) {
        #expect(Cells.number(text) == .value(value))
    }

    @Test("Empty cells are missing; nonsense is invalid with the text quoted", arguments: ["", "  ", "\t"])
    func missing(text: String) {
        #expect(Cells.number(text) == .missing)
        #expect(Cells.count(text) == .missing)
        #expect(Cells.date(text) == .missing)
    }

    @Test("Not numbers", arguments: ["abc", "12abc", "1,2,3", "1.2.3", "$", "--5", "1e5"])
    func notNumbers(text: String) {
        #expect(Cells.number(text) == .invalid("\"\(text)\" is not a number"))
    }

    @Test(
        "Headcounts and bands",
        arguments: [
            ("450", 450), ("1,200", 1_200), ("201-500", 351), ("1,001–5,000", 3_001), ("10,001+", 10_001),
            ("51 to 200", 126), ("12.5k", 12_500),
        ] as [(String, Int)])
    func counts(text: String, value: Int) {
        #expect(Cells.count(text) == .value(value))
    }

    @Test(
        "Bad headcounts",
        arguments: [
            ("500-201", "\"500-201\" is not a count or a band like 201-500"),
            ("-4", "\"-4\" is negative; a count is 0 or more"), ("many", "\"many\" is not a count"),
        ] as [(String, String)])
    func badCounts(text: String, reason: String) {
        #expect(Cells.count(text) == .invalid(reason))
    }

    @Test("Lists split on ; or |")
    func lists() {
        #expect(Cells.list("Salesforce; Okta") == ["Salesforce", "Okta"])
        #expect(Cells.list("AWS|Azure | GCP") == ["AWS", "Azure", "GCP"])
        #expect(Cells.list(" ; ;") == [])
        #expect(Cells.list("Palo Alto Networks, Inc.") == ["Palo Alto Networks, Inc."])
    }

    @Test(
        "Dates",
        arguments: [
            ("2026-11-20", "2026-11-20T00:00:00Z"), ("2026/11/20", "2026-11-20T00:00:00Z"),
            ("2026-11-20T10:30:00Z", "2026-11-20T10:30:00Z"), ("2026-11-20 10:30", "2026-11-20T10:30:00Z"),
            ("2026-11-20T10:30:00+02:00", "2026-11-20T08:30:00Z"), ("2026-11-20T10:30:00.250Z", "2026-11-20T10:30:00Z"),
            ("2024-02-29", "2024-02-29T00:00:00Z"),
        ] as [(String, String)])
    func dates(text: String, iso: String) throws {
        guard case .value(let d) = Cells.date(text) else {
            Issue.record("\(text) did not read")
            return
        }
        #expect(d.ISO8601Format() == iso)
    }

    @Test(
        "Bad dates",
        arguments: ["2026-13-01", "2025-02-29", "11/20/2026", "2026-11-20T25:00", "yesterday", "2026-11-20Tx"])
    func badDates(text: String) {
        #expect(Cells.date(text) == .invalid("\"\(text)\" is not a date like 2026-11-20 or 2026-11-20T10:30:00Z"))
    }

    @Test("Flags and custom attribute values by what the cell looks like")
    func attributes() {
        #expect(Cells.flag("Yes") == .value(true))
        #expect(Cells.flag("0") == .value(false))
        #expect(Cells.flag("maybe") == .invalid("\"maybe\" is not yes or no"))
        #expect(Cells.attribute("true") == .flag(true))
        #expect(Cells.attribute("42") == .number(42))
        #expect(Cells.attribute("$1.2M") == .number(1_200_000))
        #expect(Cells.attribute("2026-11-20") == .date(CalendarDay(2026, 11, 20).date))
        #expect(Cells.attribute("SOC 2; ISO 27001") == .list(["SOC 2", "ISO 27001"]))
        #expect(Cells.attribute(" manufacturer ") == .text("manufacturer"))
        #expect(Cells.attribute("") == nil)
        #expect(Cells.attribute("3M Company") == .text("3M Company"))
        // A cell's bytes read as its text is read, the plain texts straight.
        let cells = [
            "quantumshield0.example", "manufacturer", "FALSE", "false", "No", "Yesterday", "Slack;Zendesk", "a|b",
            "Acme ", " Acme Corp", "Acme\t", "Series A", "Zürich AG", "x2026-11-20", "$1.2M", "12 Main St", "",
            "Truthful", "maybe", "e", "Ninety-one", "Acme.", "Acme\"", "naïve co", "abcdef",
        ]
        for text in cells {
            let bytes = Array(text.utf8)
            #expect(bytes.withUnsafeBufferPointer { Cells.attribute(utf8: $0) } == Cells.attribute(text), "\(text)")
        }
    }
}
