#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TradingGridBridge

/// `tgbridge map --config FILE --event FILE --tracker planner|clickup [--at ISO]`: prints every
/// HTTP request, in order, that creating the work for one event takes, exactly as the connectors
/// send it, as `{"requests": [{"method", "url", "headers", "body"}, …]}` (the credential shown as
/// `<redacted>`, run-time values as `{taskId}`-style placeholders).
///
/// `--at` previews the SLA as if the clock started at that instant instead of the event's
/// `occurredAt` (for example: "if this case arrived on Friday at 16:55, when is it due?").
enum MapCommand {
    static func run(_ arguments: Arguments, out: inout some TextOutputStream, err: inout some TextOutputStream) -> Int32 {
        var arguments = arguments
        let configPath: String?
        let eventPath: String?
        let trackerName: String?
        let at: String?
        do {
            configPath = try arguments.option("config")
            eventPath = try arguments.option("event")
            trackerName = try arguments.option("tracker")
            at = try arguments.option("at")
        } catch {
            print("tgbridge: \(error.message)", to: &err)
            return ExitStatus.usage
        }
        guard let configPath, let eventPath, let trackerName, arguments.remaining.isEmpty else {
            print("tgbridge: map needs --config FILE --event FILE --tracker planner|clickup [--at ISO]", to: &err)
            return ExitStatus.usage
        }
        guard let tracker = Tracker(rawValue: trackerName) else {
            print("tgbridge: --tracker must be planner or clickup", to: &err)
            return ExitStatus.usage
        }
        var slaStart: Date?
        if let at {
            do throws(RFC3339.ParseError) {
                slaStart = try RFC3339.parse(at)
            } catch {
                print("tgbridge: --at: \(error.detail)", to: &err)
                return ExitStatus.usage
            }
        }
        let configBytes: [UInt8]
        let eventBytes: [UInt8]
        do {
            configBytes = try readWholeFile(configPath)
            eventBytes = try readWholeFile(eventPath)
        } catch {
            print("tgbridge: \(error)", to: &err)
            return ExitStatus.usage
        }
        guard let configuration = loadConfiguration(configBytes, path: configPath, err: &err) else {
            return ExitStatus.invalidInput
        }
        let event: CommunityEvent
        do {
            event = try CommunityEventDecoder().decode(trimmingTrailingWhitespace(eventBytes))
        } catch {
            print("tgbridge: \(eventPath): \(error)", to: &err)
            return ExitStatus.invalidInput
        }
        do {
            let requests = try MappingPreview(configuration: configuration).requests(for: event, tracker: tracker, slaStart: slaStart)
            print(try StableJSON.string(MappingPreview.json(requests), pretty: true), to: &out)
            return ExitStatus.success
        } catch let error as PreviewError {
            print("tgbridge: \(error)", to: &err)
            return ExitStatus.invalidInput
        } catch {
            print("tgbridge: cannot encode the requests", to: &err)
            return ExitStatus.invalidInput
        }
    }

    static func trimmingTrailingWhitespace(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
        var end = bytes.endIndex
        while end > bytes.startIndex, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[end - 1]) { end -= 1 }
        return bytes[..<end]
    }
}
