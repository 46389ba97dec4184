#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One record of a CSV file: its fields and the line it starts on.
///
/// A record the parser could read only by guessing carries a ``problem``
/// (a stray quote, text after a closing quote, a quote never closed); its
/// fields are what the parser made of it, and a reader reports it instead
/// of using it. A field whose bytes are not UTF-8 is decoded with
/// replacement characters and listed in ``undecodable``: whether that
/// matters is for the reader to say, by whether it reads that column.
public struct CSVRecord: Sendable, Hashable {
    /// The fields, unquoted.
    public var fields: [String]
    /// The line (from 1) the record starts on.
    public var line: Int
    /// What is wrong with the record, if anything.
    public var problem: String?
    /// The fields (by position) whose bytes are not UTF-8, in order.
    public var undecodable: [Int]

    /// Creates a record.
    public init(fields: [String], line: Int, problem: String? = nil, undecodable: [Int] = []) {
        self.fields = fields
        self.line = line
        self.problem = problem
        self.undecodable = undecodable
    }

    /// Why the record cannot be used when only the columns where `reads`
    /// is true are read: its problem, else the first such field that is
    /// not UTF-8; `nil` when it can be used.
    public func problem(reading reads: (Int) -> Bool, header: [String]) -> String? {
        if let problem { return problem }
        guard let column = undecodable.first(where: reads) else { return nil }
        let name = column < header.count ? "column \"\(header[column])\"" : "field \(column + 1)"
        return "\(name) is not valid UTF-8 text (save the file as UTF-8, or give --encoding windows-1252)"
    }
}

/// A streaming CSV parser that follows RFC 4180: fields separated by a
/// delimiter (`,` by default), records by CRLF, LF or CR; fields may be
/// quoted with `"`, and inside quotes delimiters and line breaks are text
/// and `""` is one quote. A UTF-8 byte-order mark at the start is skipped,
/// and blank lines (anywhere, including trailing ones) are skipped.
///
/// Feed it bytes in chunks of any size; records come out as soon as they
/// end, so a file of any size is read in constant memory (plus the largest
/// record).
///
/// ```swift
/// var parser = CSVParser()
/// try parser.feed(chunk) { record in … }
/// try parser.finish { record in … }
/// ```
public struct CSVParser: Sendable {
    private enum State: Sendable {
        case fieldStart, unquoted, quoted, quoteInQuoted, afterCR
    }

    /// The field separator.
    public let delimiter: UInt8
    /// Fields (by position) whose text is not kept: they come out empty.
    /// Their bytes are still parsed, so records keep their shape.
    public var skip: [Bool] = []
    private var state = State.fieldStart
    private var field: [UInt8] = []
    private var fields: [String] = []
    private var fieldWasQuoted = false
    private var problem: String?
    private var undecodable: [Int] = []
    private var line = 1
    private var recordLine = 1
    private var quoteOpenedOnLine = 1
    private var bomChecked = false
    private var pendingBOM: [UInt8] = []
    private var quotedCR = false
    private var fieldBits: UInt8 = 0  // the OR of the field's bytes: ≥ 0x80 means not plain ASCII

    /// Creates a parser for the given delimiter (`,` unless told).
    public init(delimiter: UInt8 = UInt8(ascii: ",")) {
        self.delimiter = delimiter
        field.reserveCapacity(64)
    }

    /// A parser that starts part-way through a file, on line `line`, after
    /// its byte-order mark: for re-reading one record.
    package init(delimiter: UInt8, line: Int, skip: [Bool]) {
        self.init(delimiter: delimiter)
        self.line = line
        self.recordLine = line
        self.skip = skip
        self.bomChecked = true
    }

    /// Whether the parser is between records (nothing held back).
    package var isBetweenRecords: Bool {
        state == .fieldStart && fields.isEmpty && field.isEmpty && !fieldWasQuoted && problem == nil
    }

    /// The line the next byte is on.
    package var currentLine: Int { line }

    /// Parses a chunk, calling `emit` for each record that ends in it.
    public mutating func feed(_ bytes: some Sequence<UInt8>, _ emit: (CSVRecord) throws -> Void) rethrows {
        let array = Array(bytes)
        try array.withUnsafeBytes { try feed($0, emit) }
    }

