import ICPCore
import Testing

@testable import ICPFiles

/// The table of values by pairs of cell numbers against a dictionary.
@Suite("Pair table")
struct PairTableTests {
    @Test("holds what a dictionary holds, through growth, with stored missing values and collisions")
    func likeADictionary() {
        var table = PairTable<Double>()
        var dictionary: [UInt64: Double] = [:]
        var optional = PairTable<Int?>()
        var generator = SeededGenerator(seed: 3)
        for step in 0..<20_000 {
            // Small numbers, so that pairs repeat and many share a slot.
            let key = PairTable<Double>.key(Int(generator.below(300)), Int(generator.below(40)))
            if let known = dictionary[key] {
                #expect(table[key] == known)
            } else {
                #expect(table[key] == nil)
                let value = Double(step) / 3
                table[key] = value
                dictionary[key] = value
                optional[key] = step.isMultiple(of: 2) ? step : nil
            }
        }
        #expect(dictionary.count > 8_000)  // the table grew many times
        for (key, value) in dictionary { #expect(table[key] == value) }
        // A stored missing value is told from an absent one.
        let stored = dictionary.keys.filter { optional[$0] == .some(nil) }
        #expect(!stored.isEmpty)
        #expect(optional[PairTable<Int?>.key(300, 40)] == nil)
        // The two halves of a key stay apart.
        #expect(PairTable<Double>.key(1, 2) != PairTable<Double>.key(2, 1))
        #expect(PairTable<Double>.key(1, 2) == 1 << 32 | 2)
    }
}
