#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
import BridgeModels

/// Where the bridge keeps all of its state: versioned records in named collections, every write
/// compare-and-swap on the record's version.
///
/// The protocol is deliberately small so a host can implement it on its own database in an
/// afternoon: four async requirements over bytes. Everything the sync engine needs (case links,
/// SLA clocks, processed event ids, the write-ahead outbox with leases, dead letters, poll
/// cursors) is built on top of them in extensions, so every store gets the same, tested
/// behaviour.
///
/// Two stores ship with the library: ``InMemoryStore`` (single process, tests) and ``FileStore``
/// (a crash-safe directory). `BridgeTesting` has `StoreConformance`, a suite a host runs against
/// its own implementation.
///
/// ### Implementation requirements
///
/// - Reads return exactly the bytes last written and the version that write returned.
/// - ``write(_:to:in:expecting:)`` succeeds only when the record's current version equals
///   `expected` (`nil`: only when the record is absent); otherwise it throws ``StoreConflict``
///   carrying the current version. Check and write must be atomic: of several concurrent writers
///   expecting the same version, exactly one succeeds. In SQL, `UPDATE … SET value = ?,
///   version = ? WHERE collection = ? AND key = ? AND version = ?` and check the row count; for
///   inserts, a primary key on `(collection, key)`.
/// - Every successful write gives the record a version the key never had before, even across a
///   delete and re-insert (use one store-wide sequence, or keep a per-key counter in a tombstone).
/// - ``delete(_:in:expecting:)`` is compare-and-swap as well.
/// - ``scan(_:prefix:after:limit:)`` orders by the key's UTF-8 bytes (a binary collation, such as
///   SQLite's default, PostgreSQL `COLLATE "C"`, MySQL `utf8mb4_bin`), returns keys starting with
///   `prefix` (compare bytes: never translate the prefix into a `LIKE` pattern, where `%` and `_`
///   are wildcards) and strictly greater than `after`, at most `limit` of them.
/// - A write is acknowledged (the call returns) only once it is durable to the degree the host
///   needs.
/// - Errors other than conflicts are thrown as they are; ``StoreError`` is there for a store's
///   own failures.
///
/// ### Partitioning
///
/// Every per-partner record (cases, SLA clocks, processed events, outbox entries) has a key whose
/// first segment is the escaped partner id (``StoreKey/prefix(_:)``). Engine instances that share
/// one store each own a set of partners and pass the partner to the domain APIs, which scan only
/// that prefix; a host database can shard on the first key segment.
public protocol BridgeStore: Sendable {
    /// Reads one record.
    ///
    /// - Returns: The record, or `nil` when there is none.
    func read(_ key: StoreKey, in collection: StoreCollection) async throws -> StoredRecord?

    /// Writes a record if its current version is `expected`.
    ///
    /// - Parameters:
    ///   - value: The bytes to store.
    ///   - key: The record's key.
    ///   - collection: The record's collection.
    ///   - expected: The version the record must have now; `nil` means the record must not exist
    ///     (insert only if absent).
    /// - Returns: The record's new version.
    /// - Throws: ``StoreConflict`` when the record's version is not `expected`.
    func write(_ value: Data, to key: StoreKey, in collection: StoreCollection, expecting expected: RecordVersion?)
        async throws -> RecordVersion

    /// Deletes a record if its current version is `expected`.
    ///
    /// - Throws: ``StoreConflict`` when the record does not exist or has another version.
    func delete(_ key: StoreKey, in collection: StoreCollection, expecting expected: RecordVersion) async throws

    /// Reads records in key order (by UTF-8 bytes).
    ///
    /// - Parameters:
    ///   - collection: The collection to read.
    ///   - prefix: Only keys whose bytes start with this text (`""`: every key).
    ///   - after: Only keys strictly after this one (`nil`: from the start); pass the last key of
    ///     the previous page to continue.
    ///   - limit: The most records to return (a positive number).
    /// - Returns: At most `limit` records; fewer than `limit` means there are no more.
    func scan(_ collection: StoreCollection, prefix: String, after: StoreKey?, limit: Int) async throws
        -> [StoredRecord]
}

// MARK: - Typed records

/// The JSON coding of every record the library writes: `StableJSON` on the way in (sorted keys,
/// RFC 3339 dates), a `JSONDecoder` reading RFC 3339 dates on the way out. Dates keep millisecond
/// precision.
enum StoreCodec {
    static func encode<T: Encodable>(_ value: T) throws -> Data {
        try StableJSON.encode(value)
    }

    static func decode<T: Decodable>(_ type: T.Type, from record: StoredRecord, in collection: StoreCollection) throws
        -> T
    {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            do throws(RFC3339.ParseError) {
                return try RFC3339.parse(text)
            } catch {
                throw InputError(path: JSONPath(codingPath: decoder.codingPath), reason: .invalidDate(error.detail))
            }
        }
        do {
            return try decoder.decode(type, from: record.value)
        } catch let error as InputError {
            throw StoreCodec.invalid(error, record: record, collection: collection)
        } catch let error as DecodingError {
            throw StoreCodec.invalid(InputError(error), record: record, collection: collection)
        }
    }

    static func invalid(_ error: InputError, record: StoredRecord, collection: StoreCollection) -> StoreError {
        StoreError(
            code: .invalidRecord,
            detail: "record \(collection)/\"\(TextSanitizer.quotedFragment(record.key.rawValue, limit: 120))\" "
                + "(version \(record.version)) does not decode",
            inputError: error)
    }
}

