import BridgeConnectors
import BridgeMapping
import BridgeModels
import BridgeTesting
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A ClickUp fake with one workspace, one list and one token, and a client over it.
struct ClickUpWorld {
    static let token = "pk_TEST-placeholder-clickup-0003"
    static let workspace = "9012345"
    static let listId = "901"
    static let caseIdField = "0a52c486-5f05-403b-b4fd-c512ff05131c"
    static let amountField = "03efda77-c7a0-42d3-8afd-fd546353c2f5"
    static let tierField = "7d1c0e8a-2b3f-4c5d-8e9f-0a1b2c3d4e5f"
    static let goldOption = "e1f2a3b4-c5d6-4e7f-8091-a2b3c4d5e6f7"
    static let silverOption = "f2a3b4c5-d6e7-4f80-91a2-b3c4d5e6f7a8"
    static let ops = ClickUpFake.User(id: 183, username: "ops")

    let clock: ManualClock
    let fake: ClickUpFake
    let recorder: RecordingMiddleware
    let client: ClickUpClient

    /// - Parameters:
    ///   - middlewares: Middlewares between the authorization and the fake (retries, pacing).
    ///   - configuration: The client's configuration.
    ///   - customTaskIDPrefix: Gives tasks custom ids.
    ///   - storageLimitBytes: The workspace's attachment storage.
    static func make(
        middlewares: (ManualClock) -> [any TransportMiddleware] = { _ in [] },
        configuration: ClickUpClient.Configuration = ClickUpClient.Configuration(boundaries: .seeded(7)),
        customTaskIDPrefix: String? = nil, storageLimitBytes: Int? = nil, fakeConfiguration: ClickUpFake.Configuration = .init()
    ) async -> ClickUpWorld {
        let clock = ManualClock()
        let fake = ClickUpFake(clock: clock, configuration: fakeConfiguration)
        await fake.addWorkspace(workspace, customTaskIDPrefix: customTaskIDPrefix, storageLimitBytes: storageLimitBytes)
        await fake.addToken(token, user: ops)
        await fake.addList(
            ClickUpFake.List(
                id: listId, workspaceId: workspace,
                customFields: [
                    ClickUpFake.CustomField(id: caseIdField, name: "Case", type: "short_text"),
                    ClickUpFake.CustomField(id: amountField, name: "Amount", type: "currency"),
                    ClickUpFake.CustomField(
                        id: tierField, name: "Tier", type: "drop_down",
                        options: [ClickUpFake.Option(id: goldOption, name: "Gold"), ClickUpFake.Option(id: silverOption, name: "Silver")]),
                ]))
        let recorder = RecordingMiddleware()
        let transport = fake.with(
            [AuthorizationMiddleware(scheme: .clickUp, token: Secret(token), connector: .clickUp), recorder] + middlewares(clock))
        var configuration = configuration
        configuration.wallClock = clock.wallClock
        return ClickUpWorld(clock: clock, fake: fake, recorder: recorder, client: ClickUpClient(transport: transport, configuration: configuration))
    }

    static var destination: ClickUpDestination {
        ClickUpDestination(
            listId: listId, teamId: workspace, assignees: [183],
            statuses: [.open: "to do", .inProgress: "in progress", .inReview: "in review", .closed: "complete"],
            customFields: [.caseId: caseIdField, .amount: amountField])
    }

    static func item(case caseId: String = "C-1001", documents: [DocumentLink] = []) -> WorkItem {
        WorkItem(
            title: "ASN quantity does not match receipt for PO 4471",
            description: [.paragraph("Carton 0001 was received with 40 units; the ASN says 48.")], priority: .high,
            dueAt: Date(epochMilliseconds: 1_767_830_400_000), assigneeIDs: ["184"], labels: ["logistics"],
            documents: documents, destination: .clickUp(listId: listId),
            marker: IdempotencyMarker(partner: "ACME", case: CaseID(rawValue: caseId)),
            fields: [.amount: .number(Decimal(string: "1250.10")!)], partnerId: "ACME", caseId: CaseID(rawValue: caseId))
    }
}


/// Runs `operation` while moving `clock` to each sleeper's deadline, so code that waits on the
/// clock (pacing, retries) finishes without any wall-clock wait.
func drive<T: Sendable>(_ clock: ManualClock, _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
    let done = LockedValue(false)
    let task = Task {
        defer { done.withLock { $0 = true } }
        return try await operation()
    }
    while !done.withLock({ $0 }) {
        if clock.sleeperCount > 0 { clock.advanceToNextDeadline() } else { await Task.yield() }
    }
    return try await task.value
}

/// The error `body` throws, as `E`, or `nil` (recording an issue) when it throws nothing or
/// something else.
func caught<E: Error>(_ type: E.Type, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void) async -> E? {
    do {
        try await body()
        Issue.record("expected \(E.self), nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as E {
        return error
    } catch {
        Issue.record("expected \(E.self), got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

/// The text of a request body.
func bodyText(_ request: ConnectorRequest) -> String { String(decoding: request.body, as: UTF8.self) }
