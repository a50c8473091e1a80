import Foundation
@testable import tgbridge

/// The repository root, found from this file's location.
let repositoryRoot: URL = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url
}()

/// What one `tgbridge` run printed and returned.
struct CommandResult {
    var status: Int32
    var out: String
    var err: String
    var outLines: [String] { out.split(separator: "\n").map(String.init) }
}

/// Runs a command line with the given standard input (in chunks of `chunkSize` bytes).
func runTool(_ arguments: [String], stdin: String = "", chunkSize: Int = 1 << 16) async -> CommandResult {
    var out = ""
    var err = ""
    let status = await CommandRunner().run(arguments, stdin: MemorySource(stdin, chunkSize: chunkSize), out: &out, err: &err)
    return CommandResult(status: status, out: out, err: err)
}
