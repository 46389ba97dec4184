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
      help       show this help

    Exit codes: 0 success, 1 rejected rows or lint errors, 2 usage errors. Errors go to standard error.
    """

func write(_ text: String, to handle: FileHandle) { handle.write(Data(text.utf8)) }

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
]

let arguments = Array(CommandLine.arguments.dropFirst())
var status: Int32 = 0
switch arguments.first {
case nil, "demo":
    do {
        write(try Demo.run(), to: .standardOutput)
    } catch {
        write("icp: the example profile could not be built: \(error)\n", to: .standardError)
        status = 1
    }
case "help", "-h", "--help":
    write(usage + "\n", to: .standardOutput)
case let name?:
    guard let command = commands[name] else {
        write("icp: unknown command '\(name)'; run 'icp help'\n", to: .standardError)
        exit(2)
    }
    let rest = Array(arguments.dropFirst())
    if rest.contains("--help") || rest.contains("-h") {
        write(command.usage + "\n", to: .standardOutput)
    } else {
        do {
            status = try command.run(rest)
        } catch let error as UsageError {
            write("icp \(name): \(error)\n\n\(command.usage)\n", to: .standardError)
            status = 2
        } catch {
            // Files that cannot be opened, headers and profiles that cannot be read.
            write("icp \(name): \(error)\n", to: .standardError)
            status = error is RowError ? 1 : 2
        }
    }
}
exit(status)
