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

    @Test func aStoreLimitingBeforeFilteringByPrefixFailsThePrefixCheck() async throws {
        await expectFailure(of: "scan filters by prefix") { BrokenStore(flaw: .limitBeforePrefix) }
    }

    @Test func aStoreMatchingPrefixesIgnoringCaseFailsThePrefixCheck() async throws {
        await expectFailure(of: "scan filters by prefix") { BrokenStore(flaw: .caseInsensitivePrefix) }
    }

    @Test func aStoreDerivingVersionsFromTheBytesFailsTheRewriteCheck() async throws {
        await expectFailure(of: "rewriting the same bytes gives a new version") { BrokenStore(flaw: .contentVersions) }
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
    enum Flaw {
        case ignoresVersions, unorderedScan, perKeyVersions, wildcardPrefix
        /// Applies `limit` to the keys after `after`, then drops those outside the prefix (a
        /// store that pages in SQL and filters in code).
        case limitBeforePrefix
        /// Compares the prefix ignoring case (SQLite's `LIKE` with escaped wildcards).
        case caseInsensitivePrefix
        /// Uses a hash of the bytes as the version (a content ETag): rewriting earlier bytes
        /// brings an earlier version back.
        case contentVersions
    }

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
        let version: RecordVersion
        switch flaw {
        case .perKeyVersions?: version = RecordVersion((current?.rawValue ?? 0) + 1)
        case .contentVersions?: version = RecordVersion(value.reduce(14_695_981_039_346_656_037) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 })
        default: version = RecordVersion(counter)
        }
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
        func matches(_ key: StoreKey) -> Bool {
            switch flaw {
            case .wildcardPrefix?:
                // SQL LIKE semantics: '%' any run, '_' any one character (a classic host bug).
                return Self.like(key.rawValue, pattern: prefix + "%")
            case .caseInsensitivePrefix?:
                return key.rawValue.lowercased().hasPrefix(prefix.lowercased())
            default:
                return key.hasBytePrefix(prefix)
            }
        }
        let afterCursor = list.filter { record in after.map { after in after < record.key } ?? true }
        let page =
            flaw == .limitBeforePrefix
            ? afterCursor.prefix(limit).filter { matches($0.key) }
            : Array(afterCursor.filter { matches($0.key) }.prefix(limit))
        return page.map { StoredRecord(key: $0.key, value: $0.value, version: $0.version) }
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