    /// Parses a chunk of raw bytes, calling `emit` for each record that ends
    /// in it. Runs of plain bytes are copied in bulk, so most of a file is
    /// read without looking at its bytes one at a time.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer, _ emit: (CSVRecord) throws -> Void) rethrows {
        let n = bytes.count
        var i = 0
        while i < n, !bomChecked {
            // Hold back up to three bytes to recognise EF BB BF.
            pendingBOM.append(bytes[i])
            i += 1
            let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
            if pendingBOM == bom {
                bomChecked = true
                pendingBOM = []
            } else if !bom.starts(with: pendingBOM) {
                bomChecked = true
                let held = pendingBOM
                pendingBOM = []
                for b in held { try consume(b, emit) }
            }
        }
        let quote: UInt8 = 0x22
        let lf: UInt8 = 0x0A
        let cr: UInt8 = 0x0D
        while i < n {
            switch state {
            case .fieldStart, .unquoted:
                var j = i
                var bits: UInt8 = 0
                while j < n {
                    let b = bytes[j]
                    if b == delimiter || b == lf || b == cr || b == quote { break }
                    bits |= b
                    j += 1
                }
                fieldBits |= bits
                if j > i {
                    field.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[i..<j]))
                    state = .unquoted
                    i = j
                    continue
                }
            case .quoted:
                var j = i
                var bits: UInt8 = 0
                while j < n {
                    let b = bytes[j]
                    if b == quote || b == lf || b == cr { break }
                    bits |= b
                    j += 1
                }
                fieldBits |= bits
                if j > i {
                    field.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[i..<j]))
                    quotedCR = false
                    i = j
                    continue
                }
            default:
                break
            }
            try consume(bytes[i], emit)
            i += 1
        }
    }

    /// Ends the input: emits the last record if the file does not end with
    /// a line break, and reports a quote left open.
    public mutating func finish(_ emit: (CSVRecord) throws -> Void) rethrows {
        if !bomChecked {
            bomChecked = true
            let held = pendingBOM
            pendingBOM = []
            for b in held { try consume(b, emit) }
        }
        switch state {
        case .quoted:
            problem = problem ?? "a quoted field opened on line \(quoteOpenedOnLine) is never closed"
            try endRecord(emit)
        case .afterCR:
            state = .fieldStart
        case .fieldStart where fields.isEmpty:
            break
        default:
            try endRecord(emit)
        }
    }

    private mutating func consume(_ byte: UInt8, _ emit: (CSVRecord) throws -> Void) rethrows {
        fieldBits |= byte
        let quote = UInt8(ascii: "\"")
        let lf = UInt8(ascii: "\n")
        let cr = UInt8(ascii: "\r")
        if state == .afterCR {
            state = .fieldStart
            if byte == lf { return }  // CRLF: the record already ended at CR
        }
        switch state {
        case .fieldStart, .unquoted:
            if byte == delimiter {
                endField()
            } else if byte == lf || byte == cr {
                try endLine(byte, emit)
            } else if byte == quote {
                if state == .fieldStart {
                    state = .quoted
                    fieldWasQuoted = true
                    quoteOpenedOnLine = line
                } else {
                    problem = problem ?? "a quote inside unquoted field \(fields.count + 1)"
                    field.append(byte)
                }
            } else {
                state = .unquoted
                field.append(byte)
            }
        case .quoted:
            if byte == quote {
                state = .quoteInQuoted
            } else {
                // A line break inside quotes is text; count CRLF as one line.
                if byte == cr || (byte == lf && !quotedCR) { line += 1 }
                field.append(byte)
            }
            quotedCR = byte == cr
        case .quoteInQuoted:
            if byte == quote {
                field.append(quote)
                state = .quoted
            } else if byte == delimiter {
                endField()
            } else if byte == lf || byte == cr {
                try endLine(byte, emit)
            } else {
                problem = problem ?? "text after the closing quote of field \(fields.count + 1)"
                field.append(byte)
                state = .unquoted
            }
        case .afterCR:
            break
        }
    }

    /// A line break outside quotes: the record ends and the next starts on the next line.
    private mutating func endLine(_ byte: UInt8, _ emit: (CSVRecord) throws -> Void) rethrows {
        try endRecord(emit)
        line += 1
        recordLine = line
        if byte == 0x0D { state = .afterCR }
    }

    private mutating func endField() {
        if fields.count < skip.count, skip[fields.count] {
            fields.append("")  // a column nobody reads: parsed, not kept
        } else if fieldBits < 0x80 {
            fields.append(String(decoding: field, as: UTF8.self))  // plain ASCII: always valid
        } else if let text = String(validating: field, as: UTF8.self) {
            fields.append(text)
        } else {
            undecodable.append(fields.count)
            fields.append(String(decoding: field, as: UTF8.self))
        }
        field.removeAll(keepingCapacity: true)
        fieldBits = 0
        state = .fieldStart
        fieldWasQuoted = false
    }

    private mutating func endRecord(_ emit: (CSVRecord) throws -> Void) rethrows {
        let blank = fields.isEmpty && field.isEmpty && !fieldWasQuoted && problem == nil
        endField()
        if !blank {
            try emit(CSVRecord(fields: fields, line: recordLine, problem: problem, undecodable: undecodable))
        }
        fields.removeAll(keepingCapacity: true)
        problem = nil
        undecodable.removeAll()
        state = .fieldStart
    }

    /// Parses a whole text at once.
    public static func parse(_ text: String, delimiter: UInt8 = UInt8(ascii: ",")) -> [CSVRecord] {
        var parser = CSVParser(delimiter: delimiter)
        var records: [CSVRecord] = []
        parser.feed(text.utf8) { records.append($0) }
        parser.finish { records.append($0) }
        return records
    }
}

/// The field separator of a delimited file, told from its header line.
public enum CSVDelimiter {
    /// The separators recognised: comma, semicolon (Excel in much of
    /// Europe) and tab.
    public static let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), 0x09]

    /// The separator of the first line of `bytes` (outside quotes): the
    /// candidate found most often, a comma on a tie or when none is.
    public static func detect(_ bytes: some Sequence<UInt8>) -> UInt8 {
        var counts = [Int](repeating: 0, count: candidates.count)
        var quoted = false
        for b in bytes {
            if b == 0x22 {
                quoted.toggle()
            } else if !quoted {
                if b == 0x0A || b == 0x0D { break }
                if let k = candidates.firstIndex(of: b) { counts[k] += 1 }
            }
        }
        var best = 0
        for k in counts.indices where counts[k] > counts[best] { best = k }
        return candidates[best]
    }

    /// How a report names a separator: `";"`, `tab`.
    public static func name(_ delimiter: UInt8) -> String {
        delimiter == 0x09 ? "tab" : "\"\(Character(Unicode.Scalar(delimiter)))\""
    }

    /// The note a report makes for a file that is not comma-separated.
    static func note(_ delimiter: UInt8, given: Bool) -> String? {
        guard delimiter != UInt8(ascii: ",") else { return nil }
        return "fields separated by \(name(delimiter))" + (given ? " (--delimiter)" : ", as its header line shows")
    }
}
