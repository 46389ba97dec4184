import ICPCore

/// Summaries of consecutive good rows of a file, packed for ranking at
/// bulk speed: ids and names are byte ranges of one UTF-8 buffer, so no
/// `String` is made per row.
package struct SummaryBlock: Sendable {
    /// One account's summary.
    package struct Entry: Sendable {
        /// The id is `text[idStart ..< nameStart]`, the name
        /// `text[nameStart ..< nameEnd]`.
        package var idStart: Int32
        package var nameStart: Int32
        package var nameEnd: Int32
        /// Why the account was knocked out, in ``reasons``; -1 when it was not.
        package var reason: Int32
        /// Whether the id is all ASCII (byte order is then `String` order).
        package var isASCII: Bool
        /// The line the row starts on.
        package var line: Int
        /// The id's ``ByteInterner/hash(_:)``.
        var hash: UInt64
        /// The fit summary.
        package var fit: ScoreSummary
        /// The engagement summary, when the profile has an engagement rubric.
        package var engagement: ScoreSummary?
        /// The row's place among the rows appended, where its kept
        /// ``degrees`` and values (``kept``) are.
        package var row: Int32
    }

    /// One kept value's column (see ``BulkKeep/readers``): each row's code
    /// into the column's distinct values, so that a value many rows share
    /// (an industry, a country) is kept, and can be counted, once per block;
    /// a number read per row is kept in ``numbers``.
    package struct KeptColumn: Sendable {
        /// Per row appended, its value's index in ``values``; -1 when its
        /// value is a number, in ``numbers``.
        package var codes: [Int32] = []
        /// The values, each distinct text kept once; a value read per row
        /// (a date) is kept per row.
        package var values: [AttributeValue?] = []
        /// Per value, who it is in the worker that read the block
        /// (``SummaryBlock/worker``): a value of that worker's later blocks
        /// with the same origin is the same value, so a reader can work out
        /// what it makes of a value once per worker, not once per block.
        /// -1 when the value has no origin.
        package var origins: [Int32] = []
        /// Per row, once some row's code is -1: its number (0 in the other rows).
        package var numbers: [Double] = []
        /// While a worker's part is handed on: the values it gave an origin
        /// first (``firsts``), and those it left out as ones it gave before
        /// (``repeats``, `nil` in ``values``), which ``KeptOrigins`` fills
        /// in before anyone reads the block. A value many rows share across
        /// parts (a technology list) is then not copied once per part on
        /// the worker and let go on the reading thread, a reference count
        /// passed between cores for nearly every row.
        var firsts: [Int32] = []
        var repeats: [Int32] = []

        /// Row `row`'s value.
        package func value(_ row: Int) -> AttributeValue? {
            let code = codes[row]
            return code < 0 ? .number(numbers[row]) : values[Int(code)]
        }

        /// Appends a row's value: a number in ``numbers``, else as a new
        /// code without origin.
        mutating func append(_ value: AttributeValue?) {
            if case .number(let v)? = value {
                append(number: v)
                return
            }
            codes.append(add(value, origin: -1))
        }

        /// Adds a value with its origin, and returns its code (the rows'
        /// codes written elsewhere, before ``finish()``).
        mutating func add(_ value: AttributeValue?, origin: Int32) -> Int32 {
            values.append(value)
            origins.append(origin)
            return Int32(truncatingIfNeeded: values.count - 1)
        }

        /// Adds a value with an origin the worker gives it for the first
        /// time, and returns its code.
        mutating func add(first value: AttributeValue?, origin: Int32) -> Int32 {
            let code = add(value, origin: origin)
            firsts.append(code)
            return code
        }

        /// Adds the value of an origin the worker gave in an earlier part,
        /// left out until ``KeptOrigins/fill(_:)``, and returns its code.
        mutating func add(repeatOf origin: Int32) -> Int32 {
            let code = add(nil, origin: origin)
            repeats.append(code)
            return code
        }

        /// Appends a row whose value is the number `v`.
        mutating func append(number v: Double) {
            set(number: v, row: codes.count, rows: codes.count + 1)
            codes.append(-1)
        }

        /// Sets row `row`'s number (its code -1 written elsewhere); the
        /// numbers are made room for `rows` rows at first.
        mutating func set(number v: Double, row: Int, rows: Int) {
            if numbers.count <= row { numbers += repeatElement(0, count: max(rows, row + 1) - numbers.count) }
            numbers[row] = v
        }

        /// Makes ``numbers`` a number per row, when it holds some.
        mutating func finish() {
            if !numbers.isEmpty, numbers.count != codes.count {
                if numbers.count < codes.count {
                    numbers += repeatElement(0, count: codes.count - numbers.count)
                } else {
                    numbers.removeLast(numbers.count - codes.count)
                }
            }
        }
    }

    /// The ids and names, UTF-8.
    package var text: [UInt8] = []
    /// The summaries, in file order.
    package var entries: [Entry] = []
    /// The disqualifications' reasons.
    package var reasons: [String] = []
    /// Each line's degree (NaN when unknown), per row, when kept (see
    /// ``BulkKeep/degrees``).
    var degrees: [Double] = []
    /// The kept values, a column each (see ``BulkKeep/readers``).
    package var kept: [KeptColumn] = []
    /// The custom attributes whose values follow the readers' in
    /// ``kept`` when every column is kept (``BulkKeep/everyColumn``), by
    /// name as given.
    package var attributes: [String] = []
    /// Which of the reading's workers read the block: the
    /// ``KeptColumn/origins`` of its values are that worker's.
    package var worker = 0
    /// The values a table reads, when kept (``BulkKeep/table``): row `r`
    /// is the entry whose ``Entry/row`` is `r`.
    package var table: AccountTable.Builder?
    /// How many rows were appended.
    private var rows: Int32 = 0

    /// The degrees of an entry's `lines` lines (NaN when unknown; the fit
    /// rubric's, then the engagement rubric's), empty unless kept.
    package func degrees(_ entry: Entry, lines: Int) -> ArraySlice<Double> {
        let start = Int(entry.row) * lines
        return start + lines <= degrees.count ? degrees[start..<(start + lines)] : []
    }

    /// An entry's kept value in column `k` of ``kept``.
    package func value(_ entry: Entry, _ k: Int) -> AttributeValue? {
        kept[k].value(Int(entry.row))
    }

    /// Appends a row's kept values, each as a new code (a number in its
    /// column's numbers); ``finish()`` once the last row is appended.
    mutating func keep(_ values: [AttributeValue?]) {
        if kept.isEmpty { kept = [KeptColumn](repeating: KeptColumn(), count: values.count) }
        for (k, value) in zip(kept.indices, values) { kept[k].append(value) }
    }

    /// Fills each kept column's numbers to a number per row.
    mutating func finish() {
        for k in kept.indices { kept[k].finish() }
    }

    /// The id of an entry.
    package func id(_ entry: Entry) -> String {
        string(Int(entry.idStart)..<Int(entry.nameStart))
    }

    /// The name of an entry.
    package func name(_ entry: Entry) -> String {
        string(Int(entry.nameStart)..<Int(entry.nameEnd))
    }

    /// The reason of an entry's disqualification, if it was disqualified.
    package func disqualification(_ entry: Entry) -> String? {
        entry.reason < 0 ? nil : reasons[Int(entry.reason)]
    }

    /// The summary of an entry, with its strings.
    package func summary(_ entry: Entry) -> AccountSummary {
        AccountSummary(
            id: id(entry), name: name(entry), fit: entry.fit, engagement: entry.engagement,
            disqualification: disqualification(entry))
    }

    private func string(_ range: Range<Int>) -> String {
        String(decoding: text[range], as: UTF8.self)
    }

    /// Appends a summary made the ordinary way.
    mutating func append(_ summary: AccountSummary, line: Int) {
        let start = text.count
        text.append(contentsOf: summary.id.utf8)
        let nameStart = text.count
        text.append(contentsOf: summary.name.utf8)
        let isASCII = text[start..<nameStart].allSatisfy { $0 < 0x80 }
        let hash = text.withUnsafeBytes { ByteInterner.hash(UnsafeRawBufferPointer(rebasing: $0[start..<nameStart])) }
        append(
            idStart: start, nameStart: nameStart, isASCII: isASCII, hash: hash, line: line, fit: summary.fit,
            engagement: summary.engagement, disqualification: summary.disqualification)
    }

    /// Appends a summary whose id and name are already at the end of ``text``.
    mutating func append(
        idStart: Int, nameStart: Int, isASCII: Bool, hash: UInt64, line: Int, fit: ScoreSummary,
        engagement: ScoreSummary?, disqualification: String?
    ) {
        var reason: Int32 = -1
        if let disqualification {
            reason = Int32(reasons.count)
            reasons.append(disqualification)
        }
        entries.append(
            Entry(
                idStart: Int32(idStart), nameStart: Int32(nameStart), nameEnd: Int32(text.count), reason: reason,
                isASCII: isASCII, line: line, hash: hash, fit: fit, engagement: engagement, row: rows))
        rows += 1
    }

    /// The id's bytes of an entry.
    package func withID<R>(_ entry: Entry, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        text.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[Int(entry.idStart)..<Int(entry.nameStart)])) }
    }
}

