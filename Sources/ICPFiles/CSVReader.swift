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
    private var detect: Bool
    private var queue: [CSVRecord] = []
    private var head = 0
    private var finished = false
    private let chunkSize: Int

    /// Opens a file; `-` reads standard input.
    ///
    /// - Parameters:
    ///   - path: The file, or `-`.
    ///   - delimiter: The field separator; `nil` tells it from the header
    ///     line (``CSVDelimiter/detect(_:)``: comma, semicolon or tab).
    ///   - chunkSize: How many bytes are read at a time.
    /// - Throws: ``FileError`` naming the path when it cannot be opened.
    public init(path: String, delimiter: UInt8? = nil, chunkSize: Int = 1 << 20) throws {
        (handle, source) = try CSVReader.open(path)
        parser = CSVParser(delimiter: delimiter ?? UInt8(ascii: ","))
        detect = delimiter == nil
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
            if let chunk, !chunk.isEmpty {
                if detect {
                    detect = false
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
}
