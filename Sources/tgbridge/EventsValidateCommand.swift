import TradingGridBridge

/// `tgbridge events validate FILE.jsonl [--verbose]`: checks every line of a JSON Lines file of
/// community events.
///
/// Prints each bad line as `line N: <json path>: <reason>`, then `N valid, M invalid`. Blank
/// lines are skipped and not counted. The file is read in 64 KiB chunks and each line is
/// decoded and dropped, so memory stays constant however large the file is (a line longer than
/// ``InputLimits/maxDocumentBytes`` is reported, not buffered).
enum EventsValidateCommand {
    static let chunkSize = 1 << 16

    static func run(
        _ arguments: Arguments, stdin: @autoclosure () -> any ByteSource,
        out: inout some TextOutputStream, err: inout some TextOutputStream
    ) -> Int32 {
        var arguments = arguments
        let verbose = arguments.flag("verbose")
        guard let path = arguments.next() else {
            print("tgbridge: events validate needs a FILE (or - for standard input)", to: &err)
            return ExitStatus.usage
        }
        if !arguments.remaining.isEmpty {
            print("tgbridge: unexpected arguments: \(arguments.remaining.map(Arguments.printable).joined(separator: " "))", to: &err)
            return ExitStatus.usage
        }
        var source: any ByteSource
        if path == "-" {
            source = stdin()
        } else {
            do {
                source = try FileDescriptorSource.open(path: path)
            } catch {
                print("tgbridge: \(error)", to: &err)
                return ExitStatus.usage
            }
        }
        defer { (source as? FileDescriptorSource)?.close() }
        do {
            let tally = try validate(source: &source, verbose: verbose, out: &out)
            print("\(tally.valid) valid, \(tally.invalid) invalid", to: &out)
            return tally.invalid == 0 ? ExitStatus.success : ExitStatus.invalidInput
        } catch {
            print("tgbridge: \(error)", to: &err)
            return ExitStatus.usage
        }
    }

    struct Tally: Equatable {
        var valid = 0
        var invalid = 0
    }

    /// Streams `source` through the splitter and the decoder.
    static func validate(
        source: inout any ByteSource, limits: InputLimits = .default, verbose: Bool,
        out: inout some TextOutputStream
    ) throws(ReadError) -> Tally {
        let decoder = CommunityEventDecoder(limits: limits)
        var splitter = JSONLinesSplitter(maxLineBytes: limits.maxDocumentBytes)
        var tally = Tally()
        func check(_ line: JSONLinesSplitter.Line) {
            switch line {
            case .oversized(let number, let size):
                tally.invalid += 1
                let error = InputError(path: .root, reason: .inputTooLarge(limit: limits.maxDocumentBytes, size: size))
                print("line \(number): \(error)", to: &out)
            case .complete(let number, let bytes):
                if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return }
                do throws(InputError) {
                    let event = try decoder.decode(bytes)
                    tally.valid += 1
                    if verbose {
                        var summary = "line \(number): ok \(event.type) \(event.id) partner \(event.partner.id)"
                        if let caseId = event.caseId { summary += " case \(caseId)" }
                        print(summary, to: &out)
                    }
                } catch {
                    tally.invalid += 1
                    print("line \(number): \(error)", to: &out)
                }
            }
        }
        while true {
            let chunk = try source.read(maximum: chunkSize)
            if chunk.isEmpty { break }
            splitter.feed(chunk, check)
        }
        splitter.finish(check)
        return tally
    }
}
