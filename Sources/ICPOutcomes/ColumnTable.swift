import ICPCore

/// The values of some columns, row by row, kept compactly: what surveying
/// candidate lines reads of a file too large to hold as accounts.
///
/// Numbers are kept as they are; every other value by a code into its
/// column's table of distinct values, so a million rows of a few dozen
/// columns take some hundreds of megabytes less than their accounts.
package struct ColumnTable: Sendable {
    /// One column's values.
    struct Column: Sendable {
        /// Per row: 0 no value, -1 a number (in ``numbers``), k > 0 the
        /// distinct value `values[k - 1]`.
        var codes: [Int32] = []
        /// Per row, once the column has held a number (0 in other rows).
        var numbers: [Double] = []
        /// The distinct values other than numbers, in the order first seen.
        var values: [ColumnValue] = []
        /// Each distinct value's code.
        var index: [ColumnValue: Int32] = [:]
        /// Whether some row has a value.
        var isPresent = false
    }

    private(set) var columns: [Column]
    /// How many rows were appended.
    package private(set) var count = 0
    /// How many rows the table expects in all (see ``expect(rows:)``).
    private var expected = 0

    /// An empty table of `columns` columns.
    package init(columns: Int) {
        self.columns = [Column](repeating: Column(), count: columns)
    }

    /// Says how many rows the table will likely hold in all (a guess from
    /// a file's size): its columns then grow to that many at once, not by
    /// doubling, which copied a million rows' columns once more and touched
    /// twice the memory.
    package mutating func expect(rows: Int) {
        expected = max(0, rows)
    }

    /// Adds a column, missing in every row appended so far; its position is
    /// the previous ``width``.
    package mutating func addColumn() {
        var column = Column()
        column.codes = [Int32](repeating: 0, count: count)
        columns.append(column)
    }

    /// How many columns the table has.
    package var width: Int { columns.count }

    /// Appends a row: column `c`'s value is `values[c]`, a column past the
    /// values' end has none.
    package mutating func append(_ values: ArraySlice<ColumnValue>) {
        let row = count
        for c in columns.indices {
            let offset = values.startIndex + c
            let value = offset < values.endIndex ? values[offset] : .missing
            columns[c].append(value, row: row)
        }
        count += 1
    }

    /// Column `c`'s code for a value other than a number: 0 when missing,
    /// else its distinct value's (added when new). A file's rows that share
    /// a value are coded once, then appended by code
    /// (``append(rows:columns:)``).
    package mutating func code(of value: ColumnValue, in c: Int) -> Int32 {
        columns[c].code(of: value)
    }

    /// Appends `rows` rows given column by column: `columns[c]` holds column
    /// `c`'s codes of the new rows (from ``code(of:in:)``, or -1 for a
    /// number) and, when some code is -1, the rows' numbers (0 in the other
    /// rows), else no numbers. A column that is `nil` or past `columns`'
    /// end has no value in them: a file's rows, a block at a time.
    package mutating func append(rows: Int, columns new: [(codes: [Int32], numbers: [Double])?]) {
        for c in columns.indices {
            if c < new.count, let (codes, numbers) = new[c] {
                precondition(codes.count == rows && (numbers.isEmpty || numbers.count == rows))
                columns[c].append(codes: codes, numbers: numbers, before: count, expected: expected)
            } else {
                columns[c].append(
                    codes: [Int32](repeating: 0, count: rows), numbers: [], before: count, expected: expected)
            }
        }
        count += rows
    }

    /// Makes room for `count` elements in powers of two, as appending one
    /// at a time does: appended a block at a time, an array's capacity
    /// doubles from the first block's size, and a million rows in blocks of
    /// some 25,000 took half as much again as they needed. With `expected`
    /// elements expected in all, room for them is made at once.
    static func grow<T>(_ array: inout [T], to count: Int, expected: Int = 0) {
        guard count > array.capacity else { return }
        if expected >= count, array.capacity < expected {
            array.reserveCapacity(expected)
            return
        }
        var capacity = max(array.capacity, 16)
        while capacity < count { capacity *= 2 }
        array.reserveCapacity(capacity)
    }

    /// Column `c`'s value in `row`.
    package func value(_ c: Int, _ row: Int) -> ColumnValue {
        let code = columns[c].codes[row]
        if code == 0 { return .missing }
        if code < 0 { return .number(columns[c].numbers[row]) }
        return columns[c].values[Int(code) - 1]
    }

    /// Column `c`'s code in `row`: 0 no value, -1 a number (``number(_:_:)``),
    /// k > 0 the distinct value ``distinct(_:_:)`` `k`.
    package func code(_ c: Int, _ row: Int) -> Int32 { columns[c].codes[row] }

    /// Column `c`'s number in `row`, when its code is -1.
    package func number(_ c: Int, _ row: Int) -> Double { columns[c].numbers[row] }

    /// Column `c`'s codes, one per row (see ``code(_:_:)``).
    package func codes(_ c: Int) -> [Int32] { columns[c].codes }

    /// Column `c`'s numbers, one per row (0 where the code is not -1);
    /// empty when the column holds no number.
    package func numbers(_ c: Int) -> [Double] { columns[c].numbers }

    /// Calls `body` with every column's codes and numbers, one per row,
    /// read in place (a column's numbers are empty when it holds none):
    /// a loop over many rows reads them without retaining a column.
    package func withColumns<R>(
        _ body: (_ codes: [UnsafeBufferPointer<Int32>], _ numbers: [UnsafeBufferPointer<Double>]) -> R
    ) -> R {
        var codes: [UnsafeBufferPointer<Int32>] = []
        var numbers: [UnsafeBufferPointer<Double>] = []
        codes.reserveCapacity(columns.count)
        numbers.reserveCapacity(columns.count)
        // Each column's arrays held while the next ones are.
        func hold(_ c: Int) -> R {
            guard c < columns.count else { return body(codes, numbers) }
            return columns[c].codes.withUnsafeBufferPointer { held in
                columns[c].numbers.withUnsafeBufferPointer { heldNumbers in
                    codes.append(held)
                    numbers.append(heldNumbers)
                    return hold(c + 1)
                }
            }
        }
        return hold(0)
    }

    /// How many distinct values other than numbers column `c` holds.
    package func distinctCount(_ c: Int) -> Int { columns[c].values.count }

    /// Column `c`'s value of code `code` (0: no value).
    package func distinct(_ c: Int, _ code: Int) -> ColumnValue {
        code == 0 ? .missing : columns[c].values[code - 1]
    }

    /// How many distinct text values column `c` holds in `rows`, and how
    /// many of the rows hold a value, as ``tally(_:rows:_:)``'s visits
    /// count them (no value, a value of another kind and a number that is
    /// not finite are none), without visiting each.
    package func texts(_ c: Int, rows: [Int]) -> (texts: Int, valued: Int) {
        let column = columns[c]
        var counts = [Int](repeating: 0, count: column.values.count + 1)
        var missing = 0
        for row in rows {
            let code = Int(column.codes[row])
            if code < 0 {
                if !column.numbers[row].isFinite { missing += 1 }
                continue
            }
            counts[code] += 1
        }
        var texts = 0
        for code in counts.indices where counts[code] > 0 {
            switch code == 0 ? .missing : column.values[code - 1] {
            case .text: texts += 1
            case .missing, .other: missing += counts[code]
            case .number(let v) where !v.isFinite: missing += counts[code]
            case .number, .list, .flag: break
            }
        }
        return (texts, rows.count - missing)
    }

    /// Calls `visit(value, rows)` for column `c`'s values in `rows`: each
    /// number as it comes, then each other value once, in the order first
    /// seen, with how many of the rows hold it (what
    /// ``Candidate/survey(_:count:options:values:)`` reads).
    package func tally(_ c: Int, rows: [Int], _ visit: (ColumnValue, Int) -> Void) {
        let column = columns[c]
        var counts = [Int](repeating: 0, count: column.values.count + 1)
        var order: [Int] = []
        for row in rows {
            let code = Int(column.codes[row])
            if code < 0 {
                visit(.number(column.numbers[row]), 1)
                continue
            }
            if counts[code] == 0 { order.append(code) }
            counts[code] += 1
        }
        for code in order { visit(code == 0 ? .missing : column.values[code - 1], counts[code]) }
    }

    /// Whether column `c` has a value in some row.
    package func isPresent(_ c: Int) -> Bool { columns[c].isPresent }

    /// Whether column `c` has a value in `row`.
    package func hasValue(_ c: Int, _ row: Int) -> Bool { columns[c].codes[row] != 0 }
}

