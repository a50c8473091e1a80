import Foundation
import TradingGridBridge

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Store operations per second: the in-memory store against a plain dictionary, the file store
/// against a plain append-and-sync of the same bytes to a file. Every store write is
/// compare-and-swap on the record's version; every file store write is synced before it returns.
enum StoreBenchmarks {
    static let suite = Suite(name: "stores") { try run() }

    struct Operation: Codable, Sendable {
        var kind: String
        var taskId: String
    }

    static let keyCount = 1_000
    static let value = Data(repeating: 0x61, count: 100)

    static func run() throws {
        try memory()
        try file()
    }

    static func memory() throws {
        let count = 20_000
        let keys = (0..<keyCount).map { "ACME/C-\($0)" }
        var dictionary: [String: Data] = [:]
        let baseline = Harness.measure("`[String: Data]` dictionary write (baseline)", operations: count) {
            for index in 0..<count { dictionary[keys[index % keyCount]] = value }
            blackHole(dictionary)
        }
        let store = InMemoryStore()
        let storeKeys = try keys.map { try StoreKey($0) }
        let collection = try StoreCollection("bench")
        let versions = VersionBook()
        let casWrite = try Harness.measure("InMemoryStore write (CAS)", operations: count) {
            try runBlocking { try await casWrites(store, keys: storeKeys, in: collection, versions: versions, count: count) }
        }
        let read = try Harness.measure("InMemoryStore read", operations: count) {
            try runBlocking { try await reads(store, keys: storeKeys, in: collection, count: count) }
        }
        let outboxCount = 2_000
        let outbox = try Harness.measure("InMemoryStore outbox append + claim + complete", operations: outboxCount) {
            try runBlocking { try await outboxCycle(store, count: outboxCount) }
        }
        Harness.report(
            "Stores: InMemoryStore (\(value.count)-byte values, \(keyCount) keys)", [baseline, casWrite, read, outbox],
            note: "Baseline: a plain Swift dictionary write, no versions, no actor hop. "
                + "An outbox cycle is 6 store writes: sequence number, entry, claim, done, history copy, removal.")
    }

    static func file() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tgbridge-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let count = 500

        // Baseline: append the same number of bytes a store frame takes, then sync, per write.
        let frameBytes = [UInt8](repeating: 0x62, count: value.count + 16 + 1 + 8 + 1 + 5 + 2 + 12)
        // On the test VM the first file synced after a quiet period stays slow for thousands of
        // syncs (about 10× here), whichever code syncs it; a scratch file takes that hit first.
        let scratch = open(root.appendingPathComponent("scratch.log").path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        for _ in 0..<count {
            _ = frameBytes.withUnsafeBytes { write(scratch, $0.baseAddress, $0.count) }
            syncFile(scratch)
        }
        close(scratch)
        let plainPath = root.appendingPathComponent("plain.log").path
        let descriptor = open(plainPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown) }
        defer { close(descriptor) }
        let baseline = Harness.measure("append \(frameBytes.count) bytes + sync to a file (baseline)", operations: count) {
            for _ in 0..<count {
                _ = frameBytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
                syncFile(descriptor)
            }
        }

        let store = try FileStore(directory: root.appendingPathComponent("store").path)
        let storeKeys = try (0..<keyCount).map { try StoreKey("ACME/C-\($0)") }
        let collection = try StoreCollection("bench")
        let versions = VersionBook()
        let casWrite = try Harness.measure("FileStore write (CAS, synced)", operations: count) {
            try runBlocking { try await casWrites(store, keys: storeKeys, in: collection, versions: versions, count: count) }
        }
        let readCount = 20_000
        let read = try Harness.measure("FileStore read (from memory)", operations: readCount) {
            try runBlocking { try await reads(store, keys: storeKeys, in: collection, count: readCount) }
        }
        let outboxCount = 100
        let outbox = try Harness.measure("FileStore outbox append + claim + complete", operations: outboxCount) {
            try runBlocking { try await outboxCycle(store, count: outboxCount) }
        }
        let statistics = try runBlocking { await store.statistics }
        try runBlocking { await store.close() }
        let openStore = try Harness.measure("FileStore open + recover (\(statistics.recordCount) records)", rounds: 5) {
            let reopened = try FileStore(directory: root.appendingPathComponent("store").path)
            blackHole(reopened.recovery)
            try runBlocking { await reopened.close() }
        }
        Harness.report(
            "Stores: FileStore (\(value.count)-byte values, \(keyCount) keys)", [baseline, casWrite, read, outbox, openStore],
            note: "Baseline: `write` + `fdatasync` (`F_FULLFSYNC` on Apple platforms) of a frame-sized buffer, what any durable "
                + "append costs. The file store compacted \(statistics.compactions) times during the run. "
                + "An outbox cycle is 6 synced writes.")
    }

    /// Writes `count` values round-robin over `keys`, each expecting the version the last write
    /// of its key returned.
    static func casWrites(
        _ store: some BridgeStore, keys: [StoreKey], in collection: StoreCollection, versions: VersionBook, count: Int
    ) async throws {
        for index in 0..<count {
            let slot = index % keys.count
            versions[slot] = try await store.write(value, to: keys[slot], in: collection, expecting: versions[slot])
        }
    }

    /// Reads `count` records round-robin over `keys`.
    static func reads(_ store: some BridgeStore, keys: [StoreKey], in collection: StoreCollection, count: Int) async throws {
        for index in 0..<count { blackHole(try await store.read(keys[index % keys.count], in: collection)) }
    }

    /// Appends, claims and completes `count` operations, one at a time.
    static func outboxCycle(_ store: some BridgeStore, count: Int) async throws {
        let now = Date(timeIntervalSince1970: 1_795_183_380)
        for index in 0..<count {
            try await store.appendOperation(Operation(kind: "createTask", taskId: "t\(index)"), partner: "ACME", at: now)
            guard
                let claimed = try await store.claimNextOperation(
                    Operation.self, partner: "ACME", owner: "bench", now: now, leaseDuration: .seconds(60))
            else { throw CocoaError(.featureUnsupported) }
            try await store.completeOperation(claimed, at: now)
        }
        try await store.pruneOutbox(Operation.self, finishedBefore: now.addingTimeInterval(1))
    }

    static func syncFile(_ descriptor: Int32) {
        #if canImport(Darwin)
        if fcntl(descriptor, F_FULLFSYNC) != 0 { fsync(descriptor) }
        #else
        fdatasync(descriptor)
        #endif
    }
}

/// The last version written per key slot, shared with the benchmark tasks.
final class VersionBook: @unchecked Sendable {
    // @unchecked: each benchmark round runs one task at a time (runBlocking waits for it), so
    // the array is never accessed concurrently.
    private var versions: [RecordVersion?] = Array(repeating: nil, count: StoreBenchmarks.keyCount)

    subscript(slot: Int) -> RecordVersion? {
        get { versions[slot] }
        set { versions[slot] = newValue }
    }
}

