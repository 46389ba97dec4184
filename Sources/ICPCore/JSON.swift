/// A JSON value whose objects keep their keys in order, so files written
/// from it read in the order a person wrote them (`kind` first).
///
/// The library reads profile files with its own small parser: it reports
/// syntax errors by line and column and keeps key order, and it needs no
/// Foundation.
public indirect enum JSONValue: Sendable, Hashable, CustomStringConvertible {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number.
    case number(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object, keys in order.
    case object(JSONObject)

    /// What the value is, for messages: `a number`, `an object` …
    public var kindDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// The value written compactly on one line.
    public var description: String { written(pretty: false) }

    /// The value as JSON text: pretty (two-space indents, one key per line,
    /// short arrays of scalars on one line) or compact.
    public func written(pretty: Bool = true) -> String {
        var out = ""
        write(into: &out, indent: pretty ? 0 : nil)
        return out
    }

    private func write(into out: inout String, indent: Int?) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += JSONValue.number(n)
        case .string(let s): JSONValue.quote(s, into: &out)
        case .array(let items):
            let scalars = items.allSatisfy {
                if case .array = $0 { return false }
                if case .object = $0 { return false }
                return true
            }
            if items.isEmpty {
                out += "[]"
            } else if let indent, !scalars {
                out += "[\n"
                for (i, item) in items.enumerated() {
                    out += String(repeating: " ", count: indent + 2)
                    item.write(into: &out, indent: indent + 2)
                    out += i + 1 < items.count ? ",\n" : "\n"
                }
                out += String(repeating: " ", count: indent) + "]"
            } else {
                out += "["
                for (i, item) in items.enumerated() {
                    if i > 0 { out += indent == nil ? "," : ", " }
                    item.write(into: &out, indent: indent)
                }
                out += "]"
            }
        case .object(let object):
            if object.isEmpty {
                out += "{}"
            } else if let indent {
                out += "{\n"
                for (i, key) in object.keys.enumerated() {
                    out += String(repeating: " ", count: indent + 2)
                    JSONValue.quote(key, into: &out)
                    out += ": "
                    object[key]?.write(into: &out, indent: indent + 2)
                    out += i + 1 < object.keys.count ? ",\n" : "\n"
                }
                out += String(repeating: " ", count: indent) + "}"
            } else {
                out += "{"
                for (i, key) in object.keys.enumerated() {
                    if i > 0 { out += "," }
                    JSONValue.quote(key, into: &out)
                    out += ":"
                    object[key]?.write(into: &out, indent: nil)
                }
                out += "}"
            }
        }
    }

    private static func number(_ n: Double) -> String {
        guard n.isFinite else { return "null" }
        if n == n.rounded(), abs(n) < 1e15 { return String(Int64(n)) }
        return "\(n)"
    }

    /// Appends a number as ``written(pretty:)`` writes it.
    package static func append(number n: Double, to out: inout [UInt8]) {
        out.append(contentsOf: number(n).utf8)
    }

    /// Appends a number as ``written(pretty:)`` writes it.
    package static func append(number n: Double, to out: inout String) {
        out += number(n)
    }

    /// Appends a string quoted as ``written(pretty:)`` writes it.
    package static func append(quoted s: String, to out: inout String) {
        quote(s, into: &out)
    }

    /// Appends a string's UTF-8 bytes (decoded as `String(decoding:as:)`
    /// decodes them) quoted as ``written(pretty:)`` writes a string.
    package static func append(quoted bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        // Printable ASCII but the quote and the backslash is written as it is.
        if bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C }) {
            out.append(0x22)
            out.append(contentsOf: bytes)
            out.append(0x22)
            return
        }
        var quoted = ""
        quote(String(decoding: bytes, as: UTF8.self), into: &quoted)
        out.append(contentsOf: quoted.utf8)
    }

    private static func quote(_ s: String, into out: inout String) {
        out += "\""
        // Nothing to escape (the usual case): the whole string at once.
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 != 0x22 && $0 != 0x5C }) {
            out += s
            out += "\""
            return
        }
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}

