import Foundation
import ICPDemo
import ICPFiles

let usage = """
    usage: icp [demo]
           icp score --profile P.json [options] ACCOUNTS.csv
           icp explain --profile P.json --id ID ACCOUNTS.csv
           icp lint P.json [--sample ACCOUNTS.csv]
           icp generate --accounts N [--seed S] [--outcomes] [--shift F] --output DIR
           icp validate --profile P.json --outcome-column COL [options] DATA.csv
           icp learn --label COL [options] --output OUT.json DATA.csv
           icp discover --value COL:+|-,… [options] --output DRAFT.json CUSTOMERS.csv
           icp drift --profile P.json [options] REFERENCE.csv CURRENT.csv
           icp diff OLD.json NEW.json [--accounts A.csv]
           icp sql --profile P.json --dialect D [--table T] [--like A.csv] [--explain]
           icp report --profile P.json [--accounts A.csv] [--outcomes H.csv --label COL] --output R.html
           icp help | icp <command> --help

      demo       score the bundled example accounts against the example profile (default)
      score      score a CRM export against a profile and print it ranked
      explain    one account's full breakdown and the gap to the next tier
      lint       check a profile, on its own and against a sample of accounts
      generate   write synthetic CRM data (accounts, events, contacts; outcomes with --outcomes)
      validate   does the profile separate winners from the rest? (AUC, tiers, capture, lines)
      learn      learn rubric points from outcomes and write them as a profile
      discover   find the super users by value and what they share; draft a profile
      drift      is the profile still true? PSI per field and for the score
      diff       what changes between two versions of a profile, and which accounts move
      sql        the profile as one SQL query, to score where the data lives
      report     the one-page ICP and its evidence as an HTML page with charts
      help       show this help (icp --version prints the version)

    Exit codes: 0 success, 1 rejected rows or lint errors, 2 usage errors and input or
    output that cannot be read or written. Errors go to standard error.
    """

let demoUsage = """
    usage: icp [demo]

    Scores the bundled example accounts against the example profile
    (Examples/Profiles/security-software.json) and prints them ranked, with each
    account's fit, engagement, matrix cell and buying committee. Takes no options.
    """

let commands: [String: (usage: String, run: ([String]) throws -> Int32)] = [
    "score": (ScoreCommand.usage, ScoreCommand.run),
    "explain": (ExplainCommand.usage, ExplainCommand.run),
    "generate": (GenerateCommand.usage, GenerateCommand.run),
    "lint": (LintCommand.usage, LintCommand.run),
    "validate": (ValidateCommand.usage, ValidateCommand.run),
    "learn": (LearnCommand.usage, LearnCommand.run),
    "discover": (DiscoverCommand.usage, DiscoverCommand.run),
    "drift": (DriftCommand.usage, DriftCommand.run),
    "diff": (DiffCommand.usage, DiffCommand.run),
    "sql": (SQLCommand.usage, SQLCommand.run),
    "report": (ReportCommand.usage, ReportCommand.run),
]

/// The version `icp --version` prints.
let version = "0.15.0"

/// Runs the command line; returns the exit status.
@MainActor func main(_ arguments: [String]) -> Int32 {
    let name = arguments.first ?? "demo"
    let rest = Array(arguments.dropFirst())
    do {
        switch name {
        case "demo":
            if rest.contains("--help") || rest.contains("-h") {
                try Write.out(demoUsage + "\n")
                return 0
            }
            guard rest.isEmpty else {
                Write.err("icp demo: unexpected argument '\(rest[0])'\n\n\(demoUsage)\n")
                return 2
            }
            let text: String
            do { text = try Demo.run() } catch {
                Write.err("icp: the example profile could not be built: \(error)\n")
                return 1
            }
            try Write.out(text)
            return 0
        case "help", "-h", "--help":
            try Write.out(usage + "\n")
            return 0
        case "--version", "version":
            try Write.out("icp \(version)\n")
            return 0
        default:
            guard let command = commands[name] else {
                Write.err("icp: unknown command '\(name)'; run 'icp help'\n")
                return 2
            }
            if rest.contains("--help") || rest.contains("-h") {
                try Write.out(command.usage + "\n")
                return 0
            }
            do {
                return try command.run(rest)
            } catch let error as UsageError {
                Write.err("icp \(name): \(error)\n\n\(command.usage)\n")
                return 2
            } catch let error as WriteError {
                throw error
            } catch {
                // Files that cannot be opened, headers and profiles that cannot be read.
                Write.err("icp \(name): \(error)\n")
                return error is RowError ? 1 : 2
            }
        }
    } catch {
        Write.err("icp: \(error)\n")
        return 2
    }
}

exit(main(Array(CommandLine.arguments.dropFirst())))
