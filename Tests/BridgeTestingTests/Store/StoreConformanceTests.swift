import BridgeConnectors
import BridgeTesting
import Foundation
import Testing

/// The suite must fail broken stores, naming the check, or it proves nothing.
@Suite struct StoreConformanceTests {
    @Test func checkNamesAreUnique() {
        let names = StoreConformance.checks.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(names.count >= 20)
    }

    @Test func aStoreIgnoringVersionsFailsTheInsertCheck() async throws {
        await expectFailure(of: "insert only if absent") { BrokenStore(flaw: .ignoresVersions) }
    }

    @Test func aStoreScanningInInsertionOrderFailsTheOrderCheck() async throws {
        await expectFailure(of: "scan orders keys by UTF-8 bytes") { BrokenStore(flaw: .unorderedScan) }
    }

    @Test func aStoreReusingVersionsFailsTheVersionCheck() async throws {
        await expectFailure(of: "versions never repeat after delete and re-insert") { BrokenStore(flaw: .perKeyVersions) }
    }

    @Test func aStoreTreatingPrefixesAsPatternsFailsThePrefixCheck() async throws {
        await expectFailure(of: "scan filters by prefix") { BrokenStore(flaw: .wildcardPrefix) }
    }

    @Test func aCorrectStorePassesEveryCheck() async throws {
        let passed = try await StoreConformance.run { BrokenStore(flaw: nil) }
        #expect(passed == StoreConformance.checks.map(\.name))
    }

    func expectFailure(of check: String, makeStore: @escaping @Sendable () -> BrokenStore) async {
        let checks = StoreConformance.checks.filter { $0.name == check }
        #expect(checks.count == 1)
        do {
            try await StoreConformance.run(checks) { makeStore() }
            Issue.record("the broken store passed \(check)")
        } catch let failure as StoreConformanceFailure {
            #expect(failure.check == check)
            #expect(failure.description.hasPrefix("store conformance check \"\(check)\" failed: "))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}

/// A store with one deliberate flaw (or none), to show the suite catches each.
actor BrokenStore: BridgeStore {
    enum Flaw { case ignoresVersions, unorderedScan, perKeyVersions, wildcardPrefix }

    let flaw: Flaw?
    private var records: [StoreCollection: [(key: StoreKey, value: Data, version: RecordVersion)]] = [:]
    private var counter: UInt64 = 0

    init(flaw: Flaw?) { self.flaw = flaw }

    func read(_ key: StoreKey, in collection: StoreCollection) -> StoredRecord? {
        records[collection]?.first { $0.key == key }.map { StoredRecord(key: $0.key, value: $0.value, version: $0.version) }
    }

    func write(_ value: Data, to key: StoreKey, in collection: StoreCollection, expecting expected: RecordVersion?) throws
        -> RecordVersion
    {
        var list = records[collection] ?? []
        let index = list.firstIndex { $0.key == key }
        let current = index.map { list[$0].version }
        if flaw != .ignoresVersions, current != expected {
            throw StoreConflict(collection: collection, key: key, expectedVersion: expected, currentVersion: current)
        }
        counter += 1
        let version = flaw == .perKeyVersions ? RecordVersion((current?.rawValue ?? 0) + 1) : RecordVersion(counter)
        if let index { list[index] = (key, value, version) } else { list.append((key, value, version)) }
        records[collection] = list
        return version
    }

    func delete(_ key: StoreKey, in collection: StoreCollection, expecting expected: RecordVersion) throws {
        let current = read(key, in: collection)?.version
        guard current == expected else {
            throw StoreConflict(collection: collection, key: key, expectedVersion: expected, currentVersion: current)
        }
        records[collection]?.removeAll { $0.key == key }
    }

    func scan(_ collection: StoreCollection, prefix: String, after: StoreKey?, limit: Int) -> [StoredRecord] {
        var list = records[collection] ?? []
        if flaw != .unorderedScan { list.sort { $0.key < $1.key } }
        return list.filter { record in
            let matches: Bool
            if flaw == .wildcardPrefix {
                // SQL LIKE semantics: '%' any run, '_' any one character (a classic host bug).
                matches = Self.like(record.key.rawValue, pattern: prefix + "%")
            } else {
                matches = record.key.hasBytePrefix(prefix)
            }
            return matches && (after.map { after in after < record.key } ?? true)
        }.prefix(limit).map { StoredRecord(key: $0.key, value: $0.value, version: $0.version) }
    }

    static func like(_ text: String, pattern: String) -> Bool {
        let text = Array(text), pattern = Array(pattern)
        func match(_ t: Int, _ p: Int) -> Bool {
            if p == pattern.count { return t == text.count }
            if pattern[p] == "%" { return (t...text.count).contains { match($0, p + 1) } }
            guard t < text.count, pattern[p] == "_" || pattern[p] == text[t] else { return false }
            return match(t + 1, p + 1)
        }
        return match(0, 0)
    }
}
