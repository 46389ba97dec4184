import Foundation

/// How a delimited file's bytes are text: UTF-8 (with or without a byte
/// order mark), or Windows-1252, the encoding Excel writes a CSV in on
/// Windows in Western Europe and the Americas ("München", "Société").
public enum TextEncoding: String, Sendable, Hashable, CaseIterable {
    /// UTF-8.
    case utf8 = "utf-8"
    /// Windows-1252 (a superset of ISO 8859-1's printable characters).
    case windows1252 = "windows-1252"

    /// The encoding of a file's first bytes: UTF-8 when they are valid
    /// UTF-8 (a character cut off at the end is allowed), else
    /// Windows-1252, in which every byte is a character.
    public static func detect(_ bytes: some Collection<UInt8>) -> TextEncoding {
        var array = Array(bytes)
        // A multi-byte character cut off at the end of the chunk is not an error.
        var cut = 0
        while cut < 3, let last = array.last, last & 0xC0 == 0x80 || last >= 0xC0 {
            let isLead = last >= 0xC0
            array.removeLast()
            cut += 1
            if isLead { break }
        }
        if String(validating: array, as: UTF8.self) != nil { return .utf8 }
        // Put back what was cut: maybe the error is in the middle.
        return String(validating: Array(bytes), as: UTF8.self) != nil ? .utf8 : .windows1252
    }

    /// How many bytes at the start of a file decide its encoding and
    /// delimiter, whatever size the reader reads in, so that every reader
    /// reads a file alike.
    static let prefixLength = 1 << 16

    /// The first chunk of a file, read on to ``prefixLength`` bytes (or the
    /// end), for telling its encoding and delimiter.
    static func prefix(_ first: Data, from handle: FileHandle) throws -> Data {
        var data = first
        while data.count < prefixLength, let more = try handle.read(upToCount: prefixLength - data.count),
            !more.isEmpty
        {
            data.append(more)
        }
        return data
    }

    /// Bytes in this encoding as UTF-8 (unchanged for UTF-8).
    public func utf8(_ bytes: some Collection<UInt8>) -> [UInt8] {
        guard self == .windows1252 else { return Array(bytes) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        for b in bytes {
            if b < 0x80 {
                out.append(b)
                continue
            }
            let scalar = b >= 0xA0 ? UInt32(b) : TextEncoding.windows1252High[Int(b - 0x80)]
            if scalar < 0x800 {
                out.append(UInt8(0xC0 | (scalar >> 6)))
                out.append(UInt8(0x80 | (scalar & 0x3F)))
            } else {
                out.append(UInt8(0xE0 | (scalar >> 12)))
                out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
                out.append(UInt8(0x80 | (scalar & 0x3F)))
            }
        }
        return out
    }

    /// The characters of bytes 0x80–0x9F in Windows-1252 (the five unused
    /// bytes as the C1 controls ISO 8859-1 gives them).
    private static let windows1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,
        0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
        0x0153, 0x9D, 0x017E, 0x0178,
    ]
}

/// How a delimited file is written: its field separator and its text
/// encoding, each told from the file when not given.
public struct CSVFormat: Sendable, Hashable {
    /// The field separator; `nil` tells it from the header line
    /// (``CSVDelimiter/detect(_:)``).
    public var delimiter: UInt8?
    /// The text encoding; `nil` tells it from the first bytes
    /// (``TextEncoding/detect(_:)``).
    public var encoding: TextEncoding?

    /// A format; what is not given is told from the file.
    public init(delimiter: UInt8? = nil, encoding: TextEncoding? = nil) {
        self.delimiter = delimiter
        self.encoding = encoding
    }

    /// What a report says of a file read this way, if anything: a
    /// separator other than a comma, an encoding other than UTF-8.
    static func notes(delimiter: UInt8, encoding: TextEncoding, given: CSVFormat) -> [String] {
        var notes: [String] = []
        if let note = CSVDelimiter.note(delimiter, given: given.delimiter != nil) { notes.append(note) }
        if encoding != .utf8 {
            notes.append(
                "read as \(encoding.rawValue) text"
                    + (given.encoding != nil ? " (--encoding)" : ", as it is not UTF-8 (--encoding overrides)"))
        }
        return notes
    }
}