/// One worker's share of a block: its good rows' summaries, and its bad
/// rows each with how many good rows came before it.
struct SummaryPart: Sendable {
    var block = SummaryBlock()
    var failures: [(before: Int, error: RowError)] = []
    /// Good rows named by their line for want of an id, and the first one's line.
    var blankIDs = (count: 0, first: 0)

    /// Counts a row named by its line.
    mutating func blankID(line: Int) {
        if blankIDs.count == 0 { blankIDs.first = line }
        blankIDs.count += 1
    }
}

/// The line each id was first used on, to reject a repeated id as
/// ``CRMImport`` does, by the id's bytes. `String` equality is canonical
/// equivalence, which for ASCII text is byte equality; from the first id
/// with other bytes on, ids are compared as `String`s.
struct FirstIDLines {
    private var ids = ByteInterner(limit: Int.max)
    private var lines: [Int] = []
    private var strings: [String: Int]?

    /// Readies the lookup of an entry's id a little ahead of it.
    mutating func prepare(_ entry: SummaryBlock.Entry) {
        if strings == nil { ids.touch(entry.hash) }
    }

    /// Records the entry's id and line, or returns the error when the id
    /// was used before.
    mutating func repeated(_ entry: SummaryBlock.Entry, in block: SummaryBlock, file: String) -> RowError? {
        if strings == nil, !entry.isASCII {
            var all: [String: Int] = [:]
            for k in 0..<ids.count { all[ids.string(k)] = lines[k] }
            strings = all
        }
        let first: Int
        if strings != nil {
            let id = block.id(entry)
            guard let line = strings?[id] else {
                strings?[id] = entry.line
                return nil
            }
            first = line
        } else {
            guard let (k, isNew) = block.withID(entry, { ids.number(of: $0, hash: entry.hash) }) else { return nil }
            if isNew {
                lines.append(entry.line)
                return nil
            }
            first = lines[k]
        }
        return FirstLines.error(block.id(entry), line: entry.line, first: first, file: file)
    }
}

