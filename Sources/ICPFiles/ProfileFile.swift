import ICPCore
import ICPCriteria

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A profile that cannot be read or written, naming the file (when there
/// is one) and the place in it.
public struct ProfileFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file, when reading one.
    public var file: String?
    /// What went wrong, with its JSON path or line and column.
    public var message: String

    /// Creates an error.
    public init(file: String?, message: String) {
        self.file = file
        self.message = message
    }

    /// `security.json: fit.lines[3].criterion.max: expected a number, found a string`.
    public var description: String { file.map { "\($0): \(message)" } ?? message }
}

/// Profiles as JSON files: read strictly, written in a stable order, and
/// read back to the same profile.
///
/// The format is described in full in `Documentation/ProfileFormat.md`.
///
/// ```swift
/// let profile = try ProfileFile.load(path: "Examples/Profiles/security-software.json")
/// let text = try ProfileFile.encode(profile)
/// ```
public enum ProfileFile {
    /// Reads a profile file.
    ///
    /// - Throws: ``ProfileFileError`` naming the file and the path or line.
    public static func load(
        path: String, registry: CriterionRegistry<Account> = .standard,
        contactRegistry: CriterionRegistry<Contact> = .events
    ) throws -> Profile<Account> {
        if let problem = FileError.problem(path) { throw ProfileFileError(file: path, message: problem) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ProfileFileError(file: path, message: "cannot be read")
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            let bytes = [UInt8](data)
            let at = ProfileFile.firstInvalidUTF8(bytes)
            let line = bytes[..<at].count { $0 == 0x0A } + 1
            throw ProfileFileError(
                file: path,
                message:
                    "is not UTF-8 text: byte \(at + 1) (line \(line)) is 0x\(String(bytes[at], radix: 16, uppercase: true))"
            )
        }
        do {
            return try decode(text, registry: registry, contactRegistry: contactRegistry)
        } catch let error as ProfileFileError {
            throw ProfileFileError(file: path, message: error.message)
        }
    }

    /// The offset of the first byte that does not begin a valid UTF-8
    /// sequence (the count when all are valid).
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int {
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let length: Int
            switch b {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return i
            }
            guard i + length <= bytes.count,
                bytes[(i + 1)..<(i + length)].allSatisfy({ $0 & 0xC0 == 0x80 }),
                String(validating: bytes[i..<(i + length)], as: UTF8.self) != nil
            else { return i }
            i += length
        }
        return i
    }

    /// Reads a profile from JSON text.
    ///
    /// - Throws: ``ProfileFileError`` with the JSON path (or the line and
    ///   column of a syntax error) and what was expected.
    public static func decode(
        _ text: String, registry: CriterionRegistry<Account> = .standard,
        contactRegistry: CriterionRegistry<Contact> = .events
    ) throws -> Profile<Account> {
        do {
            let json = try JSONValue.parse(text)
            return try ProfileReader(registry: registry, contactRegistry: contactRegistry).profile(json)
        } catch let e as JSONSyntaxError {
            throw ProfileFileError(file: nil, message: e.description)
        } catch let e as JSONFormatError {
            throw ProfileFileError(file: nil, message: e.description)
        }
    }

    /// Writes a profile as JSON text.
    ///
    /// - Throws: ``ProfileFileError`` naming the path of a criterion or
    ///   signal that has no file form (a closure over a host type).
    public static func encode(_ profile: Profile<Account>) throws -> String {
        do {
            return try ProfileWriter.profile(profile).written() + "\n"
        } catch let e as JSONFormatError {
            throw ProfileFileError(file: nil, message: e.description)
        }
    }
}

/// Reads the parts of a profile file.
struct ProfileReader {
    let registry: CriterionRegistry<Account>
    let contactRegistry: CriterionRegistry<Contact>

    /// The review intervals a file may name, read and written.
    static let namedIntervals: [(name: String, interval: ReviewInterval)] = [
        ("monthly", .monthly), ("quarterly", .quarterly), ("half-yearly", .halfYearly), ("yearly", .yearly),
    ]

    static let profileKeys = [
        "name", "version", "description", "fit", "engagement", "matrix", "personas", "contactEngagement",
        "leadScoring", "lastReviewed", "reviewInterval", "columns",
    ]

