import BridgeMapping
import BridgeModels
import Foundation
import Testing

/// Golden request plans: every well-known case kind, on both trackers, through the shipped
/// example configuration — the exact requests `tgbridge map` prints and the connectors send.
///
/// Regenerate after an intended change with `UPDATE_GOLDENS=1 swift test --filter GoldenRequestsTests`
/// and review the diff; every body is also checked against the schema facts (``WireCheck``).
@Suite struct GoldenRequestsTests {
    static let cases: [(CaseKind, Tracker)] = CaseKind.wellKnown.flatMap { kind in [(kind, .planner), (kind, .clickUp)] }

    /// The example `case.opened` event with another kind.
    static func event(kind: CaseKind) throws -> CommunityEvent {
        var event = try exampleEvents()[0]
        guard case .caseOpened(var partnerCase) = event.body else { throw GoldenError.unexpectedExample }
        partnerCase.kind = kind
        event.body = .caseOpened(partnerCase)
        return event
    }

    enum GoldenError: Error { case unexpectedExample }

    static func goldenURL(_ kind: CaseKind, _ tracker: Tracker) -> URL {
        repositoryRoot.appendingPathComponent("Tests/BridgeMappingTests/Golden/\(kind.rawValue).\(tracker.rawValue).json")
    }

    @Test(arguments: cases)
    func requestsMatchTheGoldenFile(_ kind: CaseKind, _ tracker: Tracker) throws {
        let requests = try MappingPreview(configuration: try exampleConfiguration()).requests(for: try Self.event(kind: kind), tracker: tracker)
        let text = try StableJSON.string(MappingPreview.json(requests), pretty: true) + "\n"
        let url = Self.goldenURL(kind, tracker)
        if ProcessInfo.processInfo.environment["UPDATE_GOLDENS"] == "1" {
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        let golden = try String(contentsOf: url, encoding: .utf8)
        #expect(text == golden, "run UPDATE_GOLDENS=1 and review the diff of \(url.lastPathComponent)")
    }

    @Test(arguments: cases)
    func everyBodyKeepsTheSchemaFacts(_ kind: CaseKind, _ tracker: Tracker) throws {
        let requests = try MappingPreview(configuration: try exampleConfiguration()).requests(for: try Self.event(kind: kind), tracker: tracker)
        #expect(!requests.isEmpty)
        for request in requests {
            #expect(request.header("Authorization") != nil)
            guard let body = try request.body?.jsonValue() else { continue }
            let problems: [String]
            switch (request.tracker, request.purpose) {
            case (.planner, .createTask): problems = WireCheck.plannerCreate(body)
            case (.planner, .updateTaskDetails): problems = WireCheck.plannerDetails(body)
            case (.clickUp, .createTask): problems = WireCheck.clickUpCreate(body)
            default: problems = ["unexpected \(request.purpose) body in a create plan"]
            }
            #expect(problems.isEmpty, "\(request): \(problems)")
        }
    }

    @Test func thePlansHaveTheDocumentedShape() throws {
        let preview = MappingPreview(configuration: try exampleConfiguration())
        let dispute = try preview.requests(for: try Self.event(kind: .dispute), tracker: .planner)
        #expect(dispute.map(\.purpose) == [.createTask, .readTaskDetails, .updateTaskDetails])
        let split = try preview.requests(for: try Self.event(kind: .shipmentDiscrepancy), tracker: .clickUp)
        // Two departments, two tasks, each with its document upload.
        #expect(split.map(\.purpose) == [.createTask, .uploadAttachment, .createTask, .uploadAttachment])
    }
}
