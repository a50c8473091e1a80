#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
public import BridgeConnectors
import BridgeModels

/// A suite a host runs against its own `BridgeStore` to show it behaves as the bridge needs:
/// compare-and-swap semantics, exactly one winner among concurrent writers, byte-ordered scans,
/// de-duplication, the outbox's claims and leases, dead letters, cursors, case links.
///
/// It imports no test framework: it throws ``StoreConformanceFailure`` on the first failed
/// expectation, naming the check, so it runs under Swift Testing, XCTest or a plain executable.
///
/// ```swift
/// @Test func myStoreConforms() async throws {
///     try await StoreConformance.run {
///         try await PostgresBridgeStore(pool: pool, schema: "test_\(UUID())")   // a fresh, empty store
///     }
/// }
/// ```
///
/// `makeStore` is called once per check and must return an empty store each time.
public enum StoreConformance: Sendable {
    /// One named check of the suite.
    public struct Check: Sendable {
        /// What the check shows, e.g. `concurrent conditional writers: exactly one wins`.
        public let name: String
        let body: @Sendable (any BridgeStore) async throws -> Void

        init(_ name: String, _ body: @escaping @Sendable (any BridgeStore) async throws -> Void) {
            self.name = name
            self.body = body
        }
    }

    /// Every check, in the order ``run(_:makeStore:)`` runs them.
    public static var checks: [Check] {
        basicChecks + scanChecks + concurrencyChecks + domainChecks
    }

    /// Runs checks against fresh stores.
    ///
    /// - Parameters:
    ///   - checks: The checks to run (default: all of ``checks``); filter by ``Check/name`` to
    ///     run a few.
    ///   - makeStore: Returns a new, empty store; called once per check.
    /// - Returns: The names of the checks that passed (all of them, when the call returns).
    /// - Throws: ``StoreConformanceFailure`` for the first check that fails, or the error
    ///   `makeStore` throws.
    @discardableResult
    public static func run(
        _ checks: [Check] = StoreConformance.checks, makeStore: () async throws -> any BridgeStore
    ) async throws -> [String] {
        var passed: [String] = []
        for check in checks {
            let store = try await makeStore()
            do {
                try await check.body(store)
            } catch var failure as StoreConformanceFailure {
                failure.check = check.name
                throw failure
            } catch {
                throw StoreConformanceFailure(check: check.name, message: "unexpected error: \(error)")
            }
            passed.append(check.name)
        }
        return passed
    }
}

/// A failed expectation of ``StoreConformance``: which check, what was expected and what
/// happened.
public struct StoreConformanceFailure: Error, Hashable, Sendable, CustomStringConvertible {
    /// The check's name.
    public var check: String
    /// What was expected and what happened.
    public var message: String

    /// Creates a failure.
    public init(check: String, message: String) {
        self.check = check
        self.message = message
    }

    /// `store conformance check "<check>" failed: <message>`.
    public var description: String { "store conformance check \"\(check)\" failed: \(message)" }
}

// MARK: - Expectations and samples

extension StoreConformance {
    /// Throws when `condition` is false.
    static func expect(_ condition: Bool, _ message: @autoclosure () -> String) throws {
        if !condition { throw StoreConformanceFailure(check: "", message: message()) }
    }

    /// Runs `body`, which must throw `StoreConflict` whose current version is `current`.
    static func expectConflict(
        current: RecordVersion?, _ what: String, _ body: () async throws -> Void
    ) async throws {
        do {
            try await body()
        } catch let conflict as StoreConflict {
            try expect(
                conflict.currentVersion == current,
                "\(what): the conflict reports current version \(conflict.currentVersion.map(\.description) ?? "nil"), "
                    + "expected \(current.map(\.description) ?? "nil (absent)")")
            return
        }
        throw StoreConformanceFailure(check: "", message: "\(what): succeeded, expected a StoreConflict")
    }

    /// The values the checks use.
    enum Sample {
        static let partner: PartnerID = "ACME"
        static let otherPartner: PartnerID = "GLOBEX"
        /// 2026-11-20T14:03:00Z.
        static let now = Date(epochMilliseconds: 1_795_183_380_000)

        /// ``now`` moved by `seconds`.
        static func time(_ seconds: Double) -> Date { now.addingTimeInterval(seconds) }
        static func collection() throws -> StoreCollection { try StoreCollection("conformance") }
        static func otherCollection() throws -> StoreCollection { try StoreCollection("conformance-other") }
        static func key(_ text: String) throws -> StoreKey { try StoreKey(text) }
        static func bytes(_ text: String) -> Data { Data(text.utf8) }
    }

    /// The operation type the outbox checks store.
    struct SampleOperation: Codable, Hashable, Sendable {
        var name: String
    }

    /// The SLA clock type the clock checks store: any `Codable` value works.
    struct SampleClock: Codable, Hashable, Sendable {
        var startedAt: Date
        var elapsed: Duration
        var isPaused: Bool
    }
}