    func profile(_ json: JSONValue) throws -> Profile<Account> {
        let root = JSONPath()
        var o = try JSONObjectReader(json, at: root)
        let name = try o.requiredString("name")
        let version = try o.string("version") ?? "1"
        let summary = try o.string("description") ?? ""
        guard let fitValue = o.value("fit") else { throw o.missing("fit", "a rubric") }
        let fit = try rubric(fitValue, at: root.key("fit"), registry: registry)
        let engagement = try o.value("engagement").map {
            try rubric($0, at: root.key("engagement"), registry: registry)
        }
        var matrix = EngagementMatrix()
        if var m = try o.object("matrix") {
            let priority = try m.strings("priority") ?? []
            try m.finish(allowed: ["priority"])
            do {
                matrix = try EngagementMatrix(priority: priority)
            } catch {
                throw JSONFormatError(m.path.key("priority"), "\(error)")
            }
        }
        let personas = try (o.array("personas") ?? []).map { try persona($0.value, at: $0.path) }
        let contactEngagement = try o.value("contactEngagement").map {
            try rubric($0, at: root.key("contactEngagement"), registry: contactRegistry)
        }
        var leadScoring = LeadScoring()
        if var l = try o.object("leadScoring") {
            leadScoring = LeadScoring(
                fitWeight: try l.number("fit") ?? leadScoring.fitWeight,
                personaWeight: try l.number("persona") ?? leadScoring.personaWeight,
                engagementWeight: try l.number("engagement") ?? leadScoring.engagementWeight)
            for (key, w) in [
                ("fit", leadScoring.fitWeight), ("persona", leadScoring.personaWeight),
                ("engagement", leadScoring.engagementWeight),
            ] where w < 0 {
                throw JSONFormatError(l.path.key(key), "expected a weight of 0 or more")
            }
            try l.finish(allowed: ["fit", "persona", "engagement"])
        }
        let lastReviewed = try o.string("lastReviewed").map { text in
            do { return try CalendarDay(parsing: text) } catch {
                throw JSONFormatError(root.key("lastReviewed"), "expected a date like 2026-09-01, found \"\(text)\"")
            }
        }
        var interval = ReviewInterval.quarterly
        if let value = o.value("reviewInterval") {
            interval = try reviewInterval(value, at: root.key("reviewInterval"))
        }
        var columns: [String: [String]] = [:]
        if let c = try o.object("columns") {
            for key in c.object.keys {
                let path = c.path.key(key)
                switch c.object[key] ?? .null {
                case .string(let header) where !header.trimmed().isEmpty: columns[key] = [header]
                case .array(let items) where !items.isEmpty:
                    columns[key] = try items.enumerated().map { i, item in
                        guard case .string(let header) = item, !header.trimmed().isEmpty else {
                            throw JSONFormatError(path.index(i), "expected a header (a non-empty string)")
                        }
                        return header
                    }
                default:
                    throw JSONFormatError(path, "expected a header or a list of headers")
                }
            }
        }
        try o.finish(allowed: ProfileReader.profileKeys)
        var profile = Profile(
            name: name, version: version, summary: summary, fit: fit, engagement: engagement, matrix: matrix,
            personas: personas, contactEngagement: contactEngagement, leadScoring: leadScoring,
            lastReviewed: lastReviewed, reviewInterval: interval)
        profile.columns = columns
        return profile
    }

    func reviewInterval(_ value: JSONValue, at path: JSONPath) throws -> ReviewInterval {
        if case .string(let text) = value {
            guard let named = ProfileReader.namedIntervals.first(where: { $0.name == text }) else {
                throw JSONFormatError(
                    path,
                    "expected \"monthly\", \"quarterly\", \"half-yearly\", \"yearly\" or {\"months\": n, \"days\": n}")
            }
            return named.interval
        }
        var o = try JSONObjectReader(value, at: path)
        let interval = ReviewInterval(months: try o.count("months") ?? 0, days: try o.count("days") ?? 0)
        try o.finish(allowed: ["months", "days"])
        guard interval.months > 0 || interval.days > 0 else {
            throw JSONFormatError(path, "expected a positive interval")
        }
        return interval
    }

