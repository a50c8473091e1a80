import TradingGridBridge

/// Exit statuses of `tgbridge`.
enum ExitStatus {
    /// Everything checked out.
    static let success: Int32 = 0
    /// The command ran and found problems in its input (invalid events, an invalid config).
    static let invalidInput: Int32 = 1
    /// The command line was wrong or a file could not be read.
    static let usage: Int32 = 2
}

/// Dispatches `tgbridge` command lines. Separate from `main` so tests run commands with their
/// own input and output.
struct CommandRunner {
    static let usage = """
        usage: tgbridge <command> [options]

        commands:
          events validate FILE.jsonl [--verbose]   check community events, one per line ('-' reads stdin)
          config validate FILE                     check a bridge configuration, every problem with its JSON path
          map --config FILE --event FILE --tracker planner|clickup [--at ISO]
                                                   print every request creating the event's work, in order
          sla deadline --calendar FILE --start TIME --minutes N
                                                   print when N business minutes from TIME run out (UTC)
          sla elapsed --calendar FILE --start TIME --end TIME
                                                   print the business seconds between two instants
          sla batch                                answer JSON Lines {"calendar", "start", "minutes"|"end"}
                                                   from stdin, one {"deadline"|"elapsedSeconds"|"error"} line each
          demo [--config FILE] [--events FILE]     run the whole bridge offline on the examples (Planner and
                                                   ClickUp fakes, a manual clock) and narrate what it does
          help                                     show this text

        exit status: 0 all input valid, 1 invalid input found, 2 usage or I/O error
        """

    /// Runs one command line (without the program name) and returns the exit status.
    func run(
        _ arguments: [String], stdin: @autoclosure () -> any ByteSource = FileDescriptorSource.standardInput,
        out: inout some TextOutputStream, err: inout some TextOutputStream
    ) async -> Int32 {
        var args = Arguments(arguments)
        switch args.next() {
        case "events":
            switch args.next() {
            case "validate":
                return EventsValidateCommand.run(args, stdin: stdin(), out: &out, err: &err)
            default:
                return usageError("unknown or missing events subcommand", err: &err)
            }
        case "config":
            return ConfigCommand.run(args, out: &out, err: &err)
        case "map":
            return MapCommand.run(args, out: &out, err: &err)
        case "sla":
            return SLACommand.run(args, stdin: stdin(), out: &out, err: &err)
        case "demo":
            return await DemoCommand.run(args, out: &out, err: &err)
        case "help", "--help", "-h":
            print(Self.usage, to: &out)
            return ExitStatus.success
        case nil:
            print(Self.usage, to: &err)
            return ExitStatus.usage
        case let command?:
            return usageError("unknown command '\(Arguments.printable(command))'", err: &err)
        }
    }

    func usageError(_ message: String, err: inout some TextOutputStream) -> Int32 {
        print("tgbridge: \(message)\n\n\(Self.usage)", to: &err)
        return ExitStatus.usage
    }
}

/// A minimal argument reader: positional words and `--flag` / `--option value` pairs. A `--`
/// ends the options: every word after it is positional, even one starting with `--` (a file
/// named `--verbose`).
struct Arguments {
    /// The words before `--`: options and positional words mixed.
    private var words: [String]
    /// The words after `--`: positional only.
    private var trailing: [String]

    init(_ words: [String]) {
        if let end = words.firstIndex(of: "--") {
            self.words = Array(words[..<end])
            self.trailing = Array(words[(end + 1)...])
        } else {
            self.words = words
            self.trailing = []
        }
    }

    /// Removes and returns the next positional word (not starting with `--`, or after `--`).
    mutating func next() -> String? {
        if let index = words.firstIndex(where: { !$0.hasPrefix("--") }) { return words.remove(at: index) }
        return trailing.isEmpty ? nil : trailing.removeFirst()
    }

    /// Removes `--name` and reports whether it was present.
    mutating func flag(_ name: String) -> Bool {
        guard let index = words.firstIndex(of: "--\(name)") else { return false }
        words.remove(at: index)
        return true
    }

    /// Removes `--name VALUE` (or `--name=VALUE`) and returns the value.
    mutating func option(_ name: String) throws(UsageError) -> String? {
        if let index = words.firstIndex(where: { $0.hasPrefix("--\(name)=") }) {
            let word = words.remove(at: index)
            return String(word.dropFirst(name.count + 3))
        }
        guard let index = words.firstIndex(of: "--\(name)") else { return nil }
        guard index + 1 < words.count else { throw UsageError(message: "--\(name) needs a value") }
        let value = words[index + 1]
        words.removeSubrange(index...index + 1)
        return value
    }

    /// Words not consumed yet.
    var remaining: [String] { words + trailing }

    /// A word made safe to echo in an error message: at most 60 characters, with control,
    /// bidirectional, invisible and line-separator characters escaped (the library's log-safe
    /// quoting, so a hostile file name cannot rewrite the terminal).
    static func printable(_ word: String) -> String {
        TextSanitizer.quotedFragment(word, limit: 60)
    }
}

/// A command-line mistake, reported with the usage text.
struct UsageError: Error {
    var message: String
}
