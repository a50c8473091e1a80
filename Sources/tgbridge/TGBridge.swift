#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The `tgbridge` entry point: runs one command and exits with its status.
@main
struct TGBridge {
    static func main() async {
        var out = StandardStream.output
        var err = StandardStream.error
        let status = await CommandRunner().run(Array(CommandLine.arguments.dropFirst()), out: &out, err: &err)
        out.flush()
        exit(status)
    }
}
