import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `read(2)`, named apart from the methods called `read`.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.read(descriptor, buffer, count)
    #elseif canImport(Musl)
    Musl.read(descriptor, buffer, count)
    #else
    Darwin.read(descriptor, buffer, count)
    #endif
}

/// A CSV file read in large blocks of whole records, for bulk scoring.
///
/// Most records are a line of plain fields: those are handed on as the
/// byte range of the line, to be split later on any thread. A line with a
/// quote or a carriage return inside is read by ``CSVParser`` here, so a
/// record reads exactly as ``CSVReader`` reads it (quoted fields, line
/// breaks in quotes, a lone CR ending a record, problems), with the same
/// line numbers. Blank lines are skipped; a byte-order mark at the start
/// is too.
final class CSVBlocks {
    /// One record of a block.
    struct Row: Sendable {
        /// The line's bytes (without its line break) in ``Block/bytes``,
        /// when the record is a plain line.
        var start: Int
        var end: Int
        /// The line the record starts on.
        var line: Int
        /// The record, already parsed, in ``Block/records``; -1 for a plain line.
        var record: Int
    }

    /// Whole records and the bytes they lie in.
    struct Block: Sendable {
        var bytes: [UInt8]
        var rows: [Row]
        var records: [CSVRecord]
    }

    /// The name reports use: the path, or `standard input`.
    let source: String
    /// Fields (by position) that parsed records leave empty.
    var skip: [Bool] = []
    /// The field separator: given, or told from the header line when the
    /// first block is read.
    private(set) var delimiter: UInt8
    /// The text encoding: given, or told from the first block. Blocks are
    /// handed on as UTF-8.
    private(set) var encoding: TextEncoding
    private var detectDelimiter: Bool
    private var detectEncoding: Bool
    private let handle: FileHandle
    private let blockSize: Int
    private var carry: [UInt8] = []
    private var atEnd = false
    private var line = 1
    private var started = false

    /// Opens a file; `-` reads standard input.
    ///
    /// - Throws: ``FileError`` naming the path when it cannot be opened.
    init(path: String, format: CSVFormat = CSVFormat(), blockSize: Int = 4 << 20) throws {
        (handle, source) = try CSVReader.open(path)
        self.delimiter = format.delimiter ?? UInt8(ascii: ",")
        self.encoding = format.encoding ?? .utf8
        self.detectDelimiter = format.delimiter == nil
        self.detectEncoding = format.encoding == nil
        self.blockSize = max(16, blockSize)
    }

    /// The next block of records, or `nil` at the end.
    ///
    /// - Throws: ``FileError`` when reading fails.
    func next() throws -> Block? {
        while true {
            var bytes = carry
            carry = []
            if !atEnd, started, encoding == .utf8 {
                // Past the first block, UTF-8 is read straight into the
                // block's bytes: no `Data`, and no copy of it or onto the carry.
                let before = bytes.count
                bytes = try read(after: bytes)
                if bytes.count == before { atEnd = true }
            } else if !atEnd {
                let chunk: Data?
                do {
                    chunk = try handle.read(upToCount: blockSize)
                } catch {
                    throw FileError(path: source, message: "could not be read: \(error)")
                }
                if var chunk, !chunk.isEmpty {
                    if !started {
                        // The encoding and delimiter are told from the same prefix in every reader.
                        do { chunk = try TextEncoding.prefix(chunk, from: handle) } catch {
                            throw FileError(path: source, message: "could not be read: \(error)")
                        }
                    }
                    if detectEncoding {
                        detectEncoding = false
                        encoding = TextEncoding.detect(chunk)
                    }
                    bytes.append(contentsOf: encoding == .utf8 ? Array(chunk) : encoding.utf8(chunk))
                } else {
                    atEnd = true
                }
            }
            if bytes.isEmpty, atEnd { return nil }
            var start = 0
            if !started, bytes.count >= 3 || atEnd {
                started = true
                if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
                if detectDelimiter { delimiter = CSVDelimiter.detect(bytes[start...]) }
            }
            guard started else {
                carry = bytes
                continue
            }
            var block = Block(bytes: [], rows: [], records: [])
            let used = bytes.withUnsafeBufferPointer { scan($0, from: start, into: &block) }
            if used < bytes.count { carry = Array(bytes[used...]) }
            if block.rows.isEmpty {
                if atEnd && carry.isEmpty { return nil }
                continue  // a record longer than a block: read on
            }
            block.bytes = bytes
            return block
        }
    }

    /// `bytes` followed by up to a block's size read from the file (less
    /// only at its end).
    ///
    /// - Throws: ``FileError`` when reading fails.
    private func read(after bytes: [UInt8]) throws -> [UInt8] {
        let descriptor = handle.fileDescriptor
        let size = blockSize
        var failure: Int32 = 0
        let out = [UInt8](unsafeUninitializedCapacity: bytes.count + size) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            _ = bytes.withUnsafeBufferPointer { old in
                UnsafeMutableBufferPointer(start: base, count: old.count).initialize(from: old)
            }
            var got = 0
            while got < size {
                let n = systemRead(descriptor, base + bytes.count + got, size - got)
                if n > 0 {
                    got += n
                } else if n == 0 {
                    break
                } else if errno != EINTR {
                    failure = errno
                    break
                }
            }
            initialized = bytes.count + got
        }
        if failure != 0 {
            throw FileError(path: source, message: "could not be read: \(String(cString: strerror(failure)))")
        }
        return out
    }

    /// Finds the whole records of `bytes` from `start`; returns where the
    /// first incomplete one begins.
    private func scan(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, into block: inout Block) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        let n = bytes.count
        let lf = Int32(0x0A)
        let cr = UInt8(0x0D)
        let hasQuote = memchr(base, 0x22, n) != nil
        let hasCR = memchr(base, Int32(cr), n) != nil
        func find(_ byte: Int32, _ from: Int, _ to: Int) -> Int? {
            guard from < to, let p = memchr(base + from, byte, to - from) else { return nil }
            return UnsafePointer<UInt8>(p.assumingMemoryBound(to: UInt8.self)) - base
        }
        var i = start
        while i < n {
            let newline = find(lf, i, n)
            if newline == nil, !atEnd { break }
            let j = newline ?? n
            var e = j
            if hasCR, e > i, bytes[e - 1] == cr { e -= 1 }
            let plain = !(hasQuote && find(0x22, i, e) != nil) && !(hasCR && find(Int32(cr), i, e) != nil)
            if plain {
                if e > i { block.rows.append(Row(start: i, end: e, line: line, record: -1)) }
                line += 1
                i = j + 1
                continue
            }
            // A record with quotes or a lone CR: the parser reads it, a line
            // at a time, until it is between records again.
            var parser = CSVParser(delimiter: delimiter, line: line, skip: skip)
            var records: [CSVRecord] = []
            var k = i
            var complete = false
            while true {
                let next = find(lf, k, n)
                if next == nil, !atEnd { break }
                let stop = next.map { $0 + 1 } ?? n
                parser.feed(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[k..<stop]))) {
                    records.append($0)
                }
                k = stop
                if next == nil {
                    parser.finish { records.append($0) }
                    complete = true
                    break
                }
                if parser.isBetweenRecords {
                    complete = true
                    break
                }
            }
            guard complete else { break }
            for record in records {
                block.records.append(record)
                block.rows.append(Row(start: i, end: i, line: record.line, record: block.records.count - 1))
            }
            line = parser.currentLine
            i = k
        }
        return min(i, n)
    }
}
