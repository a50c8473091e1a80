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

/// A Planner fake with one plan, a manual clock, and a client over the fake.
struct PlannerHarness {
    let clock: ManualClock
    let fake: PlannerFake
    let plan: PlannerFake.Plan
    let recorder: RecordingMiddleware

    static let alice = "fbab97d0-4932-4511-b675-204639209557"
    static let bob = "6f3c1a2b-9d8e-4f70-a1b2-c3d4e5f60718"

    static func make(
        pageSize: Int = 100, limits: PlannerFake.Limits = PlannerFake.Limits(),
        staleETagStatus: HTTPStatus = .preconditionFailed,
        buckets: Int = 2
    ) async -> PlannerHarness {
        let clock = ManualClock()
        let fake = PlannerFake(
            seed: 42, wallClock: clock.wallClock, pageSize: pageSize, limits: limits, staleETagStatus: staleETagStatus)
        let plan = await fake.addPlan(bucketCount: buckets)
        return PlannerHarness(clock: clock, fake: fake, plan: plan, recorder: RecordingMiddleware())
    }

    /// A client straight over the fake (with the recorder), plus any middlewares in front.
    func client(_ middlewares: [any TransportMiddleware] = [], options: PlannerClient.Options = PlannerClient.Options())
        -> PlannerClient
    {
        PlannerClient(
            transport: fake.with(middlewares + [recorder]), options: options, clock: clock, wallClock: clock.wallClock)
    }

    /// A retry middleware waiting on the harness clock, without jitter.
    func retry(maxAttempts: Int = 4) -> RetryMiddleware {
        RetryMiddleware(
            policy: RetryPolicy(maxAttempts: maxAttempts, backoff: .exponential(jitter: .none)), clock: clock,
            wallClock: clock.wallClock, randomNumberGenerator: SeededRandomNumberGenerator(seed: 1))
    }

    var destination: PlannerDestination {
        PlannerDestination(
            planId: plan.id, bucketId: plan.bucketIds[0], assignees: [PlannerHarness.alice],
            categories: ["logistics": PlannerCategory(number: 3)!, "escalated": PlannerCategory(number: 1)!])
    }

    /// A shipment discrepancy work item for the harness plan.
    func item(marker: String = "C-1001", checklist: [ChecklistEntry]? = nil, documents: [DocumentLink]? = nil)
        -> WorkItem
    {
        WorkItem(
            title: "ASN quantity does not match receipt for PO 4471",
            description: [.paragraph("Carton 00012345678901234567 was received with 40 units; the ASN says 48.")],
            priority: .high, dueAt: Date(timeIntervalSince1970: 1_767_830_400), labels: ["logistics"],
            checklist: checklist ?? [
                ChecklistEntry(title: "Count the cartons"), ChecklistEntry(title: "Call the carrier"),
            ],
            documents: documents ?? [
                DocumentLink(
                    documentId: "D-501", name: "receiving-report.pdf", url: "https://community.example.com/docs/D-501",
                    mediaType: "application/pdf")
            ],
            destination: .planner(planId: plan.id, bucketId: nil),
            marker: IdempotencyMarker(partner: "ACME", case: CaseID(rawValue: marker)),
            partnerId: "ACME", caseId: CaseID(rawValue: marker))
    }

    /// Creates a task directly in the fake (as the bridge would) and returns it.
    func createTask(title: String = "Check the ASN [TG-ACME-C-9]") async throws -> PlannerTask {
        try await client().createTask(PlannerTaskCreate(planId: plan.id, bucketId: plan.bucketIds[0], title: title))
    }
}

extension RecordingMiddleware {
    /// `METHOD path → status`, e.g. `PATCH /planner/tasks/abc → 412`.
    var summary: [String] {
        exchanges.map { entry in
            let path = String(entry.request.url.absoluteString.dropFirst(PlannerWire.baseURL.count))
            return "\(entry.request.method) \(path) → \(entry.response.map { String($0.status.code) } ?? "error")"
        }
    }
}

/// Runs `action` before every request that `matches`, e.g. a person editing the task just before
/// the bridge's PATCH arrives.
struct BeforeRequestMiddleware: TransportMiddleware {
    var matches: @Sendable (ConnectorRequest) -> Bool
    var action: @Sendable () async throws -> Void

    func intercept(
        _ request: ConnectorRequest, next: @Sendable (ConnectorRequest) async throws -> ConnectorResponse
    ) async throws -> ConnectorResponse {
        if matches(request) { try await action() }
        return try await next(request)
    }
}

/// Runs `body`, expecting a `ConnectorError`, and returns it (see `caught(_:_:)`).
func expectConnectorError(
    sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void
) async -> ConnectorError? {
    await caught(ConnectorError.self, sourceLocation: sourceLocation, body)
}