extension ColumnTable.Column {
    /// Appends `value` as row `row`'s.
    mutating func append(_ value: ColumnValue, row: Int) {
        if case .number(let v) = value {
            append(number: v, row: row)
        } else {
            append(code: code(of: value))
        }
    }

    /// The code of a value other than a number: 0 when missing, else its
    /// distinct value's, added when new.
    mutating func code(of value: ColumnValue) -> Int32 {
        if case .missing = value { return 0 }
        if let known = index[value] { return known }
        values.append(value)
        let code = Int32(values.count)
        index[value] = code
        return code
    }

    /// Appends a row's code (0: no value).
    mutating func append(code: Int32) {
        codes.append(code)
        if !numbers.isEmpty { numbers.append(0) }
        if code != 0 { isPresent = true }
    }

    /// Appends rows' codes and, when some code is -1, their numbers (else
    /// `numbers` is empty), after `before` rows.
    mutating func append(codes new: [Int32], numbers numbersOfRows: [Double], before: Int, expected: Int = 0) {
        if !numbersOfRows.isEmpty {
            // The rows before, which held no number when numbers are new.
            ColumnTable.grow(&numbers, to: before + new.count, expected: expected)
            numbers += repeatElement(0, count: before - numbers.count)
            numbers.append(contentsOf: numbersOfRows)
        } else if !numbers.isEmpty {
            ColumnTable.grow(&numbers, to: before + new.count, expected: expected)
            numbers += repeatElement(0, count: new.count)
        }
        ColumnTable.grow(&codes, to: before + new.count, expected: expected)
        codes.append(contentsOf: new)
        if !isPresent && new.contains(where: { $0 != 0 }) { isPresent = true }
    }

    /// Appends a number as row `row`'s.
    mutating func append(number v: Double, row: Int) {
        if numbers.count < row { numbers += repeatElement(0, count: row - numbers.count) }
        codes.append(-1)
        numbers.append(v)
        isPresent = true
    }
}
