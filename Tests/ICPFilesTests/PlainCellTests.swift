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
}
