/// Distinct byte strings numbered 0, 1, 2… in the order first seen: an
/// open-addressing hash table over a byte arena, so that a cell's text is
/// looked up without making a `String`. Holds at most `limit` strings;
/// past that, new ones get no number.
struct ByteInterner: Sendable {
    /// The most strings numbered.
    let limit: Int
    private var arena: [UInt8] = []
    private var starts: [Int] = [0]  // string k is arena[starts[k]..<starts[k + 1]]
    private var hashes: [UInt64] = []
    /// 0 when empty, else the hash's high 32 bits and the string's number
    /// plus one: a probe reads the arena only when the high bits agree.
    private var slots: [UInt64]
    private var mask: Int

    /// An empty table.
    init(limit: Int) {
        self.limit = limit
        self.slots = [UInt64](repeating: 0, count: 64)
        self.mask = 63
    }

    /// How many strings are numbered.
    var count: Int { hashes.count }

    /// The number of `bytes`, and whether it was new; `nil` when it is new
    /// and the table is full.
    mutating func number(of bytes: UnsafeRawBufferPointer) -> (number: Int, isNew: Bool)? {
        number(of: bytes, hash: ByteInterner.hash(bytes))
    }

    /// ``number(of:)`` for bytes whose ``hash(_:)`` is known.
    mutating func number(of bytes: UnsafeRawBufferPointer, hash: UInt64) -> (number: Int, isNew: Bool)? {
        var slot = Int(truncatingIfNeeded: hash) & mask
        let high = hash & 0xFFFF_FFFF_0000_0000
        while true {
            let entry = slots[slot]
            if entry == 0 { break }
            if entry & 0xFFFF_FFFF_0000_0000 == high {
                let k = Int(entry & 0xFFFF_FFFF) - 1
                if equals(k, bytes) { return (k, false) }
            }
            slot = (slot + 1) & mask
        }
        guard count < limit, count < Int(UInt32.max) - 1 else { return nil }
        let k = count
        hashes.append(hash)
        arena.append(contentsOf: bytes)
        starts.append(arena.count)
        slots[slot] = high | UInt64(k + 1)
        if count * 2 > slots.count { grow() }
        return (k, true)
    }

    /// Reads the slot a hash starts at, so that a lookup a little later
    /// finds it in cache: a large table's lookups are cache misses, which
    /// the processor overlaps when their loads are issued together.
    mutating func touch(_ hash: UInt64) {
        touched ^= slots[Int(truncatingIfNeeded: hash) & mask]
    }

    /// The slots touched, combined: kept only so the reads are not dropped.
    private var touched: UInt64 = 0

    /// String `k`, decoded as UTF-8.
    func string(_ k: Int) -> String {
        String(decoding: arena[starts[k]..<starts[k + 1]], as: UTF8.self)
    }

    private func equals(_ k: Int, _ bytes: UnsafeRawBufferPointer) -> Bool {
        let start = starts[k]
        guard starts[k + 1] - start == bytes.count else { return false }
        return arena.withUnsafeBufferPointer { arena in
            for i in 0..<bytes.count where arena[start + i] != bytes[i] { return false }
            return true
        }
    }

    private mutating func grow() {
        let size = slots.count * 2
        slots = [UInt64](repeating: 0, count: size)
        mask = size - 1
        for k in 0..<count {
            var slot = Int(truncatingIfNeeded: hashes[k]) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = hashes[k] & 0xFFFF_FFFF_0000_0000 | UInt64(k + 1)
        }
    }

    /// A 64-bit hash of the bytes, eight at a time (not for untrusted keys
    /// in a long-lived table: a crafted file can only make its own import slow).
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let n = bytes.count
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(n)
        var i = 0
        while i + 8 <= n {
            h = mix(h ^ bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            i += 8
        }
        if i < n {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while i < n {
                tail |= UInt64(bytes[i]) << shift
                shift += 8
                i += 1
            }
            h = mix(h ^ tail)
        }
        h ^= h >> 29
        h &*= 0xC4CE_B9FE_1A85_EC53
        return h ^ (h >> 32)
    }

    @inline(__always)
    private static func mix(_ x: UInt64) -> UInt64 {
        let m = x &* 0xFF51_AFD7_ED55_8CCD
        return m ^ (m >> 32)
    }
}
