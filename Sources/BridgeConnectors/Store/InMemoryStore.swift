#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// A ``BridgeStore`` in memory: the default for single-process hosts that can afford to lose
/// state on restart, and for tests.
///
/// It is an actor, so concurrent writers are serialised and compare-and-swap is exact: of several
/// writers expecting the same version, one wins and the others get ``StoreConflict``. Versions
/// come from one counter per store and never repeat. Nothing is written to disk; use
/// ``FileStore`` to keep state across restarts.
///
/// ```swift
/// let store = InMemoryStore()
/// let fresh = try await store.markEventProcessed(event.id, partner: event.partner.id, at: now)
/// ```
public actor InMemoryStore: BridgeStore {
    private var table = RecordTable()

    /// Creates an empty store.
    public init() {}

    /// Reads one record.
    public func read(_ key: StoreKey, in collection: StoreCollection) -> StoredRecord? {
        table.read(key, in: collection)
    }

    /// Writes a record if its version is `expected` (`nil`: only if absent).
    ///
    /// - Throws: ``StoreConflict`` when the version differs.
    public func write(_ value: Data, to key: StoreKey, in collection: StoreCollection, expecting expected: RecordVersion?)
        throws -> RecordVersion
    {
        try table.checkVersion(key, in: collection, expected: expected)
        let version = table.nextVersion()
        table.put(value, for: key, in: collection, version: version)
        return version
    }

    /// Deletes a record if its version is `expected`.
    ///
    /// - Throws: ``StoreConflict`` when the record is absent or has another version.
    public func delete(_ key: StoreKey, in collection: StoreCollection, expecting expected: RecordVersion) throws {
        try table.checkVersion(key, in: collection, expected: expected)
        table.remove(key, in: collection)
    }

    /// Reads records in key order.
    public func scan(_ collection: StoreCollection, prefix: String, after: StoreKey?, limit: Int) -> [StoredRecord] {
        table.scan(collection, prefix: prefix, after: after, limit: limit)
    }

    /// The number of records in all collections.
    public var recordCount: Int { table.recordCount }
}
