#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TradingGridBridge

/// `tgbridge sla deadline|elapsed|batch`: business-time arithmetic over a calendar file (the
/// format of `Documentation/BusinessCalendars.md`).
///
/// - `sla deadline --calendar FILE --start TIME --minutes N` prints the deadline in UTC,
///   `YYYY-MM-DDTHH:MM:SSZ` (fractions of a second dropped).
/// - `sla elapsed --calendar FILE --start TIME --end TIME` prints the business time between the
///   two instants in whole seconds (rounded down).
/// - `sla batch` reads JSON Lines from standard input, each `{"calendar": {…}, "start": "…",
///   "minutes": N}` (or `"end": "…"` instead of `"minutes"`), and writes one line per input line,
///   in order: `{"deadline": "…"}`, `{"elapsedSeconds": N}` or `{"error": "…"}`. Input streams in
///   constant memory; parsed calendars are cached, so a calendar repeated on many lines is
///   validated once.
///
/// Exit status: 0 when every answer was computed, 1 when a calendar or an input line was
/// invalid, 2 for a wrong command line or an unreadable file.
enum SLACommand {
    static let chunkSize = 1 << 16

    static func run(
        _ arguments: Arguments, stdin: @autoclosure () -> any ByteSource,
        out: inout some TextOutputStream, err: inout some TextOutputStream
    ) -> Int32 {
        var arguments = arguments
        let subcommand = arguments.next()
        do throws(UsageError) {
            switch subcommand {
            case "deadline", "elapsed":
                return try single(subcommand == "deadline", arguments, stdin: stdin(), out: &out, err: &err)
            case "batch":
                try expectNoMore(arguments)
                var source = stdin()
                return try batch(source: &source, out: &out, err: &err)
            default:
                throw UsageError(message: "unknown or missing sla subcommand (deadline, elapsed, batch)")
            }
        } catch {
            print("tgbridge: \(error.message)", to: &err)
            return ExitStatus.usage
        }
    }

    /// What to compute from a start instant.
    enum Question {
        /// The deadline after this many business minutes.
        case deadline(minutes: Int)
        /// The business time until this instant.
        case elapsed(end: Date)
    }

    /// One answer, as `sla batch` writes it (and `deadline` / `elapsed` print its value).
    struct Answer: Encodable, Equatable {
        var deadline: String?
        var elapsedSeconds: Int64?
        var error: String?
    }

    /// Answers a question: the deadline in whole UTC seconds, or the elapsed business time in
    /// whole seconds (both rounded down).
    static func answer(_ question: Question, calendar: BusinessCalendar, start: Date) -> Answer {
        switch question {
        case .deadline(let minutes):
            let due = calendar.deadline(start: start, minutes: minutes)
            guard due < .distantFuture else {
                return Answer(error: "$.minutes: out of range: the deadline lies beyond \(RFC3339.string(from: .distantFuture))")
            }
            return Answer(deadline: RFC3339.wholeSecondString(from: due))
        case .elapsed(let end):
            return Answer(elapsedSeconds: calendar.elapsed(from: start, to: end).components.seconds)
        }
    }

    // MARK: deadline and elapsed

    /// `sla deadline --calendar FILE --start TIME --minutes N` or
    /// `sla elapsed --calendar FILE --start TIME --end TIME`.
    static func single(
        _ isDeadline: Bool, _ arguments: Arguments, stdin: @autoclosure () -> any ByteSource,
        out: inout some TextOutputStream, err: inout some TextOutputStream
    ) throws(UsageError) -> Int32 {
        var arguments = arguments
        let path = try required("calendar", in: &arguments)
        let start = try instantOption("start", in: &arguments)
        let question: Question
        if isDeadline {
            guard let minutes = Int(try required("minutes", in: &arguments)), minutes >= 0 else {
                throw UsageError(message: "--minutes needs a whole number of minutes, 0 or more")
            }
            question = .deadline(minutes: minutes)
        } else {
            question = .elapsed(end: try instantOption("end", in: &arguments))
        }
        try expectNoMore(arguments)
        guard let calendar = try loadCalendar(path, stdin: stdin(), err: &err) else { return ExitStatus.invalidInput }
        let result = answer(question, calendar: calendar, start: start)
        if let deadline = result.deadline {
            print(deadline, to: &out)
        } else if let seconds = result.elapsedSeconds {
            print(seconds, to: &out)
        } else {
            print("tgbridge: \(result.error ?? "no answer")", to: &err)
            return ExitStatus.invalidInput
        }
        return ExitStatus.success
    }

