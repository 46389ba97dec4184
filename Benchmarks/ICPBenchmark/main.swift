// The benchmark: run it in release mode.
//
//     swift run -c release icp-benchmark [--accounts N] [--runs R] [--skip-end-to-end]
//         [--in-memory N] [--summary-only] [--plan-only] [--resampling]
//         [--table FILE [PROFILE.json]]
//
// It reports in-memory throughput (1 core and all cores) for a 20-line
// rubric, single-score latency with the breakdown, and `icp score` end to
// end on a generated CSV of N accounts (default 1,000,000), with peak memory.
// Figures are medians of R runs (default 5).

import Foundation
import ICPCore
import ICPCriteria
import ICPDemo
import ICPFiles
import ICPLimit
import ICPOutcomes

#if canImport(Glibc)
import Glibc
#endif

var endToEndAccounts = 1_000_000
var runs = 5
var skipEndToEnd = false
var summaryOnly = false
var planOnly = false
var inMemoryCount = 200_000
var resampling = false
var arguments = Array(CommandLine.arguments.dropFirst())
while let arg = arguments.first {
    arguments.removeFirst()
    switch arg {
    case "--accounts":
        endToEndAccounts = Int(arguments.first ?? "") ?? endToEndAccounts; arguments = Array(arguments.dropFirst())
    case "--runs": runs = max(1, Int(arguments.first ?? "") ?? runs); arguments = Array(arguments.dropFirst())
    case "--skip-end-to-end": skipEndToEnd = true
    case "--summary-only": summaryOnly = true  // for profiling the hot loop alone
    case "--plan-only": planOnly = true  // for profiling the plan over columns alone
    case "--in-memory":  // accounts in memory (default 200,000); fewer for callgrind
        inMemoryCount = max(1, Int(arguments.first ?? "") ?? inMemoryCount); arguments = Array(arguments.dropFirst())
    case "--phases":
        // Where the end-to-end time goes: parsing, reading accounts, scoring.
        let path = arguments.first ?? ""
        arguments = Array(arguments.dropFirst())
        let clock = ContinuousClock()
        var start = clock.now
        let reader = try CSVReader(path: path)
        var n = 0
        while let r = try reader.next() { n += r.fields.count }
        print("parse: \(clock.now - start) (\(n) fields)")
        start = clock.now
        let all = try CRMImport.allAccounts(path: path).accounts
        print("parse + accounts: \(clock.now - start)")
        let profile = try ProfileFile.load(path: "Examples/Profiles/security-software.json")
        let context = EvaluationContext(asOf: CalendarDay(2026, 11, 23))
        start = clock.now
        var total = 0.0
        for a in all {
            total +=
                profile.fit.summary(a, in: context).total + (profile.engagement?.summary(a, in: context).total ?? 0)
        }
        print("summaries (fit + engagement): \(clock.now - start) \(total)")
        start = clock.now
        for a in all { total += profile.score(a, in: context, detail: .pointsOnly).fit.total }
        print("profile scores, points only: \(clock.now - start)")
        exit(0)
    case "--resampling": resampling = true
    case "--table":
        // A file read once into a table (`CRMImport.table`), then scored on
        // two days, against `CRMImport.summarize` reading it per day.
        let path = arguments.first ?? ""
        arguments = Array(arguments.dropFirst())
        var profilePath = "Examples/Profiles/security-software.json"
        if let given = arguments.first, given.hasSuffix(".json") {
            profilePath = given
            arguments.removeFirst()
        }
        do {
            try tableBenchmark(path: path, profilePath: profilePath)
        } catch {
            FileHandle.standardError.write(Data("icp-benchmark: \(error)\n".utf8))
            exit(1)
        }
        exit(0)
    default:
        FileHandle.standardError.write(Data("icp-benchmark: unknown argument \(arg)\n".utf8))
        exit(2)
    }
}

