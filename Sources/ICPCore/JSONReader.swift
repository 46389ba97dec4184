/// Where a value sits in a JSON file, for messages: `fit.lines[3].criterion.max`.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    /// The path's text; empty at the root.
    public let text: String

    /// The root.
    public init() { text = "" }

    private init(text: String) { self.text = text }

    /// The path to a key of the object here.
    public func key(_ key: String) -> JSONPath {
        let simple = !key.isEmpty && key.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
        let part = simple ? key : "[\"\(key)\"]"
        return JSONPath(text: text.isEmpty ? part : (simple ? "\(text).\(part)" : text + part))
    }

    /// The path to an item of the array here.
    public func index(_ i: Int) -> JSONPath { JSONPath(text: "\(text)[\(i)]") }

    /// The path, or `the top level` at the root.
    public var description: String { text.isEmpty ? "the top level" : text }
}

/// A value in a JSON file that is not what was expected there, naming the
/// path and what was expected.
public struct JSONFormatError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where.
    public var path: JSONPath
    /// What was wrong and what was expected.
    public var message: String

    /// Creates an error.
    public init(_ path: JSONPath, _ message: String) {
        self.path = path
        self.message = message
    }

    /// `fit.lines[3].criterion.max: expected a number, found a string`.
    public var description: String { "\(path): \(message)" }
}

/// Reads the keys of one JSON object strictly: each value must have the
/// expected type, required keys must be there, and ``finish(allowed:)`` rejects any
/// key that was not read. Every error names the path.
///
/// ```swift
/// var object = try JSONObjectReader(value, at: path)
/// let min = try object.number("min")
/// let names = try object.requiredStrings("names")
/// try object.finish(allowed: ["min", "names"])
/// ```
public struct JSONObjectReader: Sendable {
    /// The object's path.
    public let path: JSONPath
    /// The object.
    public let object: JSONObject
    private var read: Set<String> = []

    /// Starts reading a value that must be an object.
    public init(_ value: JSONValue, at path: JSONPath) throws {
        guard case .object(let object) = value else {
            throw JSONFormatError(path, "expected an object, found \(value.kindDescription)")
        }
        self.path = path
        self.object = object
    }

    /// Whether the object has the key.
    public func has(_ key: String) -> Bool { object[key] != nil }

    /// The raw value of a key, marking it read.
    public mutating func value(_ key: String) -> JSONValue? {
        guard let v = object[key] else { return nil }
        read.insert(key)
        return v
    }

    private func wrong(_ key: String, _ expected: String, _ found: JSONValue) -> JSONFormatError {
        JSONFormatError(path.key(key), "expected \(expected), found \(found.kindDescription)")
    }

    /// The error for a required key that is missing.
    public func missing(_ key: String, _ expected: String) -> JSONFormatError {
        JSONFormatError(path, "missing \"\(key)\" (\(expected))")
    }

    /// A string, if present.
    public mutating func string(_ key: String) throws -> String? {
        guard let v = value(key) else { return nil }
        guard case .string(let s) = v else { throw wrong(key, "a string", v) }
        return s
    }

    /// A string that must be present.
    public mutating func requiredString(_ key: String) throws -> String {
        guard let s = try string(key) else { throw missing(key, "a string") }
        return s
    }

    /// A number, if present.
    public mutating func number(_ key: String) throws -> Double? {
        guard let v = value(key) else { return nil }
        guard case .number(let n) = v else { throw wrong(key, "a number", v) }
        return n
    }

    /// A number that must be present.
    public mutating func requiredNumber(_ key: String) throws -> Double {
        guard let n = try number(key) else { throw missing(key, "a number") }
        return n
    }

    /// A whole number of 0 or more, if present.
    public mutating func count(_ key: String) throws -> Int? {
        guard let n = try number(key) else { return nil }
        guard n >= 0, n == n.rounded(), n < 1e15 else {
            throw JSONFormatError(
                path.key(key), "expected a whole number of 0 or more, found \(ValueFormat.decimal(n, grouped: false))")
        }
        return Int(n)
    }

    /// A whole number of 0 or more that must be present.
    public mutating func requiredCount(_ key: String) throws -> Int {
        guard let n = try count(key) else { throw missing(key, "a whole number of 0 or more") }
        return n
    }

    /// A boolean, if present.
    public mutating func bool(_ key: String) throws -> Bool? {
        guard let v = value(key) else { return nil }
        guard case .bool(let b) = v else { throw wrong(key, "true or false", v) }
        return b
    }

    /// An array of strings, if present.
    public mutating func strings(_ key: String) throws -> [String]? {
        guard let v = value(key) else { return nil }
        guard case .array(let items) = v else { throw wrong(key, "an array of strings", v) }
        return try items.enumerated().map { i, item in
            guard case .string(let s) = item else {
                throw JSONFormatError(path.key(key).index(i), "expected a string, found \(item.kindDescription)")
            }
            return s
        }
    }

    /// A non-empty array of strings that must be present.
    public mutating func requiredStrings(_ key: String) throws -> [String] {
        guard let list = try strings(key) else { throw missing(key, "an array of strings") }
        guard !list.isEmpty else { throw JSONFormatError(path.key(key), "expected at least one string") }
        return list
    }

    /// An array's items with their paths, if present.
    public mutating func array(_ key: String) throws -> [(value: JSONValue, path: JSONPath)]? {
        guard let v = value(key) else { return nil }
        guard case .array(let items) = v else { throw wrong(key, "an array", v) }
        return items.enumerated().map { ($0.element, path.key(key).index($0.offset)) }
    }

    /// A nested object's reader, if present.
    public mutating func object(_ key: String) throws -> JSONObjectReader? {
        guard let v = value(key) else { return nil }
        return try JSONObjectReader(v, at: path.key(key))
    }

    /// Fails on the first key that was not read, listing the keys allowed here.
    public func finish(allowed: [String]) throws {
        for key in object.keys where !read.contains(key) {
            throw JSONFormatError(
                path, "unknown key \"\(key)\"; expected one of " + allowed.map { "\"\($0)\"" }.joined(separator: ", "))
        }
    }
}