    static func required(_ name: String, in arguments: inout Arguments) throws(UsageError) -> String {
        guard let value = try arguments.option(name) else { throw UsageError(message: "missing --\(name)") }
        return value
    }

    static func instantOption(_ name: String, in arguments: inout Arguments) throws(UsageError) -> Date {
        let text = try required(name, in: &arguments)
        do throws(RFC3339.ParseError) {
            return try RFC3339.parse(text)
        } catch {
            throw UsageError(message: "--\(name) \"\(Arguments.printable(text))\": \(error.detail)")
        }
    }

    static func expectNoMore(_ arguments: Arguments) throws(UsageError) {
        guard arguments.remaining.isEmpty else {
            throw UsageError(
                message: "unexpected arguments: \(arguments.remaining.map(Arguments.printable).joined(separator: " "))")
        }
    }

    /// Reads and validates a calendar file (`-` for standard input); prints every problem and
    /// returns `nil` when it is invalid.
    static func loadCalendar(
        _ path: String, stdin: @autoclosure () -> any ByteSource, err: inout some TextOutputStream
    ) throws(UsageError) -> BusinessCalendar? {
        let limit = InputLimits.default.maxDocumentBytes
        var bytes: [UInt8] = []
        do throws(ReadError) {
            var source: any ByteSource = path == "-" ? stdin() : try FileDescriptorSource.open(path: path)
            defer { (source as? FileDescriptorSource)?.close() }
            while bytes.count <= limit {
                let chunk = try source.read(maximum: chunkSize)
                if chunk.isEmpty { break }
                bytes += chunk
            }
        } catch {
            throw UsageError(message: error.description)
        }
        do {
            return try BusinessCalendar(json: bytes)
        } catch {
            print("tgbridge: invalid calendar \(Arguments.printable(path)):", to: &err)
            for problem in error.problems { print("  \(problem)", to: &err) }
            if error.omittedCount > 0 { print("  … and \(error.omittedCount) more problems", to: &err) }
            return nil
        }
    }

    // MARK: batch

