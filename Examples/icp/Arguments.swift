import Foundation
import ICPCore

/// A command line that cannot be run as written; `icp` prints the message
/// and the usage, and exits with 2.
struct UsageError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// Input a command cannot use (an id not in the file, a column that feeds
/// nothing); `icp` prints the message without the usage and exits with 2.
struct CommandError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// A command's arguments, parsed by hand: `--name value`, `--name=value`,
/// flags, and positional arguments (`-` is a positional meaning standard
/// input; `--` ends the options).
struct Arguments {
    private(set) var positional: [String] = []
    private var values: [String: String] = [:]
    private var repeated: [String: [String]] = [:]
    private var flags: Set<String> = []

    /// Parses `args` for a command that takes the given valued options and flags.
    init(_ args: [String], options: Set<String>, flags allowed: Set<String>, command: String) throws {
        var i = 0
        var onlyPositional = false
        while i < args.count {
            let arg = args[i]
            i += 1
            if onlyPositional || arg == "-" || !arg.hasPrefix("-") {
                positional.append(arg)
                continue
            }
            if arg == "--" {
                onlyPositional = true
                continue
            }
            var name = arg
            var inline: String?
            if let eq = arg.firstIndex(of: "=") {
                name = String(arg[..<eq])
                inline = String(arg[arg.index(after: eq)...])
            }
            if allowed.contains(name) {
                guard inline == nil else { throw UsageError(message: "\(name) takes no value") }
                flags.insert(name)
            } else if options.contains(name) {
                if let inline {
                    values[name] = inline
                } else {
                    guard i < args.count else { throw UsageError(message: "\(name) needs a value") }
                    values[name] = args[i]
                    i += 1
                }
                repeated[name, default: []].append(values[name] ?? "")
            } else {
                let known = (options.union(allowed)).sorted().joined(separator: ", ")
                throw UsageError(message: "unknown option \(name) for '\(command)'; it takes \(known)")
            }
        }
    }

    /// Whether a flag was given.
    func has(_ flag: String) -> Bool { flags.contains(flag) }

    /// An option's value.
    func value(_ name: String) -> String? { values[name] }

    /// Every value of an option given more than once, in order.
    func all(_ name: String) -> [String] { repeated[name] ?? [] }

    /// An option's value that must be given.
    func required(_ name: String) throws -> String {
        guard let v = values[name] else { throw UsageError(message: "missing \(name)") }
        return v
    }

    /// A whole-number option of at least `minimum`.
    func integer(_ name: String, minimum: Int) throws -> Int? {
        guard let text = values[name] else { return nil }
        guard let n = Int(text), n >= minimum else {
            throw UsageError(message: "\(name) must be a whole number of at least \(minimum), not '\(text)'")
        }
        return n
    }

    /// A number option of at least `minimum`.
    func number(_ name: String, minimum: Double) throws -> Double? {
        guard let text = values[name] else { return nil }
        guard let x = Double(text), x.isFinite, x >= minimum else {
            throw UsageError(
                message:
                    "\(name) must be a number of at least \(ValueFormat.decimal(minimum, grouped: false)), not '\(text)'"
            )
        }
        return x
    }

    /// A share option: at least 0 and below `limit`.
    func fraction(_ name: String, below limit: Double) throws -> Double? {
        guard let text = values[name] else { return nil }
        guard let x = Double(text), x >= 0, x < limit else {
            throw UsageError(
                message:
                    "\(name) must be a share of at least 0 and below \(ValueFormat.decimal(limit, grouped: false)), not '\(text)'"
            )
        }
        return x
    }

    /// An option that must be one of some choices.
    func choice(_ name: String, of choices: [String], default fallback: String) throws -> String {
        guard let v = values[name] else { return fallback }
        guard choices.contains(v) else {
            throw UsageError(message: "\(name) must be one of \(choices.joined(separator: ", ")), not '\(v)'")
        }
        return v
    }

    /// The day of `--as-of`, or today (UTC) when it is not given: the
    /// command reads the clock once, here; criteria never do.
    func asOf() throws -> CalendarDay {
        guard let text = values["--as-of"] else { return CalendarDay(Date()) }
        do { return try CalendarDay(parsing: text) } catch {
            throw UsageError(message: "--as-of must be a date like 2026-11-23, not '\(text)'")
        }
    }

    /// The one positional argument a command needs.
    func single(_ what: String) throws -> String {
        guard positional.count == 1 else {
            throw UsageError(
                message: positional.isEmpty ? "missing \(what)" : "expected one \(what), got \(positional.count)")
        }
        return positional[0]
    }
}