/// The kept values each worker gave an origin first, per kept column, so
/// that the values a worker left out of a later part as repeats
/// (``SummaryBlock/KeptColumn/repeats``) are filled in on the reading
/// thread. Parts are handed on in file order, and a worker takes its parts
/// in that order, so an origin's first value is always seen before its
/// repeats.
struct KeptOrigins {
    /// Per worker, per kept column, per origin: the value given first.
    private var values: [[[AttributeValue??]]] = []

    /// Notes the block's first values and fills in its repeats.
    mutating func fill(_ block: inout SummaryBlock) {
        let w = block.worker
        if values.count <= w { values += repeatElement([], count: w + 1 - values.count) }
        if values[w].count < block.kept.count {
            values[w] += repeatElement([], count: block.kept.count - values[w].count)
        }
        for k in block.kept.indices where !block.kept[k].firsts.isEmpty || !block.kept[k].repeats.isEmpty {
            for i in block.kept[k].firsts {
                let origin = Int(block.kept[k].origins[Int(i)])
                if values[w][k].count <= origin {
                    values[w][k] += repeatElement(nil, count: origin + 1 - values[w][k].count)
                }
                values[w][k][origin] = .some(block.kept[k].values[Int(i)])
            }
            for i in block.kept[k].repeats {
                let origin = Int(block.kept[k].origins[Int(i)])
                // A worker's parts come in the order it read them, so the
                // origin's first value came before.
                guard origin < values[w][k].count, let value = values[w][k][origin] else {
                    preconditionFailure("kept value \(k): origin \(origin) repeated before it was given")
                }
                block.kept[k].values[Int(i)] = value
            }
            block.kept[k].firsts = []
            block.kept[k].repeats = []
        }
    }
}