    func persona(_ value: JSONValue, at path: JSONPath) throws -> Persona {
        var o = try JSONObjectReader(value, at: path)
        let seniorities = try (o.strings("seniorities") ?? []).enumerated().map { i, text in
            guard let s = Seniority(rawValue: text) else {
                throw JSONFormatError(
                    path.key("seniorities").index(i),
                    "expected one of " + Seniority.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
                        + ", found \"\(text)\"")
            }
            return s
        }
        let persona = Persona(
            name: try o.requiredString("name"), titles: try o.strings("titles") ?? [],
            seniorities: Set(seniorities), department: try o.string("department"), goals: try o.strings("goals") ?? [],
            painPoints: try o.strings("painPoints") ?? [], objections: try o.strings("objections") ?? [],
            motivations: try o.strings("motivations") ?? [], messaging: try o.strings("messaging") ?? [],
            roleWeight: try o.number("roleWeight") ?? 1, isRequired: try o.bool("required") ?? false)
        guard persona.roleWeight >= 0 else {
            throw JSONFormatError(path.key("roleWeight"), "expected a weight of 0 or more")
        }
        try o.finish(allowed: [
            "name", "titles", "seniorities", "department", "goals", "painPoints", "objections", "motivations",
            "messaging", "roleWeight", "required",
        ])
        return persona
    }

    func rubric<Subject>(_ value: JSONValue, at path: JSONPath, registry: CriterionRegistry<Subject>) throws
        -> Rubric<Subject>
    {
        var o = try JSONObjectReader(value, at: path)
        let name = try o.requiredString("name")
        guard let lineItems = try o.array("lines") else { throw o.missing("lines", "an array of lines") }
        let lines = try lineItems.map { try line($0.value, at: $0.path, registry: registry) }
        let disqualifiers = try (o.array("disqualifiers") ?? []).map { item -> Disqualifier<Subject> in
            var d = try JSONObjectReader(item.value, at: item.path)
            guard let c = d.value("criterion") else { throw d.missing("criterion", "a criterion") }
            let criterion = try registry.criterion(c, at: item.path.key("criterion"))
            let reason = try d.string("reason")
            try d.finish(allowed: ["criterion", "reason"])
            return Disqualifier(criterion, reason: reason)
        }
        var caps: [String: Double] = [:]
        if var c = try o.object("caps") {
            for key in c.object.keys { caps[key] = try c.requiredNumber(key) }
        }
        let missingData = try o.value("missingData").map { try policy($0, at: path.key("missingData")) } ?? .noPoints
        let threshold = try o.value("threshold").map { try self.threshold($0, at: path.key("threshold")) }
        let tiers = try (o.array("tiers") ?? []).map { item -> Tier<Subject> in
            var t = try JSONObjectReader(item.value, at: item.path)
            let name = try t.requiredString("name")
            let minimum = try t.value("minimum").map { try self.threshold($0, at: item.path.key("minimum")) }
            let requirement = try t.value("requires").map { try registry.criterion($0, at: item.path.key("requires")) }
            try t.finish(allowed: ["name", "minimum", "requires"])
            return Tier(name, minimum: minimum, requires: requirement)
        }
        try o.finish(allowed: ["name", "lines", "disqualifiers", "caps", "missingData", "threshold", "tiers"])
        do {
            return try Rubric(
                name: name, lines: lines, disqualifiers: disqualifiers, caps: caps, missingData: missingData,
                threshold: threshold, tiers: tiers)
        } catch {
            throw JSONFormatError(path, "\(error)")
        }
    }