if resampling {
    // A bootstrap resample of a million rows drawn row by row against a
    // group at a time, for groups of each size: where the two cross.
    let n = 1_000_000
    let resamples = 40
    print("bootstrap resamples of 1,000,000 rows, \(resamples) per figure, median of \(runs) runs")
    print("groups    rows: ms/resample  multinomial: ms/resample  rows per group")
    for groups in [16, 256, 4_096, 16_384, 65_536, 262_144] {
        var rng = SeededGenerator(seed: 7)
        let cells = (0..<n).map { _ in UInt32(rng.below(groups)) }
        func time(_ draws: Statistics.Draws) -> Double {
            median(
                (0..<runs).map { _ in
                    let start = ContinuousClock.now
                    let counts = Statistics.resampleCounts(
                        cells, cells: groups, resamples: resamples, seed: 1, draws: draws)
                    if counts.count != resamples { print("") }
                    return seconds(ContinuousClock.now - start) * 1000 / Double(resamples)
                })
        }
        let rows = time(.rows)
        let multinomial = time(.multinomial)
        print(
            "\(String(groups).padding(toLength: 8, withPad: " ", startingAt: 0))  "
                + "\(String(format: "%17.3f", rows))  \(String(format: "%24.3f", multinomial))  "
                + "\(String(format: "%14.1f", Double(n) / Double(groups)))")
    }
    exit(0)
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}

