import Foundation
import ICPDemo

func fail(_ message: String, code: Int32) -> Never {
    FileHandle.standardError.write(Data("icp: \(message)\n".utf8))
    exit(code)
}

// `icp` with no arguments runs the demo; the full command (score, lint,
// explain, generate) comes with profile files and CSV input.
let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case nil, "demo":
    do {
        print(try Demo.run(), terminator: "")
    } catch {
        fail("the example profile could not be built: \(error)", code: 1)
    }
case "help", "-h", "--help":
    print(
        """
        usage: icp [demo]

          demo    score the bundled example accounts against the example
                  security-software profile and print them ranked (default)
          help    show this help
        """)
default:
    fail("unknown command '\(arguments[0])'; run 'icp help'", code: 2)
}
