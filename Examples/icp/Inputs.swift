import Foundation
import ICPCore
import ICPCriteria
import ICPFiles
import Synchronization

/// What `score` and `explain` read: the profile, the day, and the events
/// and contacts files when given.
struct Inputs {
    let profile: Profile<Account>
    let asOf: CalendarDay
    let idColumn: String?
    /// `--map` and the profile's `columns`.
    let map: ColumnMap
    /// `--delimiter` and `--encoding`.
    let format: CSVFormat
    let strict: Bool
    var accountEvents: [String: [EngagementEvent]] = [:]
    var contacts: ContactsByAccount?
    var reports: [ImportReport] = []
    /// What the profile scores that no file given feeds (engagement without
    /// events, committees without contacts), to say once with the results.
    private(set) var notes = ""

    static let options: Set<String> = [
        "--profile", "--contacts", "--events", "--id-column", "--as-of", "--map", "--delimiter", "--encoding",
    ]

    /// The reports of the events and contacts files, the contacts' with how
    /// many contacts without an account id found one by email domain (when
    /// the domains matched are given: every account was scored).
    func reports(matchedDomains: Set<String>?) -> [ImportReport] {
        guard var read = contacts?.report else { return reports }
        if let matchedDomains, let note = contacts?.domainSummary(matchedDomains: matchedDomains) {
            read.notes.append(note)
        }
        return reports + [read]
    }

    init(_ args: Arguments) throws {
        profile = try ProfileFile.load(path: try args.required("--profile"))
        asOf = try args.asOf()
        idColumn = args.value("--id-column")
        map = try Columns.map(args, profile: profile)
        format = try Columns.format(args)
        strict = args.has("--strict")
        var contactEvents: [String: [EngagementEvent]] = [:]
        if let path = args.value("--events") {
            let events = try CRMImport.events(path: path, strict: strict)
            accountEvents = events.byAccount
            contactEvents = events.byContact
            reports.append(events.report)
        }
        if let path = args.value("--contacts") {
            contacts = try CRMImport.contacts(path: path, strict: strict, events: contactEvents)
        }
        // Said once, with the results: what the profile scores that no file feeds.
        if let engagement = profile.engagement, args.value("--events") == nil {
            notes +=
                "icp: note: the profile's engagement rubric \"\(engagement.name)\" reads events, and no --events file was given: engagement is empty (every account at \(engagement.tiers.last?.name ?? "the lowest level"))\n"
        }
        if !profile.personas.isEmpty, args.value("--contacts") == nil {
            let count = profile.personas.count
            notes +=
                "icp: note: the profile has \(count) persona\(count == 1 ? "" : "s") and no --contacts file was given: buying committees are empty\n"
        }
    }
}

/// The email domains that matched an account while scoring, gathered from
/// the worker threads.
final class DomainHits: Sendable {
    private let hits = Mutex<Set<String>>([])

    /// Records a matched domain.
    func insert(_ domain: String) { hits.withLock { _ = $0.insert(domain) } }

    /// The domains matched so far.
    var domains: Set<String> { hits.withLock { $0 } }
}
