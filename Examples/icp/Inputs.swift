import Foundation
import ICPCore
import ICPCriteria
import ICPFiles

/// What `score` and `explain` read: the profile, the day, and the events
/// and contacts files when given.
struct Inputs {
    let profile: Profile<Account>
    let asOf: CalendarDay
    let idColumn: String?
    let strict: Bool
    var accountEvents: [String: [EngagementEvent]] = [:]
    var contacts: [String: [Contact]] = [:]
    var reports: [ImportReport] = []

    static let options: Set<String> = ["--profile", "--contacts", "--events", "--id-column", "--as-of"]

    init(_ args: Arguments) throws {
        let profilePath = try args.required("--profile")
        do {
            profile = try ProfileFile.load(path: profilePath)
        } catch let error as ProfileFileError {
            throw InputError(message: "\(error)")
        }
        if let text = args.value("--as-of") {
            do { asOf = try CalendarDay(parsing: text) } catch {
                throw UsageError(message: "--as-of must be a date like 2026-11-23, not '\(text)'")
            }
        } else {
            // The command reads the clock once, here; criteria never do.
            asOf = CalendarDay(Date())
        }
        idColumn = args.value("--id-column")
        strict = args.has("--strict")
        var contactEvents: [String: [EngagementEvent]] = [:]
        if let path = args.value("--events") {
            let events = try CRMImport.events(path: path, strict: strict)
            accountEvents = events.byAccount
            contactEvents = events.byContact
            reports.append(events.report)
        }
        if let path = args.value("--contacts") {
            let read = try CRMImport.contacts(path: path, strict: strict, events: contactEvents)
            contacts = read.byAccount
            reports.append(read.report)
        }
    }
}

/// Input that cannot be read at all (a profile file, a header); exit 2.
struct InputError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