extension BridgeStore {
    /// Reads and decodes one record.
    ///
    /// - Returns: The value and its version, or `nil` when there is no record.
    /// - Throws: ``StoreError`` with ``StoreError/Code/invalidRecord`` when the bytes do not
    ///   decode as `type`, or the store's own error.
    public func readValue<Value: Decodable>(_ type: Value.Type, key: StoreKey, in collection: StoreCollection)
        async throws -> Versioned<Value>?
    {
        guard let record = try await read(key, in: collection) else { return nil }
        return Versioned(value: try StoreCodec.decode(type, from: record, in: collection), version: record.version)
    }

    /// Encodes a value as stable JSON and writes it if the record's version is `expected`.
    ///
    /// - Parameters:
    ///   - value: The value to store.
    ///   - key: The record's key.
    ///   - collection: The record's collection.
    ///   - expected: The version the record must have now; `nil`: it must not exist.
    /// - Returns: The new version.
    /// - Throws: ``StoreConflict`` when the version differs.
    @discardableResult
    public func writeValue<Value: Encodable>(
        _ value: Value, to key: StoreKey, in collection: StoreCollection, expecting expected: RecordVersion?
    ) async throws -> RecordVersion {
        try await write(try StoreCodec.encode(value), to: key, in: collection, expecting: expected)
    }

    /// Reads, transforms and writes back one record, retrying when another writer got there
    /// first: an optimistic read-modify-write.
    ///
    /// `transform` receives the current value (`nil` when there is none) and changes it in
    /// place; setting it to `nil` deletes the record. It may run several times, so keep it free
    /// of side effects. When the value is unchanged, nothing is written.
    ///
    /// - Parameters:
    ///   - type: The record's type.
    ///   - key: The record's key.
    ///   - collection: The record's collection.
    ///   - maxAttempts: How many conflicts to tolerate before giving up.
    ///   - transform: The change to apply.
    /// - Returns: The value now stored and its version, or `nil` when no record is left.
    /// - Throws: ``StoreError`` with ``StoreError/Code/contention`` after `maxAttempts`
    ///   conflicts, anything `transform` throws, or the store's own error.
    @discardableResult
    public func update<Value: Codable & Equatable>(
        _ type: Value.Type, key: StoreKey, in collection: StoreCollection, maxAttempts: Int = 16,
        _ transform: (inout Value?) throws -> Void
    ) async throws -> Versioned<Value>? {
        for _ in 0..<max(1, maxAttempts) {
            let current = try await readValue(type, key: key, in: collection)
            var value = current?.value
            try transform(&value)
            do {
                switch (current, value) {
                case (nil, nil):
                    return nil
                case (let current?, nil):
                    try await delete(key, in: collection, expecting: current.version)
                    return nil
                case (let current?, let value?) where current.value == value:
                    return current
                case (_, let value?):
                    let version = try await writeValue(value, to: key, in: collection, expecting: current?.version)
                    return Versioned(value: value, version: version)
                }
            } catch is StoreConflict {
                continue
            }
        }
        throw StoreError(
            code: .contention,
            detail: "gave up on \(collection)/\"\(TextSanitizer.quotedFragment(key.rawValue, limit: 120))\" "
                + "after \(max(1, maxAttempts)) conflicting writes")
    }

    /// Reads every record of a collection (or of one prefix) in key order, page by page.
    ///
    /// - Parameters:
    ///   - collection: The collection to read.
    ///   - prefix: Only keys starting with this text.
    ///   - pageSize: Records per ``scan(_:prefix:after:limit:)`` call.
    ///   - body: Called with each record in order; return `false` to stop early.
    public func forEachRecord(
        in collection: StoreCollection, prefix: String = "", pageSize: Int = 256,
        _ body: (StoredRecord) async throws -> Bool
    ) async throws {
        var after: StoreKey?
        while true {
            let page = try await scan(collection, prefix: prefix, after: after, limit: max(1, pageSize))
            for record in page {
                guard try await body(record) else { return }
            }
            guard page.count >= max(1, pageSize), let last = page.last else { return }
            after = last.key
        }
    }

    /// Deletes each record if it still has the version it was read with; records changed or
    /// deleted meanwhile (by another writer or pruner) are skipped.
    ///
    /// - Returns: How many records were deleted.
    func deleteUnchanged(_ records: [StoredRecord], in collection: StoreCollection) async throws -> Int {
        var deleted = 0
        for record in records {
            do {
                try await delete(record.key, in: collection, expecting: record.version)
                deleted += 1
            } catch is StoreConflict {
                continue
            }
        }
        return deleted
    }

    /// Reads every record of a collection (or of one prefix) in key order.
    public func allRecords(in collection: StoreCollection, prefix: String = "") async throws -> [StoredRecord] {
        var records: [StoredRecord] = []
        try await forEachRecord(in: collection, prefix: prefix) { record in
            records.append(record)
            return true
        }
        return records
    }
}
