// The child process of the file store's crash test (Tests/BridgeConnectorsTests/Store/FileStoreCrashTests.swift).
//
//     StoreCrashWriter DIRECTORY ROUND [CRASH_POINT OCCURRENCE]
//
// Opens the FileStore in DIRECTORY (small compaction threshold, so compactions are frequent),
// loads what is there, then writes and deletes records of the collection `crash` in a sequence
// seeded by ROUND, printing one line before and one line after every operation:
//
//     intent put KEY N HASH      (before the write starts)
//     ack put KEY N VERSION      (only after the store acknowledged it)
//     intent del KEY N
//     ack del KEY N
//
// Values are `n=N;key=KEY;` plus padding; HASH is the FNV-1a 64 of the value. With CRASH_POINT
// (a FileStore.CrashPoint) the process kills itself with SIGKILL at the OCCURRENCE-th time the
// store reaches that point; otherwise the test kills it. It stops by itself after 2,000
// operations.
import BridgeConnectors
import BridgeModels

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a whole line to stdout with one `write` per chunk, unbuffered, so a line is on the pipe
/// before the next operation starts.
func emit(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    var written = 0
    while written < bytes.count {
        let result = bytes.withUnsafeBytes { buffer -> Int in
            guard let base = buffer.baseAddress else { return 0 }
            return write(1, base + written, bytes.count - written)
        }
        if result < 0 && errno == EINTR { continue }
        if result <= 0 { exit(5) }
        written += result
    }
}

/// Counts how often the store reached the chosen crash point. Only the store's actor calls the
/// hook, one call at a time.
final class CrashCounter: @unchecked Sendable {
    // @unchecked: `count` is touched only from the FileStore actor's hook calls, which the actor
    // serialises.
    var count = 0
}

let arguments = CommandLine.arguments
guard arguments.count >= 3, let round = UInt64(arguments[2]) else {
    emit("error usage: StoreCrashWriter DIRECTORY ROUND [CRASH_POINT OCCURRENCE]")
    exit(2)
}
let directory = arguments[1]
let crashPoint = arguments.count >= 5 ? FileStore.CrashPoint(rawValue: arguments[3]) : nil
let occurrence = arguments.count >= 5 ? Int(arguments[4]) ?? 1 : 0

do {
    let store = try FileStore(directory: directory, options: .init(compactionThreshold: 2_048))
    if let crashPoint {
        let counter = CrashCounter()
        await store.setCrashHook { point in
            guard point == crashPoint else { return }
            counter.count += 1
            if counter.count >= occurrence { kill(getpid(), SIGKILL) }
        }
    }
    let collection = try StoreCollection("crash")
    var versions: [String: RecordVersion] = [:]
    for record in try await store.allRecords(in: collection) {
        versions[record.key.rawValue] = record.version
    }
    emit("open generation \(store.recovery.generation) records \(versions.count)")
    var generator = SplitMix64(seed: round)
    var n = round * 1_000_000
    for _ in 0..<2_000 {
        n += 1
        let key = "k\(generator.next() % 24)"
        let storeKey = try StoreKey(key)
        if let version = versions[key], generator.next() % 5 == 0 {
            emit("intent del \(key) \(n)")
            try await store.delete(storeKey, in: collection, expecting: version)
            versions[key] = nil
            emit("ack del \(key) \(n)")
        } else {
            let padding = String(repeating: "abcdefghij", count: Int(generator.next() % 24))
            let value = Data("n=\(n);key=\(key);\(padding)".utf8)
            emit("intent put \(key) \(n) \(fnv1a(value))")
            let version = try await store.write(value, to: storeKey, in: collection, expecting: versions[key])
            versions[key] = version
            emit("ack put \(key) \(n) \(version)")
        }
    }
    emit("done")
} catch {
    emit("error \(error)")
    exit(4)
}
