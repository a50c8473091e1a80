import TradingGridBridge

/// `tgbridge config validate FILE`: loads a bridge configuration and prints every problem as
/// `<json path>: <reason>`, then a summary; exit status 0 when valid, 1 when not.
enum ConfigCommand {
    static func run(_ arguments: Arguments, out: inout some TextOutputStream, err: inout some TextOutputStream) -> Int32 {
        var arguments = arguments
        guard arguments.next() == "validate" else {
            print("tgbridge: unknown or missing config subcommand (expected: config validate FILE)", to: &err)
            return ExitStatus.usage
        }
        guard let path = arguments.next(), arguments.remaining.isEmpty else {
            print("tgbridge: config validate needs exactly one FILE", to: &err)
            return ExitStatus.usage
        }
        let bytes: [UInt8]
        do {
            bytes = try readWholeFile(path)
        } catch {
            print("tgbridge: \(error)", to: &err)
            return ExitStatus.usage
        }
        do {
            let configuration = try BridgeConfiguration.load(bytes)
            print(
                "valid: \(configuration.teams.count) teams, \(configuration.routing.count) routing rules, "
                    + "\(configuration.sla.policies.count) SLA policies, \(configuration.calendars.count) calendars, "
                    + "\(configuration.partners.count) partners, \(configuration.templates.locales.count) template locales",
                to: &out)
            return ExitStatus.success
        } catch {
            for problem in error.problems { print(problem, to: &out) }
            print("\(error.problems.count) problem\(error.problems.count == 1 ? "" : "s")", to: &out)
            return ExitStatus.invalidInput
        }
    }
}

/// Reads a whole file (configuration and event files are small; event streams use
/// ``FileDescriptorSource`` directly).
func readWholeFile(_ path: String, limit: Int = 64 << 20) throws(ReadError) -> [UInt8] {
    var source = try FileDescriptorSource.open(path: path)
    defer { source.close() }
    var bytes: [UInt8] = []
    while true {
        let chunk = try source.read(maximum: 1 << 16)
        if chunk.isEmpty { return bytes }
        bytes += chunk
        if bytes.count > limit { throw ReadError(description: "\(path) is larger than \(limit) bytes") }
    }
}
