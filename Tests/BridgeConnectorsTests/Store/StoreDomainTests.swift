import BridgeConnectors
import BridgeModels
import BridgeTesting
import Foundation
import Testing

@Suite struct StoreDomainTests {
    struct Counter: Codable, Equatable { var value: Int }

    @Test func updateWritesOnlyWhenTheValueChangesAndDeletesOnNil() async throws {
        let store = InMemoryStore()
        let collection = try StoreCollection("counters")
        let key = try StoreKey("c")
        let created = try #require(try await store.update(Counter.self, key: key, in: collection) { $0 = Counter(value: 1) })
        let unchanged = try #require(try await store.update(Counter.self, key: key, in: collection) { $0?.value = 1 })
        #expect(unchanged.version == created.version, "an unchanged value must not be written")
        let removed = try await store.update(Counter.self, key: key, in: collection) { $0 = nil }
        #expect(removed == nil)
        #expect(await store.read(key, in: collection) == nil)
    }

    @Test func updateGivesUpWithATypedLogSafeError() async throws {
        let store = AlwaysConflictingStore()
        let key = try StoreKey(segments: ["ACME", "C-\u{202E}1"])
        await #expect {
            try await store.update(Counter.self, key: key, in: StoreCollection("counters"), maxAttempts: 3) { $0 = Counter(value: 1) }
        } throws: { error in
            guard let error = error as? StoreError else { return false }
            return error.code == .contention && error.description.contains("after 3 conflicting writes")
                && !error.description.contains("\u{202E}")
        }
        #expect(await store.attempts == 3)
    }

    @Test func aRecordThatDoesNotDecodeIsATypedErrorWithItsPath() async throws {
        let store = InMemoryStore()
        let key = try StoreKey.caseRecord(partner: "ACME", case: "C-1")
        _ = try await store.write(Data(#"{"partnerId":"ACME","caseId":"C-1","links":[],"createdAt":"yesterday"}"#.utf8), to: key, in: .cases, expecting: nil)
        await #expect {
            _ = try await store.caseRecord(partner: "ACME", case: "C-1")
        } throws: { error in
            guard let error = error as? StoreError else { return false }
            return error.code == .invalidRecord && error.inputError?.path.description == "$.createdAt"
        }
    }

    @Test func conflictsDescribeThemselvesSafely() throws {
        let conflict = StoreConflict(
            collection: .cases, key: try StoreKey("ACME/C\"1"), expectedVersion: RecordVersion(4), currentVersion: nil)
        #expect(conflict.description == #"version conflict on cases/"ACME/C\"1": expected version 4, found no record"#)
    }

    @Test func outboxOwnersAreValidated() async throws {
        let store = InMemoryStore()
        await #expect(throws: InputError.self) {
            _ = try await store.claimNextOperation(String.self, owner: "engine\n1", now: Fixtures.referenceDate, leaseDuration: .seconds(1))
        }
    }

    @Test func outboxKeysSortInAppendOrderBeyondNineEntries() async throws {
        let store = InMemoryStore()
        for index in 1...12 {
            try await store.appendOperation("op\(index)", partner: "ACME", at: Fixtures.referenceDate)
        }
        let pending = try await store.outboxEntries(String.self, partner: "ACME")
        #expect(pending.map(\.value.operation) == (1...12).map { "op\($0)" })
        #expect(try StoreKey.outboxEntry(partner: "ACME", sequence: 12).rawValue == "ACME/00000000000000000012")
    }

    @Test func concurrentAppendsKeepDistinctSequenceNumbers() async throws {
        let store = InMemoryStore()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<20 {
                group.addTask { try await store.appendOperation("op\(index)", partner: "ACME", at: Fixtures.referenceDate) }
            }
            try await group.waitForAll()
        }
        let sequences = try await store.outboxEntries(String.self, partner: "ACME").map(\.value.sequence)
        #expect(sequences == Array(1...20))
    }

    @Test func deadLetterIdsSortByArrival() throws {
        let key = StoreKey.deadLetter(Fixtures.deadLetter())
        let parts = key.rawValue.split(separator: "-")
        #expect(parts.count == 2 && parts[0] == "001795183380000" && parts[1].count == 24)
    }
}

/// A store whose every write loses a race.
actor AlwaysConflictingStore: BridgeStore {
    private(set) var attempts = 0

    func read(_ key: StoreKey, in collection: StoreCollection) -> StoredRecord? { nil }

    func write(_ value: Data, to key: StoreKey, in collection: StoreCollection, expecting expected: RecordVersion?) throws
        -> RecordVersion
    {
        attempts += 1
        throw StoreConflict(collection: collection, key: key, expectedVersion: expected, currentVersion: RecordVersion(UInt64(attempts)))
    }

    func delete(_ key: StoreKey, in collection: StoreCollection, expecting expected: RecordVersion) throws {
        throw StoreConflict(collection: collection, key: key, expectedVersion: expected, currentVersion: nil)
    }

    func scan(_ collection: StoreCollection, prefix: String, after: StoreKey?, limit: Int) -> [StoredRecord] { [] }
}