    /// Streams JSON Lines from `source`, answering each line on `out`.
    static func batch(
        source: inout any ByteSource, limits: InputLimits = .default,
        out: inout some TextOutputStream, err: inout some TextOutputStream
    ) throws(UsageError) -> Int32 {
        var splitter = JSONLinesSplitter(maxLineBytes: limits.maxDocumentBytes)
        var cache = CalendarCache()
        var failures = 0
        let encoder = StableJSON.encoder()
        func respond(_ line: JSONLinesSplitter.Line) {
            var result: Answer
            switch line {
            case .oversized(_, let size):
                let problem = InputError(path: .root, reason: .inputTooLarge(limit: limits.maxDocumentBytes, size: size))
                result = Answer(error: problem.description)
            case .complete(_, let bytes) where bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }):
                // Answered anyway, so answer lines stay aligned with input lines.
                result = Answer(error: InputError(path: .root, reason: .empty).description)
            case .complete(_, let bytes):
                result = answer(bytes, limits: limits, cache: &cache)
            }
            if result.error != nil { failures += 1 }
            let text = (try? encoder.encode(result)).map { String(decoding: $0, as: UTF8.self) }
            print(text ?? #"{"error":"unencodable answer"}"#, to: &out)
        }
        do throws(ReadError) {
            while true {
                let chunk = try source.read(maximum: chunkSize)
                if chunk.isEmpty { break }
                splitter.feed(chunk, respond)
            }
        } catch {
            throw UsageError(message: error.description)
        }
        splitter.finish(respond)
        return failures == 0 ? ExitStatus.success : ExitStatus.invalidInput
    }

    static let batchKeys = ["calendar", "start", "minutes", "end"]

    /// The calendars `sla batch` has validated, keyed by their JSON, so a calendar repeated on
    /// many lines is validated once.
    ///
    /// Bounded two ways, so memory stays bounded whatever the input: at most `capacity`
    /// calendars, and at most `byteBudget` bytes of the lines they came from (each kept
    /// calendar, valid or not, holds its parsed JSON). The cache is emptied when either would
    /// be exceeded, and a calendar from a line larger than the whole budget is not kept.
    struct CalendarCache {
        /// The most calendars kept.
        let capacity: Int
        /// The most line bytes behind the kept calendars.
        let byteBudget: Int
        private var entries: [JSONValue: Result<BusinessCalendar, CalendarValidationError>] = [:]
        /// The line bytes behind the kept calendars.
        private(set) var byteCount = 0
        /// How many calendars were validated (not found in the cache).
        private(set) var validations = 0

        init(capacity: Int = 256, byteBudget: Int = 32 << 20) {
            self.capacity = capacity
            self.byteBudget = byteBudget
        }

        /// How many calendars are kept.
        var count: Int { entries.count }

        /// The calendar written as `value` on a line of `lineBytes` bytes, validated or cached.
        mutating func calendar(_ value: JSONValue, lineBytes: Int) -> Result<BusinessCalendar, CalendarValidationError> {
            if let cached = entries[value] { return cached }
            validations += 1
            let result = Result { () throws(CalendarValidationError) in
                try BusinessCalendar(jsonValue: value, at: JSONPath.root.appending(key: "calendar"))
            }
            guard lineBytes <= byteBudget else { return result }
            if entries.count >= capacity || byteCount + lineBytes > byteBudget {
                entries.removeAll(keepingCapacity: true)
                byteCount = 0
            }
            entries[value] = result
            byteCount += lineBytes
            return result
        }
    }

    /// Answers one JSON Lines line; every problem of the line is reported, separated by "; ".
    static func answer(_ bytes: [UInt8], limits: InputLimits, cache: inout CalendarCache) -> Answer {
        let value: JSONValue
        do {
            value = try StrictJSONParser(limits: limits).parse(bytes)
        } catch {
            return Answer(error: error.description)
        }
        guard case .object(let object) = value else {
            return Answer(error: InputError(path: .root, reason: .wrongType(expected: "object", found: value.typeName)).description)
        }
        var problems: [String] = []
        func problem(_ key: String, _ reason: InputError.Reason) {
            problems.append(InputError(path: JSONPath.root.appending(key: key), reason: reason).description)
        }
        for key in object.keys where !batchKeys.contains(key) {
            problem(key, .unknownValue(key, allowed: batchKeys))
        }

        var calendar: BusinessCalendar?
        if let calendarValue = object["calendar"] {
            switch cache.calendar(calendarValue, lineBytes: bytes.count) {
            case .success(let valid): calendar = valid
            case .failure(let error):
                problems += error.problems.map(\.description)
                if error.omittedCount > 0 { problems.append("… and \(error.omittedCount) more problems") }
            }
        } else {
            problem("calendar", .missing)
        }

        let start = instant(object, "start", problem: problem)
        var question: Question?
        switch (object["minutes"], object["end"]) {
        case (nil, nil):
            problems.append(InputError(path: .root, reason: .missingOneOf(["minutes", "end"])).description)
        case (.some, .some):
            problem("end", .inconsistent("give either minutes or end, not both"))
        case (let value?, nil):
            if case .number(let text) = value, let number = Int(text) {
                if number >= 0 {
                    question = .deadline(minutes: number)
                } else {
                    problem("minutes", .outOfRange("\(number) is negative"))
                }
            } else if case .number(let text) = value {
                // Quote only the head of the literal: it can be megabytes long.
                let quoted = TextSanitizer.quotedFragment(text, limit: 40)
                let isWhole = !text.contains { $0 == "." || $0 == "e" || $0 == "E" }
                problem("minutes", .outOfRange(isWhole ? "\(quoted) is too large" : "\(quoted) is not a whole number of minutes"))
            } else {
                problem("minutes", .wrongType(expected: "integer", found: value.typeName))
            }
        case (nil, .some):
            question = instant(object, "end", problem: problem).map { .elapsed(end: $0) }
        }

        guard problems.isEmpty, let calendar, let start, let question else {
            return Answer(error: problems.joined(separator: "; "))
        }
        return answer(question, calendar: calendar, start: start)
    }

    static func instant(_ object: JSONObject, _ key: String, problem: (String, InputError.Reason) -> Void) -> Date? {
        guard let value = object[key] else {
            problem(key, .missing)
            return nil
        }
        guard case .string(let text) = value else {
            problem(key, .wrongType(expected: "string (RFC 3339 date-time)", found: value.typeName))
            return nil
        }
        do throws(RFC3339.ParseError) {
            return try RFC3339.parse(text)
        } catch {
            problem(key, .invalidDate(error.detail))
            return nil
        }
    }
}