    func line<Subject>(_ value: JSONValue, at path: JSONPath, registry: CriterionRegistry<Subject>) throws
        -> RubricLine<Subject>
    {
        var o = try JSONObjectReader(value, at: path)
        var line: RubricLine<Subject>
        if let c = o.value("criterion") {
            let criterion = try registry.criterion(c, at: path.key("criterion"))
            line = criterion.points(try o.requiredNumber("points"))
        } else if let s = o.value("signal") {
            let signal = try registry.signal(s, at: path.key("signal"))
            if let cap = try o.number("pointsUpTo") {
                line = signal.points(upTo: cap)
            } else {
                guard let items = try o.array("bands") else {
                    throw o.missing("bands", "an array of {\"atLeast\": n, \"points\": n}, or pointsUpTo")
                }
                let bands = try items.map { item -> Band in
                    var b = try JSONObjectReader(item.value, at: item.path)
                    let band = Band.atLeast(try b.requiredNumber("atLeast"), points: try b.requiredNumber("points"))
                    try b.finish(allowed: ["atLeast", "points"])
                    return band
                }
                line = signal.bands(bands, otherwise: try o.number("otherwise") ?? 0)
            }
        } else {
            throw JSONFormatError(
                path, "a line needs \"criterion\" and \"points\", or \"signal\" and \"bands\" or \"pointsUpTo\"")
        }
        if let name = try o.string("name") { line = line.named(name) }
        if let group = try o.string("group") { line = line.group(group) }
        if let p = o.value("ifMissing") { line = line.ifMissing(try policy(p, at: path.key("ifMissing"))) }
        if let locked = try o.bool("locked") { line = line.locked(locked) }
        try o.finish(allowed: [
            "name", "criterion", "points", "signal", "bands", "otherwise", "pointsUpTo", "group", "ifMissing",
            "locked",
        ])
        return line
    }

    func policy(_ value: JSONValue, at path: JSONPath) throws -> MissingDataPolicy {
        switch value {
        case .string("noPoints"): return .noPoints
        case .string("excludeFromMaximum"): return .excludeFromMaximum
        case .object:
            var o = try JSONObjectReader(value, at: path)
            let p = try o.requiredNumber("fixedPoints")
            try o.finish(allowed: ["fixedPoints"])
            return .fixedPoints(p)
        default:
            throw JSONFormatError(path, "expected \"noPoints\", \"excludeFromMaximum\" or {\"fixedPoints\": n}")
        }
    }

    func threshold(_ value: JSONValue, at path: JSONPath) throws -> ScoreThreshold {
        var o = try JSONObjectReader(value, at: path)
        let t: ScoreThreshold
        if let r = try o.number("ratio") {
            t = .ratio(r)
        } else if let p = try o.number("points") {
            t = .points(p)
        } else {
            throw JSONFormatError(path, "expected {\"ratio\": 0.8} or {\"points\": 10}")
        }
        try o.finish(allowed: ["ratio", "points"])
        return t
    }
}

/// Writes the parts of a profile.
enum ProfileWriter {
    static func profile(_ p: Profile<Account>) throws -> JSONValue {
        let root = JSONPath()
        var o: JSONObject = ["name": .string(p.name), "version": .string(p.version)]
        if !p.summary.isEmpty { o["description"] = .string(p.summary) }
        o["fit"] = try rubric(p.fit, at: root.key("fit"))
        if let e = p.engagement { o["engagement"] = try rubric(e, at: root.key("engagement")) }
        if !p.matrix.priority.isEmpty { o["matrix"] = .object(["priority": .strings(p.matrix.priority)]) }
        if !p.personas.isEmpty { o["personas"] = .array(p.personas.map(persona)) }
        if let c = p.contactEngagement { o["contactEngagement"] = try rubric(c, at: root.key("contactEngagement")) }
        if p.leadScoring != LeadScoring() {
            o["leadScoring"] = .object([
                "fit": .number(p.leadScoring.fitWeight), "persona": .number(p.leadScoring.personaWeight),
                "engagement": .number(p.leadScoring.engagementWeight),
            ])
        }
        if let d = p.lastReviewed { o["lastReviewed"] = .string(d.description) }
        if !p.columns.isEmpty {
            var c: JSONObject = [:]
            for key in p.columns.keys.sorted() {
                let headers = p.columns[key] ?? []
                c[key] = headers.count == 1 ? .string(headers[0]) : .strings(headers)
            }
            o["columns"] = .object(c)
        }
        o["reviewInterval"] = reviewInterval(p.reviewInterval)
        return .object(o)
    }

    static func reviewInterval(_ i: ReviewInterval) -> JSONValue {
        if let named = ProfileReader.namedIntervals.first(where: { $0.interval == i }) { return .string(named.name) }
        var o = JSONObject()
        if i.months != 0 { o["months"] = .number(Double(i.months)) }
        if i.days != 0 { o["days"] = .number(Double(i.days)) }
        return .object(o)
    }

