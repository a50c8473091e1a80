import BridgeConnectors
import BridgeModels
import BridgeTesting
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Shared helpers for the BridgeConnectors tests.
enum TransportFixtures {
    /// A token that must never appear in any description or error.
    static let token = "pk_TEST-placeholder-secret-0001"

    static func request(
        _ method: HTTPMethod = .get, _ url: String = "https://api.clickup.com/api/v2/task/abc",
        connector: ConnectorID = .clickUp, operation: String = "getTask", fields: HTTPFields = [:],
        body: [UInt8] = [], isIdempotent: Bool? = nil
    ) -> ConnectorRequest {
        // The URLs passed here are literals written in the tests; a failure is a bug in a test.
        try! ConnectorRequest(
            method: method, url: URL(string: url)!, fields: fields, body: body, connector: connector,
            operation: operation, isIdempotent: isIdempotent)
    }

    /// 2026-01-01T00:00:00Z, the default start of `ManualClock`.
    static let startDate = Date(timeIntervalSince1970: 1_767_225_600)
}

/// An ordered log shared by concurrent tasks in a test.
final class EventLog: Sendable {
    private let entries = LockedValue<[String]>([])
    func append(_ entry: String) { entries.withLock { $0.append(entry) } }
    var all: [String] { entries.withLock { $0 } }
}
