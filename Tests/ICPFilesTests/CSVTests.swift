import Foundation
import ICPFiles
import Testing

@Suite("CSV")
struct CSVTests {
    @Test(
        "RFC 4180 edge cases",
        arguments: [
            ("a,b,c\n1,2,3\n", [["a", "b", "c"], ["1", "2", "3"]], [1, 2]),
            ("a,b\r\n1,2\r\n", [["a", "b"], ["1", "2"]], [1, 2]),
            ("a,b\n1,2", [["a", "b"], ["1", "2"]], [1, 2]),  // no final line break
            ("\u{FEFF}id,name\n1,x\n", [["id", "name"], ["1", "x"]], [1, 2]),  // byte-order mark
            ("a\n\n1\n\n\n", [["a"], ["1"]], [1, 3]),  // blank lines, trailing too
            ("\"a,b\",c\n", [["a,b", "c"]], [1]),  // embedded comma
            ("\"say \"\"hi\"\"\",x\n", [["say \"hi\"", "x"]], [1]),  // doubled quotes
            ("\"line 1\nline 2\",x\ny,z\n", [["line 1\nline 2", "x"], ["y", "z"]], [1, 3]),  // embedded newline
            ("\"line 1\r\nline 2\",x\r\ny,z\r\n", [["line 1\r\nline 2", "x"], ["y", "z"]], [1, 3]),
            (",,\n", [["", "", ""]], [1]),  // empty fields
            ("\"\"\n", [[""]], [1]),  // one quoted empty field is a record
            ("a,\"\"\n", [["a", ""]], [1]),
            ("a\rb\r", [["a"], ["b"]], [1, 2]),  // old Mac line breaks
            ("Zürich,東京\n", [["Zürich", "東京"]], [1]),
            ("", [], []),
        ] as [(String, [[String]], [Int])])
    func parse(text: String, fields: [[String]], lines: [Int]) {
        let records = CSVParser.parse(text)
        #expect(records.map(\.fields) == fields)
        #expect(records.map(\.line) == lines)
        #expect(records.allSatisfy { $0.problem == nil })
    }

    @Test(
        "Malformed records are kept and flagged with the reason",
        arguments: [
            ("a,b\"c,d\n", "a quote inside unquoted field 2"),
            ("\"a\"b,c\n", "text after the closing quote of field 1"),
            ("x,\"never closed\n1,2\n", "a quoted field opened on line 1 is never closed"),
        ] as [(String, String)])
    func malformed(text: String, problem: String) {
        let records = CSVParser.parse(text)
        #expect(records.first?.problem == problem)
    }

    @Test("Invalid UTF-8 is flagged by field, not silently replaced; a reader says whether it reads the field")
    func invalidUTF8() {
        var parser = CSVParser()
        var records: [CSVRecord] = []
        parser.feed([0x61, 0x2C, 0xFF, 0x2C, 0x62, 0x0A]) { records.append($0) }
        parser.finish { records.append($0) }
        let record = records.first
        #expect(record?.problem == nil)
        #expect(record?.undecodable == [1])
        #expect(record?.fields == ["a", "\u{FFFD}", "b"])
        #expect(record?.problem(reading: { $0 != 1 }, header: ["x", "y", "z"]) == nil)
        #expect(
            record?.problem(reading: { _ in true }, header: ["x", "y", "z"])
                == "column \"y\" is not valid UTF-8 text (save the file as UTF-8, or give --encoding windows-1252)")
    }

    @Test("Windows-1252 is told from UTF-8 and decoded; a character cut at a chunk's end is still UTF-8")
    func encodings() {
        #expect(TextEncoding.detect(Array("München".utf8)) == .utf8)
        #expect(TextEncoding.detect(Array("Mü".utf8).dropLast()) == .utf8)
        #expect(TextEncoding.detect([0x4D, 0xFC, 0x6E]) == .windows1252)
        let decoded = TextEncoding.windows1252.utf8([0x4D, 0xFC, 0x6E, 0x80, 0x20, 0x93, 0x71, 0x94, 0xE9])
        #expect(String(decoding: decoded, as: UTF8.self) == "Mün€ “q”é")
        #expect(TextEncoding.utf8.utf8([0xFF]) == [0xFF])
    }

    @Test("Chunks of any size give the same records", arguments: [1, 2, 3, 7, 64])
    func chunks(size: Int) {
        let text = "\u{FEFF}id,note\r\n1,\"a, \"\"quoted\"\"\r\nnote\"\r\n2,plain\n\n3,last"
        var parser = CSVParser()
        var records: [CSVRecord] = []
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            parser.feed(bytes[i..<min(bytes.count, i + size)]) { records.append($0) }
            i += size
        }
        parser.finish { records.append($0) }
        #expect(records == CSVParser.parse(text))
        #expect(
            records.map(\.fields) == [
                ["id", "note"], ["1", "a, \"quoted\"\r\nnote"], ["2", "plain"], ["3", "last"],
            ])
        #expect(records.map(\.line) == [1, 2, 4, 6])
    }

    @Test("The reader streams a file in chunks and names a missing file")
    func reader() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("icp-csv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("a.csv").path
        var text = "id,name\n"
        for i in 0..<1_000 { text += "\(i),\"Name, \(i)\"\n" }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let reader = try CSVReader(path: path, chunkSize: 100)
        var count = 0
        var last: CSVRecord?
        while let r = try reader.next() {
            count += 1
            last = r
        }
        #expect(count == 1_001)
        #expect(last == CSVRecord(fields: ["999", "Name, 999"], line: 1_001))
        #expect(throws: FileError.self) { try CSVReader(path: dir.appendingPathComponent("missing.csv").path) }
    }
}

@Suite("CSV writing")
struct CSVWriterTests {
    @Test("Fields are quoted only when they must be, and read back the same")
    func quoting() {
        let fields = ["plain", "a,b", "say \"hi\"", "two\nlines", "", "crlf\r\nend", "Zürich"]
        let line = CSVWriter.line(fields)
        #expect(line == "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",,\"crlf\r\nend\",Zürich\n")
        #expect(CSVParser.parse(line).map(\.fields) == [fields])
    }

    @Test("A field written from its bytes is written as from its String")
    func bytes() {
        for field in ["plain", "a,b", "say \"hi\"", "two\nlines", "", "crlf\r\nend", "Zürich", "\"", "🦊,\""] {
            var fromString = ""
            CSVWriter.append(field, to: &fromString)
            var fromBytes: [UInt8] = [0x2D]
            CSVWriter.append(field.utf8, to: &fromBytes)
            #expect(fromBytes == [0x2D] + Array(fromString.utf8), "\(field)")
        }
    }
}

@Suite("CSV columns left unread")
struct CSVSkipTests {
    @Test("Skipped fields come out empty; records keep their shape and their problems")
    func skip() {
        var parser = CSVParser()
        parser.skip = [false, true, false]
        var records: [CSVRecord] = []
        parser.feed(Array("a,\"b,\"\"x\"\"\",c\n1,2,3\n4,\u{FF}5,6\n".utf8)) { records.append($0) }
        parser.finish { records.append($0) }
        #expect(records.map(\.fields) == [["a", "", "c"], ["1", "", "3"], ["4", "", "6"]])
        #expect(records.allSatisfy { $0.problem == nil })
    }
}
