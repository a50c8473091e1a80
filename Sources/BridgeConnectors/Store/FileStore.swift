#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A ``BridgeStore`` in a directory that survives `kill -9` and power loss at any point without
/// losing an acknowledged write or corrupting itself.
///
/// Every write is appended to a log as a checksummed frame and made durable (`fdatasync`, or
/// `F_FULLFSYNC` on Apple platforms) before the call returns. Opening the store replays the
/// latest snapshot and the log after it; a frame left incomplete by a crash at the end of the log
/// (a torn tail) is cut off, and the cut is reported in ``recovery``. Damage anywhere else is
/// never silently dropped: opening fails with ``StoreError/Code/corrupted`` naming the file and
/// offset, unless the operator asks to salvage (``CorruptionPolicy/salvage``).
///
/// When the log has grown past ``Options/compactionThreshold`` and past the size of the last
/// snapshot, the store writes all live records into a new snapshot (a temporary file, synced,
/// renamed into place, directory synced) and starts a new, empty log; old files are removed
/// afterwards. A crash at any step leaves either the old or the new generation complete.
///
/// One process at a time: the store holds an exclusive `flock` on `LOCK` in the directory while
/// open, so a second `FileStore` on the same directory (in this or another process) fails with
/// ``StoreError/Code/locked``.
///
/// All records are kept in memory as well (reads never touch the disk), so the store suits the
/// state of one bridge (tens of thousands of records, tens of megabytes), not bulk data. The
/// format is documented in `Documentation/Stores.md`.
///
/// ```swift
/// let store = try FileStore(directory: "/var/lib/tgbridge/state")
/// let fresh = try await store.markEventProcessed(event.id, partner: event.partner.id, at: now)
/// ```
public actor FileStore: BridgeStore {
    /// What to do when opening finds damage that is not a torn tail.
    public enum CorruptionPolicy: Hashable, Sendable {
        /// Refuse to open: throw ``StoreError/Code/corrupted`` and change nothing on disk (the
        /// default).
        case fail
        /// Skip the damaged bytes, keep every frame that passes its checksum, report the skipped
        /// ranges in ``RecoveryReport/skippedRanges`` and rewrite the store into a new
        /// generation. Records whose frames were damaged are lost; use it to repair a store
        /// after disk damage, with a backup at hand.
        case salvage
    }

    /// Settings of a file store.
    public struct Options: Hashable, Sendable {
        /// The log size in bytes from which the store compacts (when the log is also larger
        /// than the last snapshot). Default 4 MiB.
        public var compactionThreshold: Int
        /// The largest value accepted, in bytes. Default 16 MiB; at most 512 MiB.
        public var maxValueBytes: Int
        /// What to do when opening finds damage that is not a torn tail. Default ``CorruptionPolicy/fail``.
        public var corruptionPolicy: CorruptionPolicy
        /// Whether to create the directory (one level) when it does not exist. Default `true`.
        public var createsDirectory: Bool
        /// How long opening waits for the store's lock before reporting it ``StoreError/Code/locked``.
        /// Default 2 seconds: a process that is exiting, or a child process another thread is
        /// starting at that moment (it holds inherited descriptors until its `exec` closes them),
        /// can hold the lock for an instant; a store open elsewhere holds it for good.
        public var lockWait: Duration

        /// Creates options; every parameter defaults to the documented default.
        public init(
            compactionThreshold: Int = 4 << 20, maxValueBytes: Int = 16 << 20, corruptionPolicy: CorruptionPolicy = .fail,
            createsDirectory: Bool = true, lockWait: Duration = .seconds(2)
        ) {
            self.compactionThreshold = compactionThreshold
            self.maxValueBytes = maxValueBytes
            self.corruptionPolicy = corruptionPolicy
            self.createsDirectory = createsDirectory
            self.lockWait = lockWait
        }
    }

    /// A range of bytes recovery dropped from a file.
    public struct SkippedRange: Hashable, Sendable {
        /// The file's name in the store directory.
        public var file: String
        /// The offset of the first dropped byte.
        public var offset: Int64
        /// How many bytes were dropped.
        public var length: Int64

        /// Creates a range.
        public init(file: String, offset: Int64, length: Int64) {
            self.file = file
            self.offset = offset
            self.length = length
        }
    }

    /// What opening the store found and did.
    public struct RecoveryReport: Hashable, Sendable {
        /// The generation opened (0 before the first compaction).
        public var generation: UInt64
        /// Records loaded from the snapshot.
        public var snapshotRecords: Int
        /// Frames replayed from the log.
        public var logFrames: Int
        /// Bytes cut from the end of the log: a write that was never acknowledged, torn by a
        /// crash. Zero after a clean shutdown.
        public var truncatedTailBytes: Int64
        /// Damaged ranges skipped under ``CorruptionPolicy/salvage`` (always empty under
        /// ``CorruptionPolicy/fail``).
        public var skippedRanges: [SkippedRange]
        /// Leftover files of an interrupted compaction that were removed.
        public var removedFiles: [String]
    }

    /// The store's size and history since it was opened.
    public struct Statistics: Hashable, Sendable {
        /// The current generation (grows by one per compaction).
        public var generation: UInt64
        /// Live records.
        public var recordCount: Int
        /// The log's size in bytes.
        public var logBytes: Int64
        /// The snapshot's size in bytes.
        public var snapshotBytes: Int64
        /// Compactions since the store was opened.
        public var compactions: Int
        /// The last compaction failure, if the last attempt failed (the store stays usable: the
        /// write that triggered it was already durable).
        public var lastCompactionError: StoreError?
    }

    /// The store's directory.
    public nonisolated let directory: String
    /// What opening the store found and did.
    public nonisolated let recovery: RecoveryReport

    private let options: Options
    private var table: RecordTable
    private var generation: UInt64
    private var log: OpenFile?
    private var lock: OpenFile?
    private var logBytes: Int64
    private var snapshotBytes: Int64
    private var compactions = 0
    private var lastCompactionError: StoreError?
    /// Set when the store was closed or a failed write left the disk state unknown.
    private var failure: StoreError?
    private var isClosed = false
    /// Called at each ``CrashPoint``; the crash test's child process kills itself there.
    private var crashHook: (@Sendable (CrashPoint) -> Void)?

    /// Steps of a write and of a compaction where the crash test stops the process.
    package enum CrashPoint: String, CaseIterable, Sendable {
        /// Half of a frame was written to the log (a torn write).
        case midAppend
        /// A frame was written to the log but not synced.
        case afterAppendBeforeSync
        /// A frame was synced but the write not yet acknowledged.
        case afterSyncBeforeAcknowledge
        /// A compaction wrote and synced the temporary snapshot.
        case afterSnapshotWritten
        /// A compaction renamed the snapshot into place.
        case afterSnapshotRenamed
        /// A compaction created the new, empty log.
        case afterNewLogCreated
        /// A compaction removed the previous generation's files.
        case afterOldFilesRemoved
    }

    /// Installs a function called at every ``CrashPoint`` (the crash test's fault injection).
    package func setCrashHook(_ hook: (@Sendable (CrashPoint) -> Void)?) {
        crashHook = hook
    }

    /// Opens (or creates) the store in `directory`, recovering from any crash.
    ///
    /// - Throws: ``StoreError`` with ``StoreError/Code/locked`` when the store is open elsewhere,
    ///   ``StoreError/Code/corrupted`` for damage other than a torn tail (under
    ///   ``CorruptionPolicy/fail``), ``StoreError/Code/io`` when a system call fails.
    public init(directory: String, options: Options = Options()) throws {
        var options = options
        options.maxValueBytes = min(max(0, options.maxValueBytes), 512 << 20)
        let state = try FileStoreLoader(directory: directory, options: options).load()
        self.directory = directory
        self.options = options
        self.table = state.table
        self.generation = state.generation
        self.log = state.log
        self.lock = state.lock
        self.logBytes = state.logBytes
        self.snapshotBytes = state.snapshotBytes
        self.recovery = state.report
    }

    /// Opens (or creates) the store in the directory at `url` (a `file:` URL).
    ///
    /// - Throws: See ``init(directory:options:)``.
    public init(directory url: URL, options: Options = Options()) throws {
        try self.init(directory: url.path(percentEncoded: false), options: options)
    }

    // MARK: BridgeStore

    /// Reads one record (from memory).
    public func read(_ key: StoreKey, in collection: StoreCollection) throws -> StoredRecord? {
        try checkOpen()
        return table.read(key, in: collection)
    }

    /// Writes a record if its version is `expected`, durably: the call returns after the frame
    /// is synced to disk.
    ///
    /// - Throws: ``StoreConflict`` when the version differs; ``StoreError`` with
    ///   ``StoreError/Code/valueTooLarge``, ``StoreError/Code/io`` (the store then refuses
    ///   writes until opened again) or ``StoreError/Code/closed``.
    public func write(_ value: Data, to key: StoreKey, in collection: StoreCollection, expecting expected: RecordVersion?)
        throws -> RecordVersion
    {
        let log = try writableLog()
        guard value.count <= options.maxValueBytes else {
            throw StoreError(
                code: .valueTooLarge, detail: "value of \(value.count) bytes exceeds the limit of \(options.maxValueBytes) bytes")
        }
        try table.checkVersion(key, in: collection, expected: expected)
        let version = RecordVersion(table.lastVersion + 1)
        try append(.put(collection: collection, key: key, value: value, version: version), to: log)
        table.put(value, for: key, in: collection, version: version)
        compactIfDue()
        crashHook?(.afterSyncBeforeAcknowledge)
        return version
    }

    /// Deletes a record if its version is `expected`, durably.
    ///
    /// - Throws: ``StoreConflict`` when the record is absent or has another version;
    ///   ``StoreError`` as for ``write(_:to:in:expecting:)``.
    public func delete(_ key: StoreKey, in collection: StoreCollection, expecting expected: RecordVersion) throws {
        let log = try writableLog()
        try table.checkVersion(key, in: collection, expected: expected)
        let version = RecordVersion(table.lastVersion + 1)
        try append(.delete(collection: collection, key: key, version: version), to: log)
        table.remove(key, in: collection)
        table.noteVersion(version)
        compactIfDue()
        crashHook?(.afterSyncBeforeAcknowledge)
    }

    /// Reads records in key order (from memory).
    public func scan(_ collection: StoreCollection, prefix: String, after: StoreKey?, limit: Int) throws
        -> [StoredRecord]
    {
        try checkOpen()
        return table.scan(collection, prefix: prefix, after: after, limit: limit)
    }

    // MARK: Maintenance

    /// The store's size and history.
    public var statistics: Statistics {
        Statistics(
            generation: generation, recordCount: table.recordCount, logBytes: logBytes, snapshotBytes: snapshotBytes,
            compactions: compactions, lastCompactionError: lastCompactionError)
    }

    /// Compacts now: writes every live record into a new snapshot and starts an empty log.
    ///
    /// - Throws: ``StoreError``; a failure before the new snapshot is in place leaves the store
    ///   as it was, a failure after it makes the store refuse writes until opened again.
    public func compact() throws {
        _ = try writableLog()
        try compactNow()
    }

    /// Closes the store: releases the lock and the files. Later calls throw
    /// ``StoreError/Code/closed``. Dropping the last reference closes it as well.
    public func close() {
        log = nil
        lock = nil
        isClosed = true
        failure = StoreError(code: .closed, detail: "the store was closed", filePath: directory)
    }

    /// Reads keep working after a failed write (memory holds every acknowledged write), but not
    /// after ``close()``.
    private func checkOpen() throws(StoreError) {
        if isClosed { throw StoreError(code: .closed, detail: "the store was closed", filePath: directory) }
    }

    // MARK: Internals

    private func writableLog() throws(StoreError) -> OpenFile {
        if let failure { throw failure }
        guard let log else { throw StoreError(code: .closed, detail: "the store was closed", filePath: directory) }
        return log
    }

    /// Appends one frame and syncs it. On failure the partial frame is cut off again; when even
    /// that fails, or the sync fails (after which the kernel may have dropped the data), the
    /// store refuses further writes.
    private func append(_ record: LogRecord, to log: OpenFile) throws(StoreError) {
        let frame = FileStoreFormat.encode(record)
        do throws(SystemCallError) {
            if let crashHook {
                // Fault injection: write the frame in two pieces, so a crash between them
                // leaves a torn frame as a power loss could.
                try log.writeAll(Array(frame.prefix(frame.count / 2)))
                crashHook(.midAppend)
                try log.writeAll(Array(frame.dropFirst(frame.count / 2)))
            } else {
                try log.writeAll(frame)
            }
        } catch {
            do {
                try log.truncate(to: logBytes)
            } catch {
                poison(error)
            }
            throw FileStoreLoader.ioError(error)
        }
        crashHook?(.afterAppendBeforeSync)
        do {
            try log.sync()
        } catch {
            poison(error)
            throw FileStoreLoader.ioError(error)
        }
        logBytes += Int64(frame.count)
    }

    private func poison(_ error: SystemCallError) {
        log = nil
        failure = StoreError(
            code: .closed, detail: "a failed \(error.operation) left the log in an unknown state; open the store again",
            filePath: error.path, systemErrorNumber: error.code)
    }

    private func compactIfDue() {
        guard logBytes >= Int64(options.compactionThreshold), logBytes >= snapshotBytes else { return }
        do {
            try compactNow()
        } catch {
            lastCompactionError = error
        }
    }

    private func compactNow() throws(StoreError) {
        let next = generation + 1
        let loader = FileStoreLoader(directory: directory, options: options)
        let snapshot = try loader.writeSnapshot(table, generation: next)
        crashHook?(.afterSnapshotWritten)
        try loader.installSnapshot(snapshot.path, generation: next)
        crashHook?(.afterSnapshotRenamed)
        // The new snapshot is in place: from here on it is the truth, and the old log must not
        // receive another write. Any failure now leaves the disk state unknown.
        let snapshotSize = snapshot.size
        do {
            try FileSystem.syncDirectory(directory)
            let newLog = try loader.createLog(generation: next)
            try FileSystem.syncDirectory(directory)
            crashHook?(.afterNewLogCreated)
            let previous = generation
            log = newLog
            generation = next
            logBytes = 0
            snapshotBytes = snapshotSize
            compactions += 1
            lastCompactionError = nil
            try? FileSystem.remove(loader.path(FileStoreLoader.logName(previous)))
            try? FileSystem.remove(loader.path(FileStoreLoader.snapshotName(previous)))
            try? FileSystem.syncDirectory(directory)
            crashHook?(.afterOldFilesRemoved)
        } catch {
            poison(error)
            throw FileStoreLoader.ioError(error)
        }
    }
}

