#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The in-memory state shared by ``InMemoryStore`` and ``FileStore``: per collection, a
/// dictionary of records plus the keys in byte order, so reads are O(1) and scans start with a
/// binary search.
struct RecordTable: Sendable {
    struct Entry: Sendable {
        var value: Data
        var version: RecordVersion
    }

    struct Column: Sendable {
        var entries: [StoreKey: Entry] = [:]
        /// Every key of ``entries``, sorted by UTF-8 bytes.
        var sortedKeys: [StoreKey] = []

        /// The index of the first key not less than `key` (by bytes).
        func lowerBound(_ key: String) -> Int {
            var low = 0
            var high = sortedKeys.count
            while low < high {
                let middle = (low + high) / 2
                if sortedKeys[middle].rawValue.utf8.lexicographicallyPrecedes(key.utf8) {
                    low = middle + 1
                } else {
                    high = middle
                }
            }
            return low
        }
    }

    private(set) var columns: [StoreCollection: Column] = [:]
    /// The highest version handed out so far.
    private(set) var lastVersion: UInt64 = 0
    /// The number of records and the bytes of their keys and values (for compaction decisions).
    private(set) var recordCount = 0
    private(set) var payloadBytes = 0

    func entry(_ key: StoreKey, in collection: StoreCollection) -> Entry? {
        columns[collection]?.entries[key]
    }

    func read(_ key: StoreKey, in collection: StoreCollection) -> StoredRecord? {
        entry(key, in: collection).map { StoredRecord(key: key, value: $0.value, version: $0.version) }
    }

    /// Throws unless the record's current version is `expected` (`nil`: absent).
    func checkVersion(_ key: StoreKey, in collection: StoreCollection, expected: RecordVersion?) throws(StoreConflict) {
        let current = entry(key, in: collection)?.version
        if current != expected {
            throw StoreConflict(collection: collection, key: key, expectedVersion: expected, currentVersion: current)
        }
    }

    /// The next version to hand out.
    mutating func nextVersion() -> RecordVersion {
        lastVersion += 1
        return RecordVersion(lastVersion)
    }

    /// Raises the version counter to at least `version` (recovery).
    mutating func noteVersion(_ version: RecordVersion) {
        lastVersion = max(lastVersion, version.rawValue)
    }

    mutating func put(_ value: Data, for key: StoreKey, in collection: StoreCollection, version: RecordVersion) {
        noteVersion(version)
        var column = columns.removeValue(forKey: collection) ?? Column()
        if let old = column.entries.updateValue(Entry(value: value, version: version), forKey: key) {
            payloadBytes -= old.value.count
        } else {
            column.sortedKeys.insert(key, at: column.lowerBound(key.rawValue))
            recordCount += 1
            payloadBytes += key.rawValue.utf8.count
        }
        payloadBytes += value.count
        columns[collection] = column
    }

    mutating func remove(_ key: StoreKey, in collection: StoreCollection) {
        guard var column = columns.removeValue(forKey: collection) else { return }
        if let old = column.entries.removeValue(forKey: key) {
            let index = column.lowerBound(key.rawValue)
            if index < column.sortedKeys.count, column.sortedKeys[index] == key {
                column.sortedKeys.remove(at: index)
            }
            recordCount -= 1
            payloadBytes -= old.value.count + key.rawValue.utf8.count
        }
        if !column.entries.isEmpty { columns[collection] = column }
    }

    func scan(_ collection: StoreCollection, prefix: String, after: StoreKey?, limit: Int) -> [StoredRecord] {
        guard limit > 0, let column = columns[collection] else { return [] }
        var index = column.lowerBound(prefix)
        if let after {
            var start = column.lowerBound(after.rawValue)
            if start < column.sortedKeys.count, column.sortedKeys[start] == after { start += 1 }
            index = max(index, start)
        }
        var records: [StoredRecord] = []
        while index < column.sortedKeys.count, records.count < limit {
            let key = column.sortedKeys[index]
            guard key.hasBytePrefix(prefix) else { break }
            if let entry = column.entries[key] {
                records.append(StoredRecord(key: key, value: entry.value, version: entry.version))
            }
            index += 1
        }
        return records
    }

    /// Every record, collections by name, keys in byte order.
    func forEach(_ body: (StoreCollection, StoreKey, Entry) throws -> Void) rethrows {
        for collection in columns.keys.sorted() {
            guard let column = columns[collection] else { continue }
            for key in column.sortedKeys {
                if let entry = column.entries[key] { try body(collection, key, entry) }
            }
        }
    }
}