/// A JSON object with its keys in order.
public struct JSONObject: Sendable, Hashable, ExpressibleByDictionaryLiteral {
    /// The keys, in order.
    public private(set) var keys: [String] = []
    private var values: [String: JSONValue] = [:]

    /// An empty object.
    public init() {}

    /// An object from key-value pairs, in order; a repeated key keeps its
    /// first place and its last value.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        for (k, v) in elements { self[k] = v }
    }

    /// Whether the object has no keys.
    public var isEmpty: Bool { keys.isEmpty }

    /// The value of a key; setting `nil` removes it.
    public subscript(key: String) -> JSONValue? {
        get { values[key] }
        set {
            if let newValue {
                if values.updateValue(newValue, forKey: key) == nil { keys.append(key) }
            } else if values.removeValue(forKey: key) != nil {
                keys.removeAll { $0 == key }
            }
        }
    }

    /// This object's keys, then the other's (the other's value wins on a shared key).
    public func merging(_ other: JSONObject) -> JSONObject {
        var copy = self
        for key in other.keys { copy[key] = other[key] }
        return copy
    }

    /// Objects are equal when they have the same keys and values, in any order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool { lhs.values == rhs.values }

    /// Hashes the values, not the order.
    public func hash(into hasher: inout Hasher) { hasher.combine(values) }
}

/// JSON text that cannot be read, with the line and column.
public struct JSONSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The line, from 1.
    public var line: Int
    /// The column, from 1.
    public var column: Int
    /// What was wrong.
    public var message: String

    /// `line 3, column 14: expected ',' or '}'`.
    public var description: String { "line \(line), column \(column): \(message)" }
}

extension JSONValue {
    /// Parses JSON text (RFC 8259). Duplicate keys in an object are an error.
    ///
    /// - Throws: ``JSONSyntaxError`` with the line and column.
    public static func parse(_ text: String) throws -> JSONValue {
        var parser = JSONParser(Array(text.utf8))
        parser.skipSpace()
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.at == parser.bytes.count else { throw parser.error("unexpected text after the JSON value") }
        return value
    }
}