/// Opens, recovers and compacts the files of a ``FileStore``.
struct FileStoreLoader {
    let directory: String
    let options: FileStore.Options

    struct State {
        var table: RecordTable
        var generation: UInt64
        var log: OpenFile
        var lock: OpenFile
        var logBytes: Int64
        var snapshotBytes: Int64
        var report: FileStore.RecoveryReport
    }

    static let lockName = "LOCK"

    static func snapshotName(_ generation: UInt64) -> String { "snapshot-" + digits(generation) }
    static func logName(_ generation: UInt64) -> String { "log-" + digits(generation) }

    private static func digits(_ value: UInt64) -> String {
        let text = String(value)
        return String(repeating: "0", count: 20 - text.count) + text
    }

    /// The generation in a file name `<prefix><20 digits>`, or `nil`.
    static func generation(of name: String, prefix: String) -> UInt64? {
        guard name.hasPrefix(prefix) else { return nil }
        let rest = name.dropFirst(prefix.count)
        guard rest.utf8.count == 20, rest.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            return nil
        }
        return UInt64(rest)
    }

    func path(_ name: String) -> String { FileSystem.join(directory, name) }

    static func ioError(_ error: SystemCallError) -> StoreError {
        StoreError(
            code: .io, detail: "\(error.operation) failed: \(error.message)", filePath: error.path,
            systemErrorNumber: error.code)
    }

    func corrupted(_ name: String, at offset: Int, _ detail: String) -> StoreError {
        StoreError(code: .corrupted, detail: detail, filePath: path(name), fileOffset: Int64(offset))
    }

    func load() throws(StoreError) -> State {
        do {
            // A new directory's own entry must be durable too, or a power loss could take the
            // whole store (and every write acknowledged in it) with it.
            if options.createsDirectory, try FileSystem.makeDirectory(directory) {
                try FileSystem.syncDirectory(FileSystem.parentDirectory(of: directory))
            }
            let lock = try OpenFile.open(path(Self.lockName), O_RDWR | O_CREAT | O_NOFOLLOW)
            guard try lock.tryLockExclusive(waitingAtMost: options.lockWait) else {
                throw StoreError(
                    code: .locked, detail: "another process or FileStore has this store open", filePath: directory,
                    systemErrorNumber: EWOULDBLOCK)
            }
            return try recover(lock: lock)
        } catch let error as StoreError {
            throw error
        } catch let error as SystemCallError {
            throw Self.ioError(error)
        } catch {
            throw StoreError(code: .io, detail: "opening the store failed", filePath: directory)
        }
    }

    private func recover(lock: OpenFile) throws -> State {
        let names = try FileSystem.contents(of: directory)
        let snapshots = names.compactMap { Self.generation(of: $0, prefix: "snapshot-") }
        let logs = names.compactMap { Self.generation(of: $0, prefix: "log-") }
        let generation = snapshots.max() ?? 0
        if let newer = logs.first(where: { $0 > generation }) {
            throw corrupted(Self.logName(newer), at: 0, "a log is newer than every snapshot")
        }
        var report = FileStore.RecoveryReport(
            generation: generation, snapshotRecords: 0, logFrames: 0, truncatedTailBytes: 0, skippedRanges: [],
            removedFiles: [])
        var table = RecordTable()
        var snapshotBytes: Int64 = 0
        if generation > 0 {
            let name = Self.snapshotName(generation)
            let bytes = try OpenFile.open(path(name), O_RDONLY | O_NOFOLLOW).readToEnd()
            snapshotBytes = Int64(bytes.count)
            report.snapshotRecords = try loadSnapshot(bytes, name: name, into: &table, report: &report)
        }

        let logName = Self.logName(generation)
        var logBytes: Int64 = 0
        if FileSystem.exists(path(logName)) {
            let file = try OpenFile.open(path(logName), O_RDWR | O_NOFOLLOW)
            let bytes = try file.readToEnd()
            let validEnd = try replayLog(bytes, name: logName, into: &table, report: &report)
            if validEnd < bytes.count {
                try file.truncate(to: Int64(validEnd))
                try file.sync()
            }
            logBytes = Int64(validEnd)
        } else {
            _ = try createLog(generation: generation)
        }

        // Leftovers: temporary snapshots of an interrupted compaction, files of older generations.
        for name in names.sorted() {
            let stale =
                (name.hasPrefix("snapshot-") && name.hasSuffix(".tmp"))
                || Self.generation(of: name, prefix: "snapshot-").map { $0 < generation } == true
                || Self.generation(of: name, prefix: "log-").map { $0 < generation } == true
            if stale {
                try FileSystem.remove(path(name))
                report.removedFiles.append(name)
            }
        }
        try FileSystem.syncDirectory(directory)

        var state = State(
            table: table, generation: generation,
            log: try OpenFile.open(path(logName), O_WRONLY | O_APPEND | O_NOFOLLOW), lock: lock, logBytes: logBytes,
            snapshotBytes: snapshotBytes, report: report)
        if !report.skippedRanges.isEmpty {
            // Salvaged: rewrite into a clean generation so the damage is gone from disk.
            let next = generation + 1
            // A version handed out before the damage must never come back, and the damaged
            // frames may have held the highest ones: jump well ahead.
            var table = table
            table.noteVersion(RecordVersion(table.lastVersion + (1 << 32)))
            state.table = table
            let snapshot = try writeSnapshot(table, generation: next)
            try installSnapshot(snapshot.path, generation: next)
            state.snapshotBytes = snapshot.size
            try FileSystem.syncDirectory(directory)
            state.log = try createLog(generation: next)
            try FileSystem.syncDirectory(directory)
            try FileSystem.remove(path(logName))
            try FileSystem.remove(path(Self.snapshotName(generation)))
            try FileSystem.syncDirectory(directory)
            state.generation = next
            state.logBytes = 0
            state.report.generation = next
        }
        return state
    }

    /// Loads a snapshot, which must be complete: put frames, then a snapshot end whose count
    /// matches. Returns the number of records.
    private func loadSnapshot(
        _ bytes: [UInt8], name: String, into table: inout RecordTable, report: inout FileStore.RecoveryReport
    ) throws -> Int {
        var count = 0
        var ended = false
        _ = try forEachFrame(bytes, name: name, report: &report, tornTailAllowed: false) { record, offset in
            switch record {
            case .put(let collection, let key, let value, let version) where !ended:
                table.put(value, for: key, in: collection, version: version)
                count += 1
            case .snapshotEnd(let recordCount, let lastVersion) where !ended:
                if recordCount != UInt64(count), options.corruptionPolicy == .fail {
                    throw corrupted(name, at: offset, "the snapshot ends after \(count) of \(recordCount) records")
                }
                table.noteVersion(lastVersion)
                ended = true
            default:
                throw corrupted(name, at: offset, "unexpected record in a snapshot")
            }
        }
        if !ended && options.corruptionPolicy == .fail {
            throw corrupted(name, at: bytes.count, "the snapshot has no end record")
        }
        return count
    }

    /// Replays a log; returns the end of the last valid frame (where a torn tail starts).
    private func replayLog(
        _ bytes: [UInt8], name: String, into table: inout RecordTable, report: inout FileStore.RecoveryReport
    ) throws -> Int {
        var frames = 0
        defer { report.logFrames += frames }
        return try forEachFrame(bytes, name: name, report: &report, tornTailAllowed: true) { record, offset in
            switch record {
            case .put(let collection, let key, let value, let version):
                table.put(value, for: key, in: collection, version: version)
            case .delete(let collection, let key, let version):
                table.remove(key, in: collection)
                table.noteVersion(version)
            case .snapshotEnd:
                throw corrupted(name, at: offset, "a snapshot end record in the log")
            }
            frames += 1
        }
    }

    /// Walks the frames of a file, applying the torn-tail and corruption rules. Returns the end
    /// of the last valid frame.
    private func forEachFrame(
        _ bytes: [UInt8], name: String, report: inout FileStore.RecoveryReport, tornTailAllowed: Bool,
        _ body: (LogRecord, Int) throws -> Void
    ) throws -> Int {
        try bytes.withUnsafeBytes { buffer -> Int in
            var offset = 0
            var validEnd = 0
            while offset < buffer.count {
                let frame = FileStoreFormat.frame(in: buffer, at: offset)
                if case .record(let record, let next) = frame {
                    try body(record, offset)
                    offset = next
                    validEnd = next
                    continue
                }
                if case .malformed(let detail) = frame {
                    throw corrupted(name, at: offset, "a frame passes its checksums but is malformed: \(detail)")
                }
                // Damage. Where could the next valid frame start? After the claimed end when the
                // header is intact, anywhere after this offset when it is not.
                let searchFrom: Int
                switch frame {
                case .truncated: searchFrom = buffer.count
                case .badPayload(let end): searchFrom = end
                default: searchFrom = offset + 1
                }
                guard let resume = FileStoreFormat.nextValidFrame(in: buffer, from: searchFrom) else {
                    // Nothing valid follows: a torn tail.
                    guard tornTailAllowed || options.corruptionPolicy == .salvage else {
                        throw corrupted(name, at: offset, "the file is cut short or damaged at its end")
                    }
                    if tornTailAllowed {
                        report.truncatedTailBytes = Int64(buffer.count - offset)
                    } else {
                        report.skippedRanges.append(
                            FileStore.SkippedRange(file: name, offset: Int64(offset), length: Int64(buffer.count - offset)))
                    }
                    return validEnd
                }
                guard options.corruptionPolicy == .salvage else {
                    throw corrupted(
                        name, at: offset,
                        "a damaged frame (checksum mismatch) is followed by valid frames at byte \(resume); "
                            + "acknowledged writes may be affected, so the store refuses to guess")
                }
                report.skippedRanges.append(
                    FileStore.SkippedRange(file: name, offset: Int64(offset), length: Int64(resume - offset)))
                offset = resume
            }
            return validEnd
        }
    }

    /// Writes a complete snapshot of `table` for `generation` into a temporary file and syncs
    /// it. Returns the temporary file's path and size; ``installSnapshot(_:generation:)`` puts it
    /// in place.
    func writeSnapshot(_ table: RecordTable, generation: UInt64) throws(StoreError) -> (path: String, size: Int64) {
        let temporary = path(Self.snapshotName(generation) + ".tmp")
        var size: Int64 = 0
        do throws(SystemCallError) {
            try FileSystem.remove(temporary)
            let file = try OpenFile.open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW)
            var buffer: [UInt8] = []
            buffer.reserveCapacity(1 << 20)
            var failure: SystemCallError?
            table.forEach { collection, key, entry in
                guard failure == nil else { return }
                FileStoreFormat.encode(
                    .put(collection: collection, key: key, value: entry.value, version: entry.version), into: &buffer)
                if buffer.count >= 1 << 20 {
                    do throws(SystemCallError) {
                        try file.writeAll(buffer)
                    } catch {
                        failure = error
                    }
                    size += Int64(buffer.count)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            if let failure { throw failure }
            FileStoreFormat.encode(
                .snapshotEnd(recordCount: UInt64(table.recordCount), lastVersion: RecordVersion(table.lastVersion)),
                into: &buffer)
            try file.writeAll(buffer)
            size += Int64(buffer.count)
            try file.sync()
        } catch {
            try? FileSystem.remove(temporary)
            throw Self.ioError(error)
        }
        return (temporary, size)
    }

    /// Renames a synced temporary snapshot into place. A failed rename changes nothing (the
    /// temporary file is removed); the caller syncs the directory next.
    func installSnapshot(_ temporary: String, generation: UInt64) throws(StoreError) {
        do {
            try FileSystem.rename(temporary, to: path(Self.snapshotName(generation)))
        } catch {
            try? FileSystem.remove(temporary)
            throw Self.ioError(error)
        }
    }

    /// Creates the (empty) log of `generation`, opened for appending.
    func createLog(generation: UInt64) throws(SystemCallError) -> OpenFile {
        try OpenFile.open(path(Self.logName(generation)), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_NOFOLLOW)
    }
}