func peakMemoryMB(children: Bool) -> Double {
    var usage = rusage()
    getrusage(children ? RUSAGE_CHILDREN.rawValue : RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024  // kilobytes on Linux
}

let f = ValueFormat.count
print("ICP benchmark — \(ProcessInfo.processInfo.activeProcessorCount) cores, median of \(runs) runs")

// MARK: The 20-line rubric

let rubric = try Rubric<Account>("Benchmark: 20 lines", caps: ["business type": 2]) {
    Industry.oneOf("Security Software", "Cybersecurity", "Computer & Network Security").points(3)
    Employees.between(200...2_000).points(2)
    Employees.moreThan(5_000).points(-1)
    Revenue.between(10_000_000...500_000_000).points(2)
    Location.in(.northAmerica).points(1)
    Location.in(.emea).points(1)
    TechStack.usesAny("Salesforce", "HubSpot").points(1)
    TechStack.usesNone("CrowdStrike").points(1)
    TechStack.count(inCategory: "Security").atLeast(1).points(1)
    Founded.after(2000).points(1)
    Stage.oneOf("Series B", "Series C", "Series D").points(1)
    Attribute("business_type").oneOf("manufacturer").points(2).group("business type")
    Attribute("business_type").oneOf("distributor").points(1).group("business type")
    Employees.count.bands(.atLeast(1_000, points: 3), .atLeast(200, points: 1)).named("size band")
    Revenue.amount.bands(.atLeast(100_000_000, points: 2), .atLeast(10_000_000, points: 1)).named("revenue band")
    CompanyAge.atLeast(5).points(1)
    Funding.atLeast(10_000_000).points(1)
    Referrals.atLeast(1).points(1)
    NPS.promoter.points(1)
    Attribute("budget").atLeast(20_000).points(1)
    Attribute("do_not_contact").isTrue.disqualifies(because: "do not contact")
}
precondition(rubric.lines.count == 20)

// MARK: Accounts, from generated CSV

let folder = FileManager.default.temporaryDirectory.appendingPathComponent("icp-benchmark").path
let small = folder + "/in-memory"
_ = try CRMGenerator(count: inMemoryCount, seed: 11).write(to: small)
let accounts = try CRMImport.allAccounts(path: small + "/accounts.csv").accounts
let context = EvaluationContext(asOf: Demo.asOf)
print("accounts in memory: \(f.format(Double(accounts.count)))")

// MARK: Throughput

@MainActor func throughput(_ body: () -> Double) -> Double {
    var rates: [Double] = []
    var sink = 0.0
    for _ in 0..<runs {
        let clock = ContinuousClock()
        let start = clock.now
        sink += body()
        rates.append(Double(accounts.count) / seconds(clock.now - start))
    }
    if sink.isNaN { print("") }
    return median(rates)
}

extension Array where Element == ScoreSummary {
    /// The sum of the totals, what each run hands back so that nothing is
    /// optimised away. A plain (nonisolated) function: a closure written in
    /// this file is isolated to the main actor, and Swift checks that
    /// isolation on each call, which cost a fifth of the plan's measured time.
    nonisolated var totalPoints: Double {
        var sum = 0.0
        for summary in self { sum += summary.total }
        return sum
    }
}

// The 1-core loop runs through the library's bulk call: a loop here over
// the global array would copy each account (retaining every field) before
// each call, which measures the harness, not the scoring.
func sumOfScores(_ list: [Account], _ rubric: Rubric<Account>, _ context: EvaluationContext) -> Double {
    var sum = 0.0
    for i in list.indices { sum += rubric.score(list[i], in: context, detail: .pointsOnly).total }
    return sum
}
if planOnly, let plan = ScoringPlan(rubric) {
    let table = AccountTable(accounts, reading: plan.operands)
    let bound = plan.bind(table)
    let rate = throughput { bound.summaries(in: context, threads: 1).totalPoints }
    print("in memory, 20-line rubric, plan over columns: \(f.format(rate.rounded())) accounts/s on 1 core")
    exit(0)
}
let oneCore = throughput { rubric.summarizeAll(accounts, in: context, threads: 1).totalPoints }
if summaryOnly {
    print("in memory, 20-line rubric, summary:       \(f.format(oneCore.rounded())) accounts/s on 1 core")
    exit(0)
}
let allCores = throughput { rubric.summarizeAll(accounts, in: context).totalPoints }
let pointsOnly = throughput { sumOfScores(accounts, rubric, context) }
print("in memory, 20-line rubric, summary:       \(f.format(oneCore.rounded())) accounts/s on 1 core")
print("in memory, 20-line rubric, summary:       \(f.format(allCores.rounded())) accounts/s on all cores")
print("in memory, 20-line rubric, points-only Score: \(f.format(pointsOnly.rounded())) accounts/s on 1 core")

// MARK: The plan over columns, and the limit

guard let plan = ScoringPlan(rubric) else { fatalError("the benchmark rubric compiles") }
let tableClock = ContinuousClock()
let tableStart = tableClock.now
let table = AccountTable(accounts, reading: plan.operands)
let tableSeconds = seconds(tableClock.now - tableStart)
let planFirst = throughput { plan.summaries(of: table, in: context, threads: 1).totalPoints }
let bound = plan.bind(table)
let planOne = throughput { bound.summaries(in: context, threads: 1).totalPoints }
let planAll = throughput { bound.summaries(in: context).totalPoints }
print(
    "in memory, 20-line rubric, plan over columns: \(f.format(planOne.rounded())) accounts/s on 1 core, \(f.format(planAll.rounded())) on all cores, bound to the table once; \(f.format(planFirst.rounded())) on 1 core binding each time (table built in \(ValueFormat.decimal(tableSeconds, grouped: false, maxFractionDigits: 2)) s)"
)
let limit = limitThroughput(plan: plan, table: table)
print(
    "in memory, 20-line rubric, the limit (a C loop over the same columns): \(f.format(limit.rounded())) accounts/s on 1 core; the plan reaches \(ValueFormat.percent.format(planOne / limit)) of it"
)

// MARK: Latency with the breakdown

var latencies: [Double] = []
latencies.reserveCapacity(20_000)
let clock = ContinuousClock()
for a in accounts.prefix(20_000) {
    let start = clock.now
    let s = rubric.score(a, in: context, detail: .explained)
    latencies.append(seconds(clock.now - start))
    if s.total.isNaN { print("") }
}
latencies.sort()
let p50 = latencies[latencies.count / 2] * 1e6
let p99 = latencies[latencies.count * 99 / 100] * 1e6
print(
    "latency with breakdown: p50 \(ValueFormat.decimal(p50, grouped: false)) µs, p99 \(ValueFormat.decimal(p99, grouped: false)) µs"
)
print(
    "peak memory (this process): \(ValueFormat.decimal(peakMemoryMB(children: false), grouped: true, maxFractionDigits: 0)) MB"
)

// MARK: End to end

if !skipEndToEnd {
    let big = folder + "/end-to-end-\(endToEndAccounts)"
    let accountsPath = big + "/accounts.csv"
    if !FileManager.default.fileExists(atPath: accountsPath) {
        _ = try CRMGenerator(count: endToEndAccounts, seed: 7).write(to: big)
    }
    let size = Double((try FileManager.default.attributesOfItem(atPath: accountsPath)[.size] as? Int) ?? 0)
    let icp = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("icp")
    let profile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Examples/Profiles/security-software.json").path
    var walls: [Double] = []
    for _ in 0..<runs {
        let p = Process()
        p.executableURL = icp
        p.arguments = ["score", "--profile", profile, "--as-of", "2026-11-23", "--format", "csv", accountsPath]
        _ = FileManager.default.createFile(atPath: big + "/ranked.csv", contents: nil)
        p.standardOutput = FileHandle(forWritingAtPath: big + "/ranked.csv")
        p.standardError = FileHandle.nullDevice
        let start = clock.now
        try p.run()
        p.waitUntilExit()
        walls.append(seconds(clock.now - start))
        if p.terminationStatus != 0 { print("icp score exited with \(p.terminationStatus)") }
    }
    let wall = median(walls)
    print(
        "end to end: icp score of \(f.format(Double(endToEndAccounts))) accounts (\(ValueFormat.decimal(size / 1e6, grouped: true, maxFractionDigits: 1)) MB CSV) to ranked CSV: \(ValueFormat.decimal(wall, grouped: false, maxFractionDigits: 2)) s, \(ValueFormat.decimal(size / 1e6 / wall, grouped: true, maxFractionDigits: 0)) MB/s (runs: \(walls.map { ValueFormat.decimal($0, grouped: false, maxFractionDigits: 2) }.joined(separator: ", ")))"
    )
    print(
        "peak memory (icp score): \(ValueFormat.decimal(peakMemoryMB(children: true), grouped: true, maxFractionDigits: 0)) MB"
    )
}

// MARK: The limit

/// The C loop over the plan's own columns, checked against the plan's
/// totals and tiers, then timed on one core.
@MainActor func limitThroughput(plan: ScoringPlan, table: AccountTable) -> Double {
    let lines = rubric.lines.map { line -> Condition? in
        if case .criterion(let c, _) = line.scoring { return c.condition }
        return nil
    }
    func gather(_ condition: Condition?, over operand: Operand) -> (codes: [Int32], table: [Double]) {
        guard let condition, let column = table.codes(of: operand) else { fatalError("no column for \(operand)") }
        return (column.codes, column.representatives.map { condition.degree(of: $0, in: context) ?? .nan })
    }
    /// The three parts of a location condition: country in the regions,
    /// country with states in them, state in them.
    func location(_ condition: Condition?) -> [(codes: [Int32], table: [Double])] {
        guard case .any(let parts)? = condition, case .all(let inner) = parts[1] else { fatalError("location") }
        return [
            gather(parts[0], over: .field(.country)), gather(inner[0], over: .field(.country)),
            gather(inner[1], over: .field(.state)),
        ]
    }
    let na = location(lines[4])
    let emea = location(lines[5])
    let dnc = rubric.disqualifiers[0].criterion.condition
    let keep: [(codes: [Int32], table: [Double])] = [
        gather(lines[0], over: .field(.industry)), na[0], emea[0], na[1], emea[1], na[2], emea[2],
        gather(lines[6], over: .field(.technologies)), gather(lines[7], over: .field(.technologies)),
        gather(lines[8], over: .field(.technologies)), gather(lines[10], over: .field(.stage)),
        gather(lines[11], over: .attribute(NameKey("business_type"))),
        gather(lines[12], over: .attribute(NameKey("business_type"))),
        gather(lines[19], over: .attribute(NameKey("budget"))),
        gather(dnc, over: .attribute(NameKey("do_not_contact"))),
    ]
    func numbers(_ f: AccountField) -> [Double] { table.numbers(of: .field(f)) ?? [] }
    let columns = [
        numbers(.employees), numbers(.revenue), numbers(.founded), numbers(.funding), numbers(.referrals),
        numbers(.nps),
    ]
    var totals = [Double](repeating: 0, count: accounts.count)
    var tiers = [Int32](repeating: 0, count: accounts.count)
    // The columns copied to memory that stays put while C reads it, freed below.
    func pinned<T>(_ values: [T]) -> UnsafeMutablePointer<T> {
        let p = UnsafeMutablePointer<T>.allocate(capacity: max(1, values.count))
        _ = UnsafeMutableBufferPointer(start: p, count: values.count).initialize(from: values)
        return p
    }
    let gathers = keep.map {
        (codes: pinned($0.codes), table: pinned($0.table), counts: ($0.codes.count, $0.table.count))
    }
    let numbers = columns.map { pinned($0) }
    defer {
        for g in gathers {
            g.codes.deinitialize(count: g.counts.0).deallocate()
            g.table.deinitialize(count: g.counts.1).deallocate()
        }
        for (k, n) in numbers.enumerated() { n.deinitialize(count: columns[k].count).deallocate() }
    }
    var c = icp_columns()
    func g(_ k: Int) -> icp_gather {
        icp_gather(codes: UnsafePointer(gathers[k].codes), table: UnsafePointer(gathers[k].table))
    }
    let read = numbers.map { UnsafePointer($0) }
    (c.employees, c.revenue, c.founded) = (read[0], read[1], read[2])
    (c.funding, c.referrals, c.nps) = (read[3], read[4], read[5])
    (c.industry, c.country_na, c.country_emea, c.country_sub_na, c.country_sub_emea) = (g(0), g(1), g(2), g(3), g(4))
    (c.state_na, c.state_emea, c.crm, c.crowdstrike, c.security_count) = (g(5), g(6), g(7), g(8), g(9))
    (c.stage, c.manufacturer, c.distributor, c.budget, c.do_not_contact) = (g(10), g(11), g(12), g(13), g(14))
    c.year = Double(context.asOfDay.year)
    func run() { icp_limit_score(&c, 0, accounts.count, &totals, &tiers) }
    run()
    let expected = plan.summaries(of: table, in: context)
    let differ = zip(expected, zip(totals, tiers)).filter { $0.0.total != $0.1.0 || $0.0.tierRank != Int($0.1.1) }.count
    if differ > 0 { print("the limit loop differs from the plan on \(differ) accounts") }
    return throughput {
        run()
        return totals[0]
    }
}

/// `--table`: reading a file into an `AccountTable` and scoring it on two
/// days, against summarising the file once per day; medians of ``runs``.
@MainActor func tableBenchmark(path: String, profilePath: String) throws {
    let profile = try ProfileFile.load(path: profilePath)
    guard let plan = ScoringPlan(profile.fit) else { return }
    let days = [CalendarDay(2026, 11, 23), CalendarDay(2026, 8, 23)].map { EvaluationContext(asOf: $0) }
    var reads: [Double] = []
    var scores: [Double] = []
    var summaries: [Double] = []
    var check = (0.0, 0.0)
    for _ in 0..<runs {
        var start = ContinuousClock.now
        let read = try CRMImport.table(path: path, reading: plan.operands)
        reads.append(seconds(ContinuousClock.now - start))
        start = ContinuousClock.now
        let bound = plan.bind(read.table)
        check.0 = days.map { bound.summaries(in: $0).reduce(0) { $0 + $1.total } }.reduce(0, +)
        scores.append(seconds(ContinuousClock.now - start))
        start = ContinuousClock.now
        check.1 = 0
        let fitOnly = Profile(name: profile.name, fit: profile.fit)
        for day in days {
            _ = try CRMImport.summarize(path: path, profile: fitOnly, context: day) { check.1 += $0.fit.total }
        }
        summaries.append(seconds(ContinuousClock.now - start))
    }
    let table = reads.map { String(format: "%.2f", $0) }.joined(separator: ", ")
    print("CRMImport.table: \(table) s (median \(String(format: "%.2f", median(reads))))")
    print("bind + summaries on 2 days: median \(String(format: "%.2f", median(scores))) s")
    print("CRMImport.summarize on 2 days: median \(String(format: "%.2f", median(summaries))) s")
    print("totals agree: \(check.0 == check.1) (\(check.0))")
    let perRow = median(
        (0..<runs).map { _ in
            let start = ContinuousClock.now
            _ = try? CRMImport.table(path: path, reading: plan.operands + [.field(.name)])
            return seconds(ContinuousClock.now - start)
        })
    print("CRMImport.table with the name (an account kept per row): median \(String(format: "%.2f", perRow)) s")
    let read = try CRMImport.table(path: path, reading: plan.operands)
    print("\(read.report)")
    for note in read.report.notes { print("  note: \(note)") }
    for rejected in read.report.rejected.prefix(3) { print("  rejected: \(rejected)") }
    print("peak memory: \(String(format: "%.0f", peakMemoryMB(children: false))) MB")
}
