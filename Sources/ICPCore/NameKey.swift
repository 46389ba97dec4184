/// A name folded for matching: case-insensitive, with spaces, underscores
/// and hyphens treated alike and surrounding blanks ignored.
///
/// `"Business Type"`, `"business_type"` and `" BUSINESS-type "` all fold to
/// the same key, so a CRM column, a profile file and code can name one
/// attribute three ways. Fold once, when data is read or a criterion is
/// built, then compare keys.
///
/// - Complexity: O(*n*) in the length of the name to create; hashing and
///   comparison are those of a `String`.
public struct NameKey: Hashable, Sendable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The folded text: lowercase, each run of separators as one `_`.
    public let folded: String
    /// A hash of `folded`, computed once, so sets and dictionaries of keys
    /// hash in constant time.
    @usableFromInline let digest: Int

    /// Folds a name.
    public init(_ name: String) {
        let out = NameKey.foldASCII(name) ?? NameKey.foldScalars(name)
        folded = out
        digest = NameKey.digest(of: out)
    }

    /// A name of ASCII text folded byte by byte, as ``foldScalars(_:)``
    /// folds it (a name read from a CRM is nearly always ASCII, and
    /// appending scalar by scalar made each key cost thousands of
    /// instructions); `nil` for other text.
    package static func foldASCII(_ name: String) -> String? {
        var name = name
        return name.withUTF8 { bytes -> String? in
            var high: UInt8 = 0
            for b in bytes { high |= b }
            guard high < 0x80 else { return nil }
            return String(unsafeUninitializedCapacity: bytes.count) { out in
                var n = 0
                var pendingSeparator = false
                for b in bytes {
                    // Space, `_`, `-`, tab, line feed, carriage return.
                    if b == 0x20 || b == 0x5F || b == 0x2D || b == 0x09 || b == 0x0A || b == 0x0D {
                        pendingSeparator = n > 0
                        continue
                    }
                    if pendingSeparator {
                        out[n] = 0x5F
                        n += 1
                        pendingSeparator = false
                    }
                    out[n] = b >= 0x41 && b <= 0x5A ? b + 32 : b
                    n += 1
                }
                return n
            }
        }
    }

    /// Any name folded scalar by scalar: separators (space, `_`, `-`, tab,
    /// no-break space, line feed, carriage return) as one `_` between
    /// other text, ASCII letters lowercased, other scalars as
    /// `lowercased()` gives them.
    package static func foldScalars(_ name: String) -> String {
        var out = ""
        out.reserveCapacity(name.utf8.count)
        var pendingSeparator = false
        for scalar in name.unicodeScalars {
            let isSeparator =
                scalar == " " || scalar == "_" || scalar == "-" || scalar == "\t"
                || scalar == "\u{00A0}" || scalar == "\n" || scalar == "\r"
            if isSeparator {
                pendingSeparator = !out.isEmpty
                continue
            }
            if pendingSeparator {
                out.append("_")
                pendingSeparator = false
            }
            if scalar.isASCII {
                let v = scalar.value
                out.unicodeScalars.append(
                    (65...90).contains(v) ? Unicode.Scalar(UInt8(truncatingIfNeeded: v + 32)) : scalar)
            } else {
                out += String(scalar).lowercased()
            }
        }
        return out
    }

    /// FNV-1a over the UTF-8 bytes, then a 64-bit avalanche (the
    /// SplitMix64 finaliser).
    private static func digest(of text: String) -> Int {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in text.utf8 {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01B3
        }
        h = (h ^ (h >> 30)) &* 0xBF58_476D_1CE4_E5B9
        h = (h ^ (h >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int(bitPattern: UInt(h ^ (h >> 31)))
    }

    /// Keys are equal when their folded texts are; the stored hashes are
    /// compared first.
    @inlinable public static func == (lhs: NameKey, rhs: NameKey) -> Bool {
        lhs.digest == rhs.digest && lhs.folded == rhs.folded
    }

    /// Feeds the stored hash.
    @inlinable public func hash(into hasher: inout Hasher) { hasher.combine(digest) }

    /// The stored hash mixed with the table's seed, without running a
    /// `Hasher`: what makes lookups by key cheap.
    @inlinable public func _rawHashValue(seed: Int) -> Int {
        var h = UInt64(bitPattern: Int64(digest ^ seed))
        h = (h ^ (h >> 33)) &* 0xFF51_AFD7_ED55_8CCD
        h = (h ^ (h >> 33)) &* 0xC4CE_B9FE_1A85_EC53
        return Int(bitPattern: UInt(h ^ (h >> 33)))
    }

    /// Folds a name, or gives `nil` when the name is missing or blank (only
    /// separators), which is how data missing from a CRM cell reads.
    public init?(nonBlank name: String?) {
        guard let name else { return nil }
        self.init(name)
        if folded.isEmpty { return nil }
    }

    /// Folds a string literal.
    public init(stringLiteral value: String) { self.init(value) }

    /// The folded text.
    public var description: String { folded }

    /// Keys order by their folded text.
    public static func < (lhs: NameKey, rhs: NameKey) -> Bool { lhs.folded < rhs.folded }
}

extension NameKey {
    /// The order that matching uses: by the stored hash, then the folded
    /// text. It is a total order on keys, cheap to test, and the same in
    /// every process.
    @inlinable package static func precedes(_ a: NameKey, _ b: NameKey) -> Bool {
        a.digest < b.digest || (a.digest == b.digest && a.folded < b.folded)
    }

    /// The first place in `keys` (in ``precedes(_:_:)`` order), from
    /// `start` on, whose key does not precede `key`: where it is, or where
    /// it would go.
    @inlinable package static func lowerBound(
        of key: NameKey, in keys: UnsafeBufferPointer<NameKey>, from start: Int = 0
    ) -> Int {
        lowerBound(digest: key.digest, folded: key.folded, in: keys, from: start)
    }

    /// ``lowerBound(of:in:from:)`` for a key given as its stored hash and
    /// folded text (borrowed from wherever they are kept).
    @inlinable package static func lowerBound(
        digest: Int, folded: String, in keys: UnsafeBufferPointer<NameKey>, from start: Int = 0
    ) -> Int {
        var low = start
        var high = keys.count
        while low < high {
            let mid = (low + high) / 2
            let d = keys[mid].digest
            if d < digest || (d == digest && keys[mid].folded < folded) { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Where `key` is in `keys` (in ``precedes(_:_:)`` order): up to 16
    /// keys are compared in a row by stored hash (the texts only when a
    /// hash matches), more are halved.
    @inlinable package static func index(of key: NameKey, in keys: UnsafeBufferPointer<NameKey>) -> Int? {
        index(digest: key.digest, folded: key.folded, in: keys)
    }

    /// ``index(of:in:)`` for a key given as its stored hash and folded text.
    @inlinable package static func index(digest: Int, folded: String, in keys: UnsafeBufferPointer<NameKey>) -> Int? {
        guard keys.count <= 16 else {
            let i = lowerBound(digest: digest, folded: folded, in: keys)
            return i < keys.count && keys[i].digest == digest && keys[i].folded == folded ? i : nil
        }
        for i in keys.indices where keys[i].digest == digest {
            if keys[i].folded == folded { return i }
        }
        return nil
    }
}

/// Distinct folded keys in the order matching uses
/// (``NameKey/precedes(_:_:)``), so two small sets meet by comparing
/// integers, with no hashing: an account's technologies against a
/// criterion's, say.
@usableFromInline package struct SortedKeys: Sendable, Hashable {
    /// The keys, distinct, in order.
    @usableFromInline package let keys: [NameKey]
    /// 256 bits, one set for each key (chosen by the top byte of its stored
    /// hash): a key whose bit is clear is not here, which settles most
    /// questions with one test.
    @usableFromInline let filter: SIMD4<UInt64>

    /// The filter's word and bit for a key's stored hash.
    @inlinable static func bit(_ digest: Int) -> (word: Int, mask: UInt64) {
        let b = Int(truncatingIfNeeded: UInt64(bitPattern: Int64(digest)) >> 56)
        return (b >> 6, 1 << UInt64(b & 63))
    }

    /// Sorts the keys and drops repeats.
    @usableFromInline package init(_ keys: some Sequence<NameKey>) {
        var sorted = keys.sorted(by: NameKey.precedes)
        var last: NameKey?
        sorted.removeAll { key in
            defer { last = key }
            return key == last
        }
        self.keys = sorted
        var filter = SIMD4<UInt64>()
        for key in sorted {
            let (word, mask) = SortedKeys.bit(key.digest)
            filter[word] |= mask
        }
        self.filter = filter
    }

    /// Whether there are no keys.
    @inlinable package var isEmpty: Bool { keys.isEmpty }

    /// The number of keys.
    @inlinable package var count: Int { keys.count }

    /// Whether the key is here: the filter first, then
    /// ``NameKey/index(of:in:)``.
    @inlinable @inline(__always) package func contains(_ key: NameKey) -> Bool {
        contains(digest: key.digest, folded: key.folded)
    }

    /// ``contains(_:)`` for a key given as its stored hash and folded text.
    @inlinable @inline(__always) package func contains(digest: Int, folded: String) -> Bool {
        withView { $0.mayContain(digest: digest) && NameKey.index(digest: digest, folded: folded, in: $0.keys) != nil }
    }

    /// Calls `body` with the positions, here and in `other`, of each key in
    /// both, in order, until it returns `true`.
    ///
    /// - Complexity: O(*n* log *m*) for *n* keys here and *m* in `other`.
    @inlinable package func forEachCommon(with other: SortedKeys, _ body: (_ here: Int, _ there: Int) -> Bool) {
        withView { a in other.withView { b in a.forEachCommon(with: b, body) } }
    }

    /// Calls `body` with a view of the keys.
    @inlinable package func withView<R>(_ body: (View) -> R) -> R {
        keys.withUnsafeBufferPointer { body(View(keys: $0, filter: filter)) }
    }

    /// Sorted keys read in place: their buffer and their filter, valid
    /// while the ``SortedKeys`` they are read from is alive and unchanged.
    /// A view is plain data, so passing one on copies (and retains) nothing.
    @usableFromInline package struct View {
        /// The keys, in order.
        @usableFromInline package let keys: UnsafeBufferPointer<NameKey>
        /// ``SortedKeys``'s filter.
        @usableFromInline let filter: SIMD4<UInt64>

        /// A view of a buffer of sorted keys and their filter.
        @inlinable init(keys: UnsafeBufferPointer<NameKey>, filter: SIMD4<UInt64>) {
            self.keys = keys
            self.filter = filter
        }

        /// Whether there are no keys.
        @inlinable package var isEmpty: Bool { keys.isEmpty }

        /// Whether the filter lets a key with this stored hash through.
        @inlinable @inline(__always) func mayContain(digest: Int) -> Bool {
            let (word, mask) = SortedKeys.bit(digest)
            return filter[word] & mask != 0
        }

        /// ``SortedKeys/forEachCommon(with:_:)`` on views.
        @inlinable package func forEachCommon(with other: View, _ body: (_ here: Int, _ there: Int) -> Bool) {
            let a = keys
            let b = other.keys
            var start = 0
            for i in 0..<a.count where other.mayContain(digest: a[i].digest) {
                let j = NameKey.lowerBound(of: a[i], in: b, from: start)
                if j == b.count { return }
                start = j
                if b[j] == a[i], body(i, j) { return }
            }
        }
    }
}
