import Foundation

/// Reads the records of a CSV file or standard input in chunks, so a file
/// of any size is read in constant memory.
///
/// ```swift
/// let reader = try CSVReader(path: "accounts.csv")   // "-" reads standard input
/// while let record = try reader.next() { … }
/// ```
public final class CSVReader {
    /// The name reports use: the path, or `standard input`.
    public let source: String
    private let handle: FileHandle
    private var parser: CSVParser
    private var detectDelimiter: Bool
    private var detectEncoding: Bool
    private var started = false
    /// The text encoding: the one given, or the one the first bytes show
    /// once the first record is read. Other encodings are read as UTF-8.
    public private(set) var encoding: TextEncoding
    private var queue: [CSVRecord] = []
    private var head = 0
    private var finished = false
    private let chunkSize: Int

    /// Opens a file; `-` reads standard input.
    ///
    /// - Parameters:
    ///   - path: The file, or `-`.
    ///   - format: The field separator and encoding; what is not given is
    ///     told from the file (comma, semicolon or tab; UTF-8 or Windows-1252).
    ///   - chunkSize: How many bytes are read at a time.
    /// - Throws: ``FileError`` naming the path when it cannot be opened.
    public init(path: String, format: CSVFormat = CSVFormat(), chunkSize: Int = 1 << 20) throws {
        (handle, source) = try CSVReader.open(path)
        parser = CSVParser(delimiter: format.delimiter ?? UInt8(ascii: ","))
        detectDelimiter = format.delimiter == nil
        detectEncoding = format.encoding == nil
        encoding = format.encoding ?? .utf8
        self.chunkSize = max(1, chunkSize)
    }

    /// The field separator: the one given, or the one the header line shows
    /// once the first record is read.
    public var delimiter: UInt8 { parser.delimiter }

    /// A file, or standard input for `-`, with the name reports use.
    ///
    /// - Throws: ``FileError`` naming the path when it cannot be opened.
    static func open(_ path: String) throws -> (FileHandle, String) {
        if path == "-" { return (FileHandle.standardInput, "standard input") }
        if let problem = FileError.problem(path) { throw FileError(path: path, message: problem) }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw FileError(path: path, message: "cannot be opened for reading")
        }
        return (handle, path)
    }

    /// Fields (by position) whose text is not kept from now on: they come
    /// out empty. For columns nobody reads.
    public var skip: [Bool] {
        get { parser.skip }
        set { parser.skip = newValue }
    }

    /// The next record, or `nil` at the end.
    ///
    /// - Throws: ``FileError`` when reading fails.
    public func next() throws -> CSVRecord? {
        while head == queue.count {
            if finished { return nil }
            queue.removeAll(keepingCapacity: true)
            head = 0
            let chunk: Data?
            do {
                chunk = try handle.read(upToCount: chunkSize)
            } catch {
                throw FileError(path: source, message: "could not be read: \(error)")
            }
            if var chunk, !chunk.isEmpty {
                if !started {
                    // The encoding and delimiter are told from the same prefix in every reader.
                    started = true
                    do { chunk = try TextEncoding.prefix(chunk, from: handle) } catch {
                        throw FileError(path: source, message: "could not be read: \(error)")
                    }
                }
                if detectEncoding {
                    detectEncoding = false
                    encoding = TextEncoding.detect(chunk)
                }
                if encoding != .utf8 { chunk = Data(encoding.utf8(chunk)) }
                if detectDelimiter {
                    detectDelimiter = false
                    let skip = parser.skip
                    parser = CSVParser(delimiter: CSVDelimiter.detect(chunk))
                    parser.skip = skip
                }
                var records: [CSVRecord] = []
                chunk.withUnsafeBytes { parser.feed($0) { records.append($0) } }
                queue = records
            } else {
                finished = true
                parser.finish { queue.append($0) }
            }
        }
        defer { head += 1 }
        return queue[head]
    }
}

/// A file that cannot be opened or read.
public struct FileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The path.
    public var path: String
    /// What went wrong.
    public var message: String

    /// Creates an error.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// `accounts.csv: cannot be opened for reading`.
    public var description: String { "\(path): \(message)" }

    /// Why a path cannot be read as a file, in its own sentence: it does
    /// not exist, it is a folder, or it may not be read; `nil` when it can.
    public static func problem(_ path: String) -> String? {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            return "does not exist"
        }
        if isFolder.boolValue { return "is a folder, not a file" }
        guard FileManager.default.isReadableFile(atPath: path) else { return "may not be read (permission denied)" }
        return nil
    }
}
