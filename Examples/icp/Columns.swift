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

    /// The `--delimiter` (`,`, `;`, `tab`, `|`) and `--encoding`
    /// (`utf-8`, `windows-1252`) options; what is not given the file tells.
    ///
    /// - Throws: ``UsageError`` for anything else.
    static func format(_ args: Arguments) throws -> CSVFormat {
        var format = CSVFormat()
        if let text = args.value("--delimiter") {
            switch text {
            case ",", "comma": format.delimiter = UInt8(ascii: ",")
            case ";", "semicolon": format.delimiter = UInt8(ascii: ";")
            case "tab", "\t", "\\t": format.delimiter = 0x09
            case "|", "pipe": format.delimiter = UInt8(ascii: "|")
            default: throw UsageError(message: "--delimiter must be one of , ; tab |, not '\(text)'")
            }
        }
        if let text = args.value("--encoding") {
            switch text.lowercased() {
            case "utf-8", "utf8": format.encoding = .utf8
            case "windows-1252", "cp1252", "latin-1", "latin1", "iso-8859-1": format.encoding = .windows1252
            default: throw UsageError(message: "--encoding must be utf-8 or windows-1252, not '\(text)'")
            }
        }
        return format
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