    static func persona(_ p: Persona) -> JSONValue {
        var o: JSONObject = ["name": .string(p.name)]
        if !p.titles.isEmpty { o["titles"] = .strings(p.titles) }
        if !p.seniorities.isEmpty { o["seniorities"] = .strings(p.seniorities.sorted(by: >).map(\.rawValue)) }
        if let d = p.department { o["department"] = .string(d) }
        for (key, list) in [
            ("goals", p.goals), ("painPoints", p.painPoints), ("objections", p.objections),
            ("motivations", p.motivations), ("messaging", p.messaging),
        ] where !list.isEmpty {
            o[key] = .strings(list)
        }
        if p.roleWeight != 1 { o["roleWeight"] = .number(p.roleWeight) }
        if p.isRequired { o["required"] = .bool(true) }
        return .object(o)
    }

    static func spec(_ s: Specification?, _ name: String, at path: JSONPath) throws -> JSONValue {
        guard let s else {
            throw JSONFormatError(
                path, "\"\(name)\" has no file form (it reads a host type through a closure); register a kind for it")
        }
        return s.json
    }

    static func rubric<Subject>(_ r: Rubric<Subject>, at path: JSONPath) throws -> JSONValue {
        var o: JSONObject = ["name": .string(r.name)]
        o["lines"] = .array(
            try r.lines.enumerated().map { i, l in try line(l, at: path.key("lines").index(i)) })
        if !r.disqualifiers.isEmpty {
            o["disqualifiers"] = .array(
                try r.disqualifiers.enumerated().map { i, d in
                    let p = path.key("disqualifiers").index(i)
                    var object: JSONObject = [
                        "criterion": try spec(d.criterion.specification, d.criterion.name, at: p.key("criterion"))
                    ]
                    if let reason = d.reason { object["reason"] = .string(reason) }
                    return .object(object)
                })
        }
        if !r.caps.isEmpty {
            var caps = JSONObject()
            for key in r.caps.keys.sorted() { caps[key] = .number(r.caps[key] ?? 0) }
            o["caps"] = .object(caps)
        }
        if r.missingData != .noPoints { o["missingData"] = policy(r.missingData) }
        if let t = r.threshold { o["threshold"] = threshold(t) }
        if !r.tiers.isEmpty {
            o["tiers"] = .array(
                try r.tiers.enumerated().map { i, t in
                    var object: JSONObject = ["name": .string(t.name)]
                    if let m = t.minimum { object["minimum"] = threshold(m) }
                    if let c = t.requirement {
                        object["requires"] = try spec(
                            c.specification, c.name, at: path.key("tiers").index(i).key("requires"))
                    }
                    return .object(object)
                })
        }
        return .object(o)
    }

    static func line<Subject>(_ l: RubricLine<Subject>, at path: JSONPath) throws -> JSONValue {
        var o: JSONObject = ["name": .string(l.name)]
        switch l.scoring {
        case .criterion(let c, let points):
            if let p = c as? ProportionalCriterion<Subject>, p.cap == points {
                o["signal"] = try spec(p.signal.specification, p.signal.name, at: path.key("signal"))
                o["pointsUpTo"] = .number(points)
            } else {
                o["criterion"] = try spec(c.specification, c.name, at: path.key("criterion"))
                o["points"] = .number(points)
            }
        case .bands(let s, let bands, let otherwise):
            o["signal"] = try spec(s.specification, s.name, at: path.key("signal"))
            o["bands"] = .array(
                bands.map { .object(["atLeast": .number($0.threshold), "points": .number($0.points)]) })
            if otherwise != 0 { o["otherwise"] = .number(otherwise) }
        }
        if let g = l.group { o["group"] = .string(g) }
        if let m = l.missingData { o["ifMissing"] = policy(m) }
        if l.isLocked { o["locked"] = .bool(true) }
        return .object(o)
    }

    static func policy(_ p: MissingDataPolicy) -> JSONValue {
        switch p {
        case .noPoints: .string("noPoints")
        case .excludeFromMaximum: .string("excludeFromMaximum")
        case .fixedPoints(let n): .object(["fixedPoints": .number(n)])
        }
    }

    static func threshold(_ t: ScoreThreshold) -> JSONValue {
        switch t {
        case .ratio(let r): .object(["ratio": .number(r)])
        case .points(let p): .object(["points": .number(p)])
        }
    }
}