private struct JSONParser {
    let bytes: [UInt8]
    var at = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { at = 3 }
    }

    func error(_ message: String) -> JSONSyntaxError {
        var line = 1
        var column = 1
        var i = 0
        while i < min(at, bytes.count) {
            if bytes[i] == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if bytes[i] & 0xC0 != 0x80 {
                column += 1
            }
            i += 1
        }
        return JSONSyntaxError(line: line, column: column, message: message)
    }

    mutating func skipSpace() {
        while at < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[at]) { at += 1 }
    }

    mutating func value(depth: Int) throws -> JSONValue {
        guard depth < 512 else { throw error("nested too deeply") }
        guard at < bytes.count else { throw error("unexpected end of text; expected a value") }
        switch bytes[at] {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw error("expected a value")
        }
    }

    mutating func literal(_ word: String, _ value: JSONValue) throws -> JSONValue {
        let w = Array(word.utf8)
        guard bytes.count - at >= w.count, Array(bytes[at..<(at + w.count)]) == w else {
            throw error("expected a value")
        }
        at += w.count
        return value
    }

    mutating func number() throws -> JSONValue {
        let start = at
        if bytes[at] == UInt8(ascii: "-") { at += 1 }
        func digits() -> Int {
            let s = at
            while at < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[at]) { at += 1 }
            return at - s
        }
        let intStart = at
        guard digits() > 0 else { throw error("expected digits") }
        if bytes[intStart] == UInt8(ascii: "0"), at - intStart > 1 {
            at = intStart
            throw error("a number may not start with 0")
        }
        if at < bytes.count, bytes[at] == UInt8(ascii: ".") {
            at += 1
            guard digits() > 0 else { throw error("expected digits after the decimal point") }
        }
        if at < bytes.count, bytes[at] == UInt8(ascii: "e") || bytes[at] == UInt8(ascii: "E") {
            at += 1
            if at < bytes.count, bytes[at] == UInt8(ascii: "+") || bytes[at] == UInt8(ascii: "-") { at += 1 }
            guard digits() > 0 else { throw error("expected digits in the exponent") }
        }
        let text = String(decoding: bytes[start..<at], as: UTF8.self)
        guard let n = Double(text), n.isFinite else {
            at = start
            throw error("number out of range")
        }
        return .number(n)
    }

    mutating func string() throws -> String {
        at += 1  // opening quote
        var out: [UInt8] = []
        while true {
            guard at < bytes.count else { throw error("unterminated string") }
            let b = bytes[at]
            if b == UInt8(ascii: "\"") {
                at += 1
                break
            }
            if b < 0x20 { throw error("control character in a string; write it as an escape") }
            if b != UInt8(ascii: "\\") {
                out.append(b)
                at += 1
                continue
            }
            at += 1
            guard at < bytes.count else { throw error("unterminated escape") }
            let e = bytes[at]
            at += 1
            switch e {
            case UInt8(ascii: "\""): out.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "/"): out.append(UInt8(ascii: "/"))
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var code = try hex4()
                if (0xD800...0xDBFF).contains(code) {
                    guard at + 1 < bytes.count, bytes[at] == UInt8(ascii: "\\"), bytes[at + 1] == UInt8(ascii: "u")
                    else { throw error("a lone surrogate in a \\u escape") }
                    at += 2
                    let low = try hex4()
                    guard (0xDC00...0xDFFF).contains(low) else { throw error("a lone surrogate in a \\u escape") }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let scalar = Unicode.Scalar(code) else { throw error("an invalid \\u escape") }
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
            default:
                at -= 1
                throw error("an invalid escape")
            }
        }
        guard let s = String(validating: out, as: UTF8.self) else { throw error("a string that is not UTF-8") }
        return s
    }

    mutating func hex4() throws -> UInt32 {
        guard at + 4 <= bytes.count else { throw error("an invalid \\u escape") }
        var v: UInt32 = 0
        for b in bytes[at..<(at + 4)] {
            let d: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = b - UInt8(ascii: "A") + 10
            default: throw error("an invalid \\u escape")
            }
            v = v * 16 + UInt32(d)
        }
        at += 4
        return v
    }

    mutating func array(depth: Int) throws -> JSONValue {
        at += 1
        var items: [JSONValue] = []
        skipSpace()
        if at < bytes.count, bytes[at] == UInt8(ascii: "]") {
            at += 1
            return .array(items)
        }
        while true {
            skipSpace()
            items.append(try value(depth: depth + 1))
            skipSpace()
            guard at < bytes.count else { throw error("unexpected end of text; expected ',' or ']'") }
            if bytes[at] == UInt8(ascii: ",") {
                at += 1
                continue
            }
            if bytes[at] == UInt8(ascii: "]") {
                at += 1
                return .array(items)
            }
            throw error("expected ',' or ']'")
        }
    }

    mutating func object(depth: Int) throws -> JSONValue {
        at += 1
        var object = JSONObject()
        skipSpace()
        if at < bytes.count, bytes[at] == UInt8(ascii: "}") {
            at += 1
            return .object(object)
        }
        while true {
            skipSpace()
            guard at < bytes.count, bytes[at] == UInt8(ascii: "\"") else { throw error("expected a key in quotes") }
            let keyAt = at
            let key = try string()
            if object[key] != nil {
                at = keyAt
                throw error("the key \"\(key)\" appears twice")
            }
            skipSpace()
            guard at < bytes.count, bytes[at] == UInt8(ascii: ":") else { throw error("expected ':' after the key") }
            at += 1
            skipSpace()
            object[key] = try value(depth: depth + 1)
            skipSpace()
            guard at < bytes.count else { throw error("unexpected end of text; expected ',' or '}'") }
            if bytes[at] == UInt8(ascii: ",") {
                at += 1
                continue
            }
            if bytes[at] == UInt8(ascii: "}") {
                at += 1
                return .object(object)
            }
            throw error("expected ',' or '}'")
        }
    }
}
