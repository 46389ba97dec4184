import Foundation
import Testing

/// Every `icp` command the README and the guide show, run as written.
@Suite("The commands the documentation shows", .serialized)
struct DocumentedCommandTests {
    /// A documented command: its words and where it is written.
    struct Command: CustomStringConvertible {
        let words: [String]
        let place: String
        var description: String { "\(place): icp \(words.joined(separator: " "))" }
    }

    /// The commands of a Markdown file: lines that start with `prefix`
    /// inside code blocks, joined over `\` continuations, without a
    /// trailing `# comment`.
    static func commands(in file: String, prefix: String) throws -> [Command] {
        let text = try String(contentsOfFile: ICP.root.appendingPathComponent(file).path, encoding: .utf8)
        var commands: [Command] = []
        var inCode = false
        var pending: (text: String, line: Int)?
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(raw)
            if line.hasPrefix("```") {
                inCode.toggle()
                continue
            }
            guard inCode else { continue }
            var body: String
            if var p = pending {
                p.text += " " + line.trimmingCharacters(in: .whitespaces)
                pending = p
                body = p.text
            } else if line.hasPrefix(prefix) {
                body = String(line.dropFirst(prefix.count))
                pending = (body, n + 1)
            } else {
                continue
            }
            if body.hasSuffix("\\") {
                pending?.text = String(body.dropLast()).trimmingCharacters(in: .whitespaces)
                continue
            }
            if let hash = body.range(of: "  #") ?? body.range(of: " # ") { body = String(body[..<hash.lowerBound]) }
            commands.append(Command(words: words(body), place: "\(file):\(pending?.line ?? n + 1)"))
            pending = nil
        }
        return commands
    }

    /// Splits a command line as a shell does for these: on spaces, with
    /// double quotes grouping.
    static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quoted = false
        var started = false
        for c in text {
            if c == "\"" {
                quoted.toggle()
                started = true
            } else if c == " " && !quoted {
                if started { words.append(current) }
                current = ""
                started = false
            } else {
                current.append(c)
                started = true
            }
        }
        if started { words.append(current) }
        return words
    }

    /// Runs commands in a fresh folder holding the repository's examples,
    /// `/tmp/…` paths moved into it; a command whose input file the
    /// documentation only names (an export of the reader's own) is skipped;
    /// returns those files.
    static func run(_ commands: [Command]) throws -> [String] {
        let folder = try Folder()
        defer { folder.remove() }
        try FileManager.default.createSymbolicLink(
            atPath: folder.path + "/Examples", withDestinationPath: ICP.root.appendingPathComponent("Examples").path)
        var skipped: [String] = []
        for command in commands {
            let words = command.words.map { $0.replacingOccurrences(of: "/tmp/", with: folder.path + "/tmp-") }
            if let input = words.last, input.hasSuffix(".csv"),
                !FileManager.default.fileExists(atPath: input.hasPrefix("/") ? input : folder.path + "/" + input)
            {
                skipped.append(input)
                continue
            }
            let process = Process()
            process.executableURL = ICP.url
            process.arguments = words
            process.currentDirectoryURL = URL(fileURLWithPath: folder.path)
            process.standardOutput = FileHandle.nullDevice
            let err = Pipe()
            process.standardError = err
            try process.run()
            let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(command)\n\(message)")
        }
        return skipped
    }

    @Test("The README's commands run as written")
    func readme() throws {
        let commands = try Self.commands(in: "README.md", prefix: "swift run icp")
        #expect(commands.count == 15)
        let skipped = try Self.run(commands.filter { !$0.words.isEmpty })
        #expect(skipped == ["company-list.csv"])  // the --map example reads the reader's own list
    }

    @Test("The guide's commands run as written")
    func guide() throws {
        let commands = try Self.commands(in: "Documentation/IsMyICPWorking.md", prefix: "$ icp ")
        #expect(commands.count == 12)
        let skipped = try Self.run(commands)
        #expect(skipped == ["x-education-leads.csv"])  // not in the repository
    }
}
