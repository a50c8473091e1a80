import BridgeConnectors
import BridgeModels
import BridgeTesting
import Foundation
@testable import StoreCrashWriter
import Testing

@Suite struct FileStoreTests {
    static let logName = "log-00000000000000000000"

    @Test func passesTheConformanceSuite() async throws {
        let directories = Directories()
        defer { directories.removeAll() }
        let passed = try await StoreConformance.run {
            try FileStore(directory: try directories.make())
        }
        #expect(passed.count == StoreConformance.checks.count)
    }

    @Test func passesTheConformanceSuiteWhileCompactingAfterEveryWrite() async throws {
        let directories = Directories()
        defer { directories.removeAll() }
        try await StoreConformance.run {
            try FileStore(directory: try directories.make(), options: .init(compactionThreshold: 1))
        }
    }

    @Test func writesSurviveReopening() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let collection = try StoreCollection("things")
        var expected: [String: (Data, RecordVersion)] = [:]
        do {
            let store = try FileStore(directory: directory.path)
            for index in 0..<20 {
                let value = Data("value \(index)".utf8)
                expected["k\(index)"] = (value, try await store.write(value, to: StoreKey("k\(index)"), in: collection, expecting: nil))
            }
            let (_, version) = try #require(expected["k3"])
            try await store.delete(StoreKey("k3"), in: collection, expecting: version)
            expected["k3"] = nil
            let (_, five) = try #require(expected["k5"])
            let updated = Data("updated".utf8)
            expected["k5"] = (updated, try await store.write(updated, to: StoreKey("k5"), in: collection, expecting: five))
            await store.close()
        }
        let reopened = try FileStore(directory: directory.path)
        #expect(reopened.recovery.truncatedTailBytes == 0)
        #expect(reopened.recovery.logFrames == 22)
        let records = try await reopened.allRecords(in: collection)
        #expect(records.count == expected.count)
        for record in records {
            let (value, version) = try #require(expected[record.key.rawValue])
            #expect(record.value == value)
            #expect(record.version == version)
        }
        let maxVersion = expected.values.map(\.1.rawValue).max() ?? 0
        let next = try await reopened.write(Data(), to: StoreKey("k3"), in: collection, expecting: nil)
        #expect(next.rawValue > maxVersion, "a re-inserted key must get a version it never had")
    }

    @Test(arguments: TornTail.allCases)
    func tornTailIsCutOffAndReported(_ tail: TornTail) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let collection = try StoreCollection("things")
        var lastFrameStart: Int64 = 0
        do {
            let store = try FileStore(directory: directory.path)
            for index in 0..<3 {
                lastFrameStart = await store.statistics.logBytes
                _ = try await store.write(Data("value \(index)".utf8), to: StoreKey("k\(index)"), in: collection, expecting: nil)
            }
            await store.close()
        }
        let log = directory.file(Self.logName)
        let cleanSize = try fileSize(log)
        let lastFrame = Array(try Data(contentsOf: URL(fileURLWithPath: log)).dropFirst(Int(lastFrameStart)))
        let appended = tail.bytes(after: lastFrame)
        try append(appended, to: log)

        let store = try FileStore(directory: directory.path)
        #expect(store.recovery.truncatedTailBytes == Int64(appended.count))
        #expect(try fileSize(log) == cleanSize)
        let keys = try await store.allRecords(in: collection).map(\.key.rawValue)
        #expect(keys == ["k0", "k1", "k2"])
        _ = try await store.write(Data("after".utf8), to: StoreKey("k3"), in: collection, expecting: nil)
        await store.close()
        let again = try FileStore(directory: directory.path)
        #expect(again.recovery.truncatedTailBytes == 0)
        #expect(try await again.allRecords(in: collection).count == 4)
    }

    @Test func damageInTheMiddleIsATypedErrorAndChangesNothing() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let collection = try StoreCollection("things")
        var frameStarts: [Int64] = []
        do {
            let store = try FileStore(directory: directory.path)
            for index in 0..<3 {
                frameStarts.append(await store.statistics.logBytes)
                _ = try await store.write(Data("value \(index)".utf8), to: StoreKey("k\(index)"), in: collection, expecting: nil)
            }
            await store.close()
        }
        let log = directory.file(Self.logName)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: log))
        let target = Int(frameStarts[1]) + 30  // inside the second frame's payload
        bytes[target] ^= 0x40
        try bytes.write(to: URL(fileURLWithPath: log))

        do {
            _ = try FileStore(directory: directory.path)
            Issue.record("opened a store with a damaged frame in the middle of its log")
        } catch let error as StoreError {
            #expect(error.code == .corrupted)
            #expect(error.fileOffset == frameStarts[1])
            #expect(error.filePath?.hasSuffix(Self.logName) == true)
            #expect(error.description.contains("refuses to guess"))
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: log)) == bytes, "a failed open must not change the log")
    }

    @Test func damagedHeaderInTheMiddleIsATypedError() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let collection = try StoreCollection("things")
        var secondFrame: Int64 = 0
        do {
            let store = try FileStore(directory: directory.path)
            for index in 0..<3 {
                if index == 1 { secondFrame = await store.statistics.logBytes }
                _ = try await store.write(Data("value \(index)".utf8), to: StoreKey("k\(index)"), in: collection, expecting: nil)
            }
            await store.close()
        }
        let log = directory.file(Self.logName)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: log))
        bytes[Int(secondFrame) + 5] ^= 0x7F  // the length field: the frame's extent can no longer be trusted
        try bytes.write(to: URL(fileURLWithPath: log))
        #expect {
            _ = try FileStore(directory: directory.path)
        } throws: { error in
            (error as? StoreError)?.code == .corrupted && (error as? StoreError)?.fileOffset == secondFrame
        }
    }

    @Test func salvageSkipsDamageKeepsTheRestAndRewritesTheStore() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let collection = try StoreCollection("things")
        var frameStarts: [Int64] = []
        var versions: [RecordVersion] = []
        do {
            let store = try FileStore(directory: directory.path)
            for index in 0..<3 {
                frameStarts.append(await store.statistics.logBytes)
                versions.append(
                    try await store.write(Data("value \(index)".utf8), to: StoreKey("k\(index)"), in: collection, expecting: nil))
            }
            await store.close()
        }
        let log = directory.file(Self.logName)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: log))
        bytes[Int(frameStarts[1]) + 30] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: log))

        let salvaged = try FileStore(directory: directory.path, options: .init(corruptionPolicy: .salvage))
        #expect(salvaged.recovery.skippedRanges == [
            FileStore.SkippedRange(file: Self.logName, offset: frameStarts[1], length: frameStarts[2] - frameStarts[1])
        ])
        #expect(salvaged.recovery.generation == 1)
        #expect(try await salvaged.allRecords(in: collection).map(\.key.rawValue) == ["k0", "k2"])
        let next = try await salvaged.write(Data(), to: StoreKey("k1"), in: collection, expecting: nil)
        #expect(!versions.contains(next))
        await salvaged.close()
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(files == ["LOCK", "log-00000000000000000001", "snapshot-00000000000000000001"])
        let clean = try FileStore(directory: directory.path)
        #expect(try await clean.allRecords(in: collection).map(\.key.rawValue) == ["k0", "k1", "k2"])
    }

    @Test func compactionPreservesEveryRecordAndVersion() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let collections = [try StoreCollection("alpha"), try StoreCollection("beta")]
        var model: [String: (Data, RecordVersion)] = [:]
        var generator = SplitMix64(seed: 42)
        let store = try FileStore(directory: directory.path, options: .init(compactionThreshold: 2_048))
        for step in 0..<600 {
            let collection = collections[Int(generator.next() % 2)]
            let key = try StoreKey("key-\(generator.next() % 60)")
            let id = "\(collection)/\(key)"
            if let (_, version) = model[id], generator.next() % 4 == 0 {
                try await store.delete(key, in: collection, expecting: version)
                model[id] = nil
            } else {
                let value = Data(repeating: UInt8(step % 251), count: Int(generator.next() % 200))
                model[id] = (value, try await store.write(value, to: key, in: collection, expecting: model[id]?.1))
            }
        }
        let statistics = await store.statistics
        #expect(statistics.compactions > 3)
        #expect(statistics.lastCompactionError == nil)
        #expect(statistics.recordCount == model.count)
        try await expectContents(of: store, collections: collections, equal: model)
        await store.close()

        let reopened = try FileStore(directory: directory.path)
        #expect(reopened.recovery.generation == statistics.generation)
        #expect(reopened.recovery.snapshotRecords + reopened.recovery.logFrames > 0)
        try await expectContents(of: reopened, collections: collections, equal: model)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0 != "LOCK" }.sorted()
        #expect(files.count == 2, "only the current generation's snapshot and log remain: \(files)")
        await reopened.close()
    }

    @Test func explicitCompactionKeepsDataAndStartsAnEmptyLog() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try FileStore(directory: directory.path)
        let collection = try StoreCollection("things")
        let version = try await store.write(Data("kept".utf8), to: StoreKey("a"), in: collection, expecting: nil)
        try await store.compact()
        let statistics = await store.statistics
        #expect(statistics.generation == 1 && statistics.logBytes == 0 && statistics.snapshotBytes > 0)
        #expect(try await store.read(StoreKey("a"), in: collection) == StoredRecord(key: try StoreKey("a"), value: Data("kept".utf8), version: version))
        await store.close()
        let reopened = try FileStore(directory: directory.path)
        #expect(reopened.recovery.snapshotRecords == 1 && reopened.recovery.logFrames == 0)
        #expect(try await reopened.read(StoreKey("a"), in: collection)?.version == version)
    }

    @Test func leftoversOfAnInterruptedCompactionAreRemoved() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let collection = try StoreCollection("things")
        do {
            let store = try FileStore(directory: directory.path)
            _ = try await store.write(Data("x".utf8), to: StoreKey("a"), in: collection, expecting: nil)
            await store.close()
        }
        // A crash while writing the next snapshot leaves a partial temporary file.
        let partial = directory.file("snapshot-00000000000000000001.tmp")
        try Data([0x54, 0x47, 0x42]).write(to: URL(fileURLWithPath: partial))
        let store = try FileStore(directory: directory.path)
        #expect(store.recovery.removedFiles == ["snapshot-00000000000000000001.tmp"])
        #expect(store.recovery.generation == 0)
        #expect(try await store.read(StoreKey("a"), in: collection) != nil)
        #expect(!FileManager.default.fileExists(atPath: partial))
    }

    @Test func aDamagedSnapshotIsATypedError() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        do {
            let store = try FileStore(directory: directory.path)
            for index in 0..<5 {
                _ = try await store.write(Data("v\(index)".utf8), to: StoreKey("k\(index)"), in: StoreCollection("things"), expecting: nil)
            }
            try await store.compact()
            await store.close()
        }
        let snapshot = directory.file("snapshot-00000000000000000001")
        var bytes = try Data(contentsOf: URL(fileURLWithPath: snapshot))
        bytes.removeLast(3)  // a snapshot is renamed into place only when complete: this is damage
        try bytes.write(to: URL(fileURLWithPath: snapshot))
        #expect {
            _ = try FileStore(directory: directory.path)
        } throws: { error in
            (error as? StoreError)?.code == .corrupted && (error as? StoreError)?.filePath?.hasSuffix("snapshot-00000000000000000001") == true
        }
    }

    @Test func onlyOneFileStoreMayOpenADirectory() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = try FileStore(directory: directory.path)
        #expect {
            _ = try FileStore(directory: directory.path, options: FileStore.Options(lockWait: .zero))
        } throws: { error in
            (error as? StoreError)?.code == .locked
        }
        await first.close()
        let second = try FileStore(directory: directory.path)
        await second.close()
    }

    /// A lock held for an instant (a process exiting, or a child process between fork and exec
    /// holding inherited descriptors) does not make opening fail.
    @Test func openingWaitsForALockReleasedMeanwhile() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = try FileStore(directory: directory.path)
        let opening = Task.detached { try FileStore(directory: directory.path, options: FileStore.Options(lockWait: .seconds(30))) }
        await first.close()
        let second = try await opening.value
        await second.close()
    }

    @Test func opensByFileURLToo() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let url = URL(fileURLWithPath: directory.path).appendingPathComponent("state with space")
        let store = try FileStore(directory: url)
        #expect(store.directory.hasSuffix("/state with space"))
        _ = try await store.write(Data("x".utf8), to: StoreKey("a"), in: StoreCollection("things"), expecting: nil)
        #expect(FileManager.default.fileExists(atPath: url.path + "/" + Self.logName))
    }

    @Test func closedStoresRefuseEverything() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try FileStore(directory: directory.path)
        await store.close()
        let collection = try StoreCollection("things")
        await #expect(throws: StoreError.self) { try await store.read(StoreKey("a"), in: collection) }
        await #expect(throws: StoreError.self) { _ = try await store.write(Data(), to: StoreKey("a"), in: collection, expecting: nil) }
        await #expect(throws: StoreError.self) { try await store.scan(collection, prefix: "", after: nil, limit: 1) }
    }

    @Test func oversizeValuesAreRefusedWithoutTouchingTheLog() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try FileStore(directory: directory.path, options: .init(maxValueBytes: 1_000))
        let collection = try StoreCollection("things")
        await #expect {
            _ = try await store.write(Data(count: 1_001), to: StoreKey("big"), in: collection, expecting: nil)
        } throws: { error in
            (error as? StoreError)?.code == .valueTooLarge
        }
        #expect(await store.statistics.logBytes == 0)
        _ = try await store.write(Data(count: 1_000), to: StoreKey("fits"), in: collection, expecting: nil)
    }

    @Test func hostileKeysNeverBecomePaths() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try FileStore(directory: directory.path)
        let hostile: PartnerID = "../../../etc"
        _ = try await store.markEventProcessed("../passwd", partner: hostile, at: Date(epochMilliseconds: 0))
        try await store.saveCaseRecord(
            CaseRecord(partnerId: hostile, caseId: "/tmp/x", createdAt: Date(epochMilliseconds: 0)), expecting: nil)
        #expect(try await store.isEventProcessed("../passwd", partner: hostile))
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(files == ["LOCK", Self.logName])
        let key = try StoreKey.caseRecord(partner: hostile, case: "/tmp/x")
        #expect(key.rawValue == "..%2F..%2F..%2Fetc/%2Ftmp%2Fx")  // two segments, no path separator left
    }

    // MARK: Helpers

    enum TornTail: CaseIterable, CustomTestStringConvertible {
        case partialHeader, headerWithPartialPayload, zeros, garbage

        /// The tail a crash could leave after `lastFrame`, the last complete frame of the log.
        func bytes(after lastFrame: [UInt8]) -> [UInt8] {
            switch self {
            case .partialHeader: return Array(lastFrame.prefix(7))
            case .headerWithPartialPayload: return Array(lastFrame.prefix(lastFrame.count - 3))
            case .zeros: return [UInt8](repeating: 0, count: 4_096)
            case .garbage:
                var generator = SplitMix64(seed: 7)
                return (0..<333).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            }
        }

        var testDescription: String { "\(self)" }
    }

    func fileSize(_ path: String) throws -> Int64 {
        (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? -1
    }

    func append(_ bytes: [UInt8], to path: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(bytes))
    }

    func expectContents(
        of store: FileStore, collections: [StoreCollection], equal model: [String: (Data, RecordVersion)]
    ) async throws {
        var seen = 0
        for collection in collections {
            for record in try await store.allRecords(in: collection) {
                let (value, version) = try #require(model["\(collection)/\(record.key)"])
                #expect(record.value == value)
                #expect(record.version == version)
                seen += 1
            }
        }
        #expect(seen == model.count)
    }
}

/// Temporary directories made on demand and removed together.
final class Directories: @unchecked Sendable {
    // @unchecked: `made` is only touched under `lock`.
    private let lock = NSLock()
    private var made: [TemporaryDirectory] = []

    func make() throws -> String {
        let directory = try TemporaryDirectory("conformance")
        lock.lock()
        made.append(directory)
        lock.unlock()
        return directory.path
    }

    func removeAll() {
        lock.lock()
        defer { lock.unlock() }
        for directory in made { directory.remove() }
    }
}
