/// Values by a pair of cell numbers: what a dictionary keyed by
/// `first << 32 | second` holds, in an open-addressing table probed with a
/// multiplicative hash. A row asks it once per leaf that reads two text
/// columns (a country and a state, say); through `Hasher` that lookup was a
/// twentieth of the reading's time.
struct PairTable<Value> {
    /// The keys, ``empty`` where a slot is free.
    private var keys: [UInt64]
    private var values: [Value?]
    private var count = 0
    /// 64 minus the table's size in bits: a hash's top bits pick the slot.
    private var shift: UInt64

    /// A key no pair of cell numbers (each below 2³¹) makes.
    private static var empty: UInt64 { .max }

    /// An empty table.
    init() {
        keys = [UInt64](repeating: PairTable.empty, count: 16)
        values = [Value?](repeating: nil, count: 16)
        shift = 60
    }

    /// The key of a pair of cell numbers.
    static func key(_ first: Int, _ second: Int) -> UInt64 {
        UInt64(truncatingIfNeeded: first) << 32 | UInt64(truncatingIfNeeded: second) & 0xFFFF_FFFF
    }

    /// The slot holding `key`, or the free slot where it would go.
    private func slot(_ key: UInt64) -> Int {
        let mask = keys.count - 1
        var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while keys[slot] != key && keys[slot] != PairTable.empty { slot = (slot + 1) & mask }
        return slot
    }

    /// The value at `key`, `nil` when none is.
    subscript(key: UInt64) -> Value? {
        get {
            let s = slot(key)
            return keys[s] == key ? values[s] : nil
        }
        set {
            guard let newValue else { return }  // values are only added
            let s = slot(key)
            if keys[s] == key {
                values[s] = newValue
                return
            }
            keys[s] = key
            values[s] = newValue
            count += 1
            if count * 2 > keys.count { grow() }
        }
    }

    /// Doubles the table, placing each key again.
    private mutating func grow() {
        let oldKeys = keys
        let oldValues = values
        keys = [UInt64](repeating: PairTable.empty, count: oldKeys.count * 2)
        values = [Value?](repeating: nil, count: oldKeys.count * 2)
        shift -= 1
        for i in oldKeys.indices where oldKeys[i] != PairTable.empty {
            let s = slot(oldKeys[i])
            keys[s] = oldKeys[i]
            values[s] = oldValues[i]
        }
    }
}
extension PairTable: Sendable where Value: Sendable {}
