import ICPCore
import Testing

@testable import ICPFiles

/// Number and date cells read straight from their bytes against the
/// ordinary reading of the same cells.
@Suite("Plain number and date cells")
struct PlainCellTests {
    static let fields: [AccountField] = [
        .employees, .revenue, .founded, .funding, .lastFundingDate, .customers, .nps, .sentiment, .referrals,
    ]

    static let cells = [
        "", " ", "0", "-0", "007", "5", "10", "11", "-1", "1.5", "-0.5", ".5", "5.", "1..2", "1e5", "1,200", "$1.2M",
        " 12", "12 ", "201-500", "999", "1000", "2024", "9999", "10000", "999999999999", "1000000000000",
        "123456789012345", "1234567890123456", "1.0000001", "-1.0000001", "1", "2024-02-29", "2023-02-29",
        "2024-13-01", "2024-1-01", "2024/02/01", "2024-02-01T10:30:00Z", "yes", "-", ".",
    ]

    @Test("a cell read straight gives what the ordinary reading gives, and any other is left to it")
    func likeTheOrdinaryReading() {
        var straight = 0
        for field in PlainCellTests.fields {
            for text in PlainCellTests.cells {
                var slow = Account(id: "a", name: "a")
                let reason = AccountColumns.set(field, from: text, on: &slow)
                var fast = Account(id: "a", name: "a")
                let bytes = Array(text.utf8)
                let read = bytes.withUnsafeBufferPointer { AccountColumns.setPlain(field, $0, on: &fast) }
                guard read else { continue }
                straight += 1
                #expect(
                    reason == nil, "\(field) \"\(text)\": read straight, but the ordinary reading says \(reason ?? "")")
                #expect(fast == slow, "\(field) \"\(text)\"")
                #expect(fast.number(field) == slow.number(field), "\(field) \"\(text)\"")
                #expect(fast.lastFundingDate == slow.lastFundingDate, "\(field) \"\(text)\"")
            }
        }
        // Every field has an empty cell and some plain cells read straight.
        #expect(straight >= PlainCellTests.fields.count * 3)
        var account = Account(id: "a", name: "a")
        #expect(
            Array("201-500".utf8).withUnsafeBufferPointer { AccountColumns.setPlain(.employees, $0, on: &account) }
                == false
        )
        #expect(
            Array("2024-02-29".utf8).withUnsafeBufferPointer {
                AccountColumns.setPlain(.lastFundingDate, $0, on: &account)
            }
        )
        #expect(account.lastFundingDate == CalendarDay(2024, 2, 29).date)
    }

    @Test("a plain decimal is read to the bit as Double(_:) reads it, and anything else is not read")
    func plainDecimals() {
        // Cells a plain decimal is not: left to the general rules.
        for text in [
            "", "-", ".", "--1", "1-", "1.2.3", "1e5", " 1", "1,5", "+1", "1234567890123456", "0.0000000000000001",
        ] {
            #expect(Cells.plainDecimal(text) == nil, "\"\(text)\"")
        }
        // Edge cells, then random ones of 1 to 15 digits with the point
        // anywhere (or none) and either sign: each as Double(_:) reads it.
        var cells = [
            "0", "-0", "-0.0", "5.", ".5", "-.5", "007", "123456789012345", "-999999999999999", "0.1",
            "9007199254740993", "900719925474099.3", "0.000000000000001", "1.7976931348623",
        ]
        cells.removeAll { $0.filter(\.isNumber).count > 15 }
        var generator = SeededGenerator(seed: 17)
        for _ in 0..<20_000 {
            let count = Int.random(in: 1...15, using: &generator)
            var digits = String((0..<count).map { _ in "0123456789".randomElement(using: &generator) ?? "0" })
            let point = Int.random(in: 0...(count + 1), using: &generator)
            if point <= count { digits.insert(".", at: digits.index(digits.startIndex, offsetBy: point)) }
            cells.append(Bool.random(using: &generator) ? "-" + digits : digits)
        }
        for text in cells {
            let expected = Double(text)
            let got = Cells.plainDecimal(text)
            #expect(got?.bitPattern == expected?.bitPattern, "\"\(text)\": \(String(describing: got))")
            let bytes = Array(text.utf8)
            #expect(bytes.withUnsafeBufferPointer { Cells.plainDecimal(utf8: $0) }?.bitPattern == expected?.bitPattern)
        }
    }
}
