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
        profile = try ProfileFile.load(path: try args.required("--profile"))
        asOf = try args.asOf()
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
