import BridgeConnectors
import BridgeTesting
import Foundation
import Testing

@Suite struct InMemoryStoreTests {
    @Test func passesTheConformanceSuite() async throws {
        let passed = try await StoreConformance.run { InMemoryStore() }
        #expect(passed.count == StoreConformance.checks.count)
    }

    @Test func versionsComeFromOneCounterAcrossCollections() async throws {
        let store = InMemoryStore()
        let a = try await store.write(Data("1".utf8), to: StoreKey("k"), in: StoreCollection("one"), expecting: nil)
        let b = try await store.write(Data("2".utf8), to: StoreKey("k"), in: StoreCollection("two"), expecting: nil)
        #expect(a == RecordVersion(1))
        #expect(b == RecordVersion(2))
        #expect(await store.recordCount == 2)
    }

    @Test func deletingTheLastRecordLeavesAnEmptyScan() async throws {
        let store = InMemoryStore()
        let collection = try StoreCollection("things")
        let version = try await store.write(Data(), to: StoreKey("only"), in: collection, expecting: nil)
        try await store.delete(StoreKey("only"), in: collection, expecting: version)
        #expect(await store.scan(collection, prefix: "", after: nil, limit: 10).isEmpty)
        #expect(await store.recordCount == 0)
    }
}
