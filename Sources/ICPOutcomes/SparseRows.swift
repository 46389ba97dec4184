import ICPCore

/// Sparse rows one after another in three arrays (compressed sparse rows):
/// the design matrix as the regression and the learner read it, without
/// an array per row. A row's entries are its features that are not zero,
/// by ascending position; while every value is 1 (lines met or not) the
/// values are not stored.
package struct SparseRows: Sendable {
    /// Where each row's entries start in ``indices``; one more place than
    /// there are rows, the last the end of the last row.
    package private(set) var starts: [Int] = [0]
    /// Every row's feature positions.
    package private(set) var indices: [Int32] = []
    /// The values at those positions; empty while each of them is 1.
    package private(set) var values: [Double] = []

    /// No rows.
    package init() {}

    /// The rows given, in order.
    package init(_ rows: [SparseRow]) {
        starts.reserveCapacity(rows.count + 1)
        for row in rows {
            for (j, v) in zip(row.indices, row.values) { append(j, v) }
            endRow()
        }
    }

    /// Rows `picked` of `rows`, in the order given: copied on every core,
    /// each row into its place.
    package init(_ rows: SparseRows, picking picked: [Int]) {
        var starts = [0]
        starts.reserveCapacity(picked.count + 1)
        for i in picked { starts.append((starts.last ?? 0) + rows.starts[i + 1] - rows.starts[i]) }
        let (bases, sources) = (starts, picked.map { rows.starts[$0] })
        indices = ParallelMap.mapParts(count: bases.last ?? 0, threads: nil) { range, out in
            SparseRows.pieces(range, bases) { p, from, to, count in
                rows.indices.withUnsafeBufferPointer { source in
                    guard let base = source.baseAddress else { return }
                    (out + to).initialize(from: base + sources[p] + from, count: count)
                }
            }
        }
        if !rows.values.isEmpty {
            values = ParallelMap.mapParts(count: bases.last ?? 0, threads: nil) { range, out in
                SparseRows.pieces(range, bases) { p, from, to, count in
                    rows.values.withUnsafeBufferPointer { source in
                        guard let base = source.baseAddress else { return }
                        (out + to).initialize(from: base + sources[p] + from, count: count)
                    }
                }
            }
        }
        self.starts = starts
    }

    /// Rows built elsewhere: `starts` (from 0, one more than the rows, not
    /// descending), their `indices`, and `values` (one per index, or none
    /// while each is 1).
    package init(starts: [Int], indices: [Int32], values: [Double]) {
        precondition(starts.first == 0 && starts.last == indices.count)
        precondition(values.isEmpty || values.count == indices.count)
        self.starts = starts
        self.indices = indices
        self.values = values
    }

    /// The rows of `parts`, one after another: copied on every core, each
    /// into its place (joining them one by one copied them on one).
    package init(joining parts: [SparseRows]) {
        // Where each part's entries and rows start.
        let entryBase = SparseRows.bases(parts.map(\.indices.count))
        let rowBase = SparseRows.bases(parts.map(\.count))
        let (entries, rows) = (entryBase.last ?? 0, rowBase.last ?? 0)
        let storing = parts.contains { !$0.values.isEmpty && !$0.indices.isEmpty }
        let pieces = SparseRows.pieces
        indices = ParallelMap.mapParts(count: entries, threads: nil) { range, out in
            pieces(range, entryBase) { p, from, to, count in
                parts[p].indices.withUnsafeBufferPointer { source in
                    guard let base = source.baseAddress else { return }
                    (out + to).initialize(from: base + from, count: count)
                }
            }
        }
        if storing {
            values = ParallelMap.mapParts(count: entries, threads: nil) { range, out in
                pieces(range, entryBase) { p, from, to, count in
                    if parts[p].values.isEmpty {
                        (out + to).initialize(repeating: 1, count: count)
                        return
                    }
                    parts[p].values.withUnsafeBufferPointer { source in
                        guard let base = source.baseAddress else { return }
                        (out + to).initialize(from: base + from, count: count)
                    }
                }
            }
        }
        // Each part's row starts after the first, moved by its entries' place.
        let tail = ParallelMap.mapParts(count: rows, threads: nil) { range, out in
            pieces(range, rowBase) { p, from, to, count in
                for k in 0..<count { (out + to + k).initialize(to: parts[p].starts[from + k + 1] + entryBase[p]) }
            }
        }
        starts = [0] + tail
    }

    /// Where each of parts of `counts` starts, and the end of the last.
    private static func bases(_ counts: [Int]) -> [Int] {
        var bases = [0]
        for count in counts { bases.append((bases.last ?? 0) + count) }
        return bases
    }

    /// Calls `copy(part, from, to, count)` for the runs of the parts that
    /// make up `range` of the whole, part `p` starting at `bases[p]`
    /// (`from` in the part, `to` in `range`).
    private static func pieces(_ range: Range<Int>, _ bases: [Int], _ copy: (Int, Int, Int, Int) -> Void) {
        // The first part ending after the range's start.
        var (p, high) = (0, max(0, bases.count - 1))
        while p < high {
            let mid = (p + high) / 2
            if bases[mid + 1] <= range.lowerBound { p = mid + 1 } else { high = mid }
        }
        var at = range.lowerBound
        while at < range.upperBound, p + 1 < bases.count {
            let end = min(bases[p + 1], range.upperBound)
            if end > at { copy(p, at - bases[p], at - range.lowerBound, end - at) }
            at = max(at, end)
            p += 1
        }
    }

    /// `count` rows with no entries.
    package init(empty count: Int) {
        starts = [Int](repeating: 0, count: count + 1)
    }

    /// How many rows.
    package var count: Int { starts.count - 1 }

    /// Adds an entry to the row being built (after every entry before it
    /// in that row, at a higher position; positions are below 2³¹, as a
    /// design of that many features could not be held anyway).
    package mutating func append(_ index: Int, _ value: Double) {
        if values.isEmpty && value != 1 { values = [Double](repeating: 1, count: indices.count) }
        indices.append(Int32(index))
        if !values.isEmpty { values.append(value) }
    }

    /// Ends the row being built: the entries added since the last row's
    /// end are its own.
    package mutating func endRow() { starts.append(indices.count) }

    /// Adds row `i` of `other` as a row of its own, ending with the entry
    /// `last` when it is given and its value not 0 (its position above
    /// every one of the row's).
    package mutating func append(row i: Int, of other: SparseRows, ending last: (Int, Double)? = nil) {
        appendEntries(of: other, other.starts[i]..<other.starts[i + 1])
        if let (j, v) = last, v != 0 { append(j, v) }
        endRow()
    }

    /// Adds row `i` of `other` with the entries at `positions` (ascending,
    /// none already in the row) whose values (`degrees`, one per position)
    /// are above 0, as a row of its own: features worked out apart (some
    /// read from a file again) joined to the rest.
    package mutating func append(
        row i: Int, of other: SparseRows, adding degrees: ArraySlice<Double>, at positions: [Int]
    ) {
        var k = other.starts[i]
        let end = other.starts[i + 1]
        for (j, d) in zip(positions, degrees) where d > 0 {
            while k < end, Int(other.indices[k]) < j {
                append(Int(other.indices[k]), other.values.isEmpty ? 1 : other.values[k])
                k += 1
            }
            append(j, d)
        }
        while k < end {
            append(Int(other.indices[k]), other.values.isEmpty ? 1 : other.values[k])
            k += 1
        }
        endRow()
    }

    /// Adds the rows of `other` after these.
    package mutating func append(contentsOf other: SparseRows) {
        let base = indices.count
        appendEntries(of: other, 0..<other.indices.count)
        starts += other.starts.dropFirst().lazy.map { $0 + base }
    }

    /// Appends `other`'s entries `range` to the row being built, its
    /// values 1 when it stores none (and these filled in with 1 when it
    /// stores some).
    private mutating func appendEntries(of other: SparseRows, _ range: Range<Int>) {
        // Whether values are stored from here on: an empty array cannot
        // tell "every value 1" from "no entry yet".
        let storing = !values.isEmpty || (!other.values.isEmpty && !range.isEmpty)
        if values.isEmpty && storing { values = [Double](repeating: 1, count: indices.count) }
        indices.append(contentsOf: other.indices[range])
        if storing {
            if other.values.isEmpty {
                values.append(contentsOf: repeatElement(1, count: range.count))
            } else {
                values.append(contentsOf: other.values[range])
            }
        }
    }

    /// Row `i` as a row of its own.
    package subscript(i: Int) -> SparseRow {
        let range = starts[i]..<starts[i + 1]
        return SparseRow(
            indices: indices[range].map { Int($0) },
            values: values.isEmpty ? [Double](repeating: 1, count: range.count) : Array(values[range]))
    }

    /// Every row, each as a row of its own.
    package var rows: [SparseRow] { (0..<count).map { self[$0] } }

    /// Calls `body` with the rows in place.
    @inline(__always)
    package func withEntries<T>(_ body: (Entries) -> T) -> T {
        starts.withUnsafeBufferPointer { s in
            indices.withUnsafeBufferPointer { i in
                values.withUnsafeBufferPointer { v in body(Entries(starts: s, indices: i, values: v)) }
            }
        }
    }

    /// The rows' arrays, read in place (see ``SparseRows/withEntries(_:)``).
    package struct Entries {
        /// As ``SparseRows/starts``.
        package let starts: UnsafeBufferPointer<Int>
        /// As ``SparseRows/indices``.
        package let indices: UnsafeBufferPointer<Int32>
        /// As ``SparseRows/values``: empty when every value is 1.
        package let values: UnsafeBufferPointer<Double>

        /// Entry `k`'s value.
        @inline(__always)
        package func value(_ k: Int) -> Double { values.isEmpty ? 1 : values[k] }

        /// `Σ xⱼ β_{j+start}` over row `i`, as ``SparseRow/dot(_:from:)``
        /// adds it up.
        @inline(__always)
        package func dot(_ i: Int, _ beta: UnsafeBufferPointer<Double>, from start: Int = 0) -> Double {
            var s = 0.0
            // Each value 1 or not (1 · β is β to the bit).
            if values.isEmpty {
                for k in starts[i]..<starts[i + 1] { s += beta[Int(indices[k]) + start] }
            } else {
                for k in starts[i]..<starts[i + 1] { s += values[k] * beta[Int(indices[k]) + start] }
            }
            return s
        }
    }
}
