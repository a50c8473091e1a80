import BridgeModels
import BridgeConnectors
import Foundation
@testable import StoreCrashWriter
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Kills a child process writing to a FileStore with SIGKILL, again and again, and checks after
/// every kill that each write the child saw acknowledged is there with its value and version, and
/// that the store opens cleanly and takes more writes.
///
/// Half of the rounds the test kills the child after a seeded random number of acknowledgements
/// (anywhere in its loop); the other half the child kills itself at a FileStore crash point
/// (halfway through writing a frame, between append and sync, after the sync, and at each step
/// of a compaction), so every step of a compaction is interrupted at least once.
@Suite struct FileStoreCrashTests {
    /// What the parent knows a key holds: from acknowledged writes.
    struct Expected: Equatable {
        var n: UInt64
        var hash: String
        var version: UInt64
    }

    /// An operation the child announced but was killed before acknowledging: it may or may not
    /// have happened.
    struct InFlight {
        var isDelete: Bool
        var key: String
        var n: UInt64
        var hash: String?
    }

    @Test func acknowledgedWritesSurviveSIGKILL() async throws {
        let writer = try CrashWriter.locate()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var generator = SplitMix64(seed: 20_261_120)
        let crashPoints = FileStore.CrashPoint.allCases
        var model: [String: Expected] = [:]
        var kills = 0
        var acknowledged = 0
        var tornTails = 0
        var interruptedCompactions = 0
        var highestGeneration: UInt64 = 0

        for round in 1...56 {
            var arguments = [directory.path, String(round)]
            var killAfter: Int?
            if round % 2 == 0 {
                let point = crashPoints[(round / 2) % crashPoints.count]
                arguments += [point.rawValue, String(1 + generator.next() % 3)]
            } else {
                killAfter = Int(generator.next() % 48)
            }
            let run = try writer.run(arguments, killAfterAcknowledgements: killAfter)
            if run.killed { kills += 1 }
            #expect(!run.lines.contains { $0.hasPrefix("error") }, "round \(round): \(run.lines.filter { $0.hasPrefix("error") })")

            // Replay the child's report on the model.
            var inFlight: InFlight?
            for line in run.lines {
                let words = line.split(separator: " ").map(String.init)
                guard words.count >= 4, let n = UInt64(words[3]) else { continue }
                switch (words[0], words[1]) {
                case ("intent", "put"):
                    inFlight = InFlight(isDelete: false, key: words[2], n: n, hash: words.count > 4 ? words[4] : nil)
                case ("intent", "del"):
                    inFlight = InFlight(isDelete: true, key: words[2], n: n, hash: nil)
                case ("ack", "put"):
                    let hash = try #require(inFlight?.hash, "round \(round): an ack without its intent")
                    model[words[2]] = Expected(n: n, hash: hash, version: UInt64(words[4]) ?? 0)
                    inFlight = nil
                    acknowledged += 1
                case ("ack", "del"):
                    model[words[2]] = nil
                    inFlight = nil
                    acknowledged += 1
                default:
                    continue
                }
            }

            // The store must open cleanly and hold every acknowledged write.
            let store = try FileStore(directory: directory.path)
            #expect(store.recovery.skippedRanges.isEmpty)
            if store.recovery.truncatedTailBytes > 0 { tornTails += 1 }
            if !store.recovery.removedFiles.isEmpty { interruptedCompactions += 1 }
            highestGeneration = max(highestGeneration, store.recovery.generation)
            let collection = try StoreCollection("crash")
            var stored: [String: Expected] = [:]
            for record in try await store.allRecords(in: collection) {
                let text = String(decoding: record.value, as: UTF8.self)
                let n = text.split(separator: ";").first.flatMap { UInt64($0.dropFirst(2)) } ?? 0
                #expect(text.contains(";key=\(record.key.rawValue);"), "round \(round): \(record.key) holds another key's value")
                stored[record.key.rawValue] = Expected(n: n, hash: fnv1a(record.value), version: record.version.rawValue)
            }
            for key in Set(model.keys).union(stored.keys) {
                if stored[key] == model[key] { continue }
                // Only the one operation in flight at the kill may differ, and only by having happened.
                if let inFlight, inFlight.key == key {
                    if inFlight.isDelete, stored[key] == nil { continue }
                    if !inFlight.isDelete, let value = stored[key], value.n == inFlight.n, value.hash == inFlight.hash { continue }
                }
                Issue.record(
                    "round \(round): key \(key) holds \(String(describing: stored[key])), acknowledged \(String(describing: model[key]))")
            }
            model = stored
            await store.close()
        }

        #expect(kills >= 50, "only \(kills) of 56 rounds ended in SIGKILL")
        #expect(acknowledged > 300)
        #expect(highestGeneration > 5, "too few compactions happened to test them")
        #expect(interruptedCompactions > 0)
        #expect(tornTails > 0, "no round left a torn frame to cut")
        // The final store takes writes on top of everything that survived.
        let store = try FileStore(directory: directory.path)
        let collection = try StoreCollection("crash")
        _ = try await store.write(Data("n=0;key=final;".utf8), to: StoreKey("final"), in: collection, expecting: nil)
        #expect(try await store.allRecords(in: collection).count == model.count + 1)
        print("crash test: \(kills) kills, \(acknowledged) acknowledged operations, \(tornTails) torn tails cut, \(interruptedCompactions) interrupted compactions cleaned up, generation \(highestGeneration)")
    }
}

/// The `StoreCrashWriter` executable, built next to the test binary.
struct CrashWriter {
    let url: URL

    struct Run {
        var lines: [String]
        var killed: Bool
    }

    /// Finds the executable: `TGBRIDGE_STORE_CRASH_WRITER`, else the directories around the test
    /// binary (`.build/<config>/` on Linux, the `.xctest` bundle's parents on Apple platforms).
    static func locate() throws -> CrashWriter {
        if let path = ProcessInfo.processInfo.environment["TGBRIDGE_STORE_CRASH_WRITER"] {
            return CrashWriter(url: URL(fileURLWithPath: path))
        }
        var starts = [URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()]
        starts += Bundle.allBundles.map { $0.bundleURL }
        for start in starts {
            var directory = start.deletingLastPathComponent()
            for _ in 0..<5 {
                let candidate = directory.appendingPathComponent("StoreCrashWriter")
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return CrashWriter(url: candidate) }
                directory = directory.deletingLastPathComponent()
            }
        }
        throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "StoreCrashWriter next to \(starts.map(\.path))"])
    }

    /// Runs the writer; kills it with SIGKILL after `killAfterAcknowledgements` acknowledged
    /// operations (`0`: right after it starts), or lets it run to its own end or crash.
    func run(_ arguments: [String], killAfterAcknowledgements: Int?) throws -> Run {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let reader = output.fileHandleForReading
        var pending = Data()
        var lines: [String] = []
        var acks = 0
        var sentKill = false
        if killAfterAcknowledgements == 0 {
            kill(process.processIdentifier, SIGKILL)
            sentKill = true
        }
        while true {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            pending.append(chunk)
            while let newline = pending.firstIndex(of: 0x0A) {
                let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                pending.removeSubrange(pending.startIndex...newline)
                lines.append(line)
                if line.hasPrefix("ack ") { acks += 1 }
                if let limit = killAfterAcknowledgements, !sentKill, acks >= limit {
                    kill(process.processIdentifier, SIGKILL)
                    sentKill = true
                }
            }
        }
        // A line cut off by the kill is not complete, so it reports nothing.
        process.waitUntilExit()
        let killed = process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL
        return Run(lines: lines, killed: killed)
    }
}
