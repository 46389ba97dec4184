import Foundation
import ICPCore
import ICPFiles

/// `--map` and what a profile can read of a file: the part of every
/// command that reads accounts.
enum Columns {
    /// The map for a command: `--map` options first, then the profile's `columns`.
    ///
    /// - Throws: ``UsageError`` for a `--map` that cannot be read.
    static func map(_ args: Arguments, profile: Profile<Account>?) throws -> ColumnMap {
        var map = ColumnMap()
        for text in args.all("--map") {
            do { map = map.merging(try ColumnMap(parsing: text)) } catch { throw UsageError(message: "\(error)") }
        }
        if let profile { map = map.merging(ColumnMap(profileColumns: profile.columns)) }
        return map
    }

    /// The `--delimiter` option: `,`, `;`, `tab` (or `\t`), `|`; `nil`
    /// when not given, so that the header line tells.
    ///
    /// - Throws: ``UsageError`` for anything else.
    static func delimiter(_ args: Arguments) throws -> UInt8? {
        guard let text = args.value("--delimiter") else { return nil }
        switch text {
        case ",", "comma": return UInt8(ascii: ",")
        case ";", "semicolon": return UInt8(ascii: ";")
        case "tab", "\t", "\\t": return 0x09
        case "|", "pipe": return UInt8(ascii: "|")
        default: throw UsageError(message: "--delimiter must be one of , ; tab |, not '\(text)'")
        }
    }

    /// Says on standard error, once, each part of the profile the file
    /// has no column for, with the nearest headers.
    ///
    /// - Throws: ``CommandError`` when the file feeds no line at all, or
    ///   when `strict` and some part has no column.
    static func check(_ report: ImportReport, profile: Profile<Account>, strict: Bool) throws {
        let coverage = ColumnCoverage(profile: profile, header: report.header, targets: report.targets)
        guard !coverage.gaps.isEmpty else { return }
        Write.err(coverage.gaps.map { "icp: \(report.file): \($0)\n" }.joined())
        let fix = "map columns with --map FIELD=HEADER or a \"columns\" object in the profile"
        if coverage.feedsNoLine {
            throw CommandError(
                message:
                    "\(report.file) has a column for none of the profile's \(coverage.linesReadingColumns) lines that read one; \(fix)"
            )
        }
        if strict {
            let parts = coverage.gaps.count == 1 ? "1 part" : "\(coverage.gaps.count) parts"
            throw CommandError(message: "\(report.file): \(parts) of the profile have no column (--strict); \(fix)")
        }
    }
}
