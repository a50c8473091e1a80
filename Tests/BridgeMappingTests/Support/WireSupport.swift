import BridgeMapping
import BridgeModels
import Foundation
import Testing

/// Fixed instants for the fixtures.
enum WireFixtures {
    static let due = try! RFC3339.parse("2026-11-27T22:00:00Z")
    static let start = try! RFC3339.parse("2026-11-20T14:03:00Z")
    static let sla = try! RFC3339.parse("2026-11-24T17:00:00Z")

    static let alice = "fbab97d0-4932-4511-b675-204639209557"
    static let bob = "9e0a8b3c-1d2f-4a5b-8c7d-6e5f4a3b2c1d"

    static let plannerDestination = PlannerDestination(
        planId: "xqQg5FS2LkCp935s-FIFm2QAFkHM", bucketId: "hsOf2dhOJkqyYYZEtdzDe2QAIUCR", assignees: [alice],
        categories: ["logistics": PlannerCategory(number: 3)!, "escalated": PlannerCategory(number: 1)!])

    static let caseIdField = "0a52c486-5f05-403b-b4fd-c512ff05131c"
    static let amountField = "03efda77-c7a0-42d3-8afd-fd546353c2f5"
    static let slaField = "5c1f3a2e-7b8d-4e6f-9a0b-1c2d3e4f5a6b"
    static let partnerField = "8d7e6f5a-4b3c-4d2e-9f1a-0b9c8d7e6f5a"

    static let clickUpDestination = ClickUpDestination(
        listId: "901", teamId: "9012345", assignees: [183],
        statuses: [.open: "to do", .inProgress: "in progress", .inReview: "in review", .closed: "complete"],
        customFields: [.caseId: caseIdField, .amount: amountField, .slaDue: slaField, .partner: partnerField])

    /// A shipment discrepancy work item, as the lead's case → work item mapping makes one.
    static func item(_ destination: WorkDestination) -> WorkItem {
        WorkItem(
            title: "ASN quantity does not match receipt for PO 4471",
            description: [
                .heading("Shipment discrepancy"),
                .paragraph("Carton 00012345678901234567 was received with 40 units; the ASN says 48."),
                .field(label: "Partner", value: "Acme Retail (ACME)"),
                .bullets(["PO PO-4471", "ASN SH-99812"]),
                .link(title: "receiving-report.pdf", url: "https://community.example.com/docs/D-501"),
            ],
            priority: .high, startAt: start, dueAt: due,
            assigneeIDs: destination.tracker == .planner ? [bob] : ["184"],
            labels: ["logistics", "unmapped"],
            checklist: [ChecklistEntry(title: "Re-count carton"), ChecklistEntry(title: "Reply to partner", isChecked: true)],
            documents: [
                DocumentLink(
                    documentId: "D-501", name: "receiving-report.pdf", kind: .proofOfDelivery,
                    url: "https://community.example.com/docs/D-501", mediaType: "application/pdf", size: 48213)
            ],
            // A fixed marker text: the payload goldens test the wire format, not how markers are made.
            destination: destination, marker: IdempotencyMarker(rawValue: "TG-ACME-C-1001"),
            fields: [
                .partner: .text("Acme Retail (ACME)"), .caseId: .text("C-1001"),
                .amount: .money(Money("1250.10", currency: .usd)!), .slaDue: .date(sla),
                .transactionReference: .text("PO-4471"),
            ],
            partnerId: "ACME", caseId: "C-1001")
    }

    static var plannerItem: WorkItem {
        item(.planner(planId: "xqQg5FS2LkCp935s-FIFm2QAFkHM", bucketId: nil))
    }

    static var clickUpItem: WorkItem {
        item(.clickUp(listId: "901"))
    }
}

/// Encodes a body with the project's stable encoder.
func stableJSON<T: Encodable>(_ value: T) throws -> String {
    try StableJSON.string(value)
}

/// Parses JSON text into Foundation objects.
func foundationJSON(_ text: String) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
}

/// Runs `body`, expecting an `InputError`, and returns it.
func expectInputError<T>(
    _ body: () throws -> T, sourceLocation: SourceLocation = #_sourceLocation
) -> InputError? {
    do {
        let value = try body()
        Issue.record("expected an InputError, got \(value)", sourceLocation: sourceLocation)
        return nil
    } catch let error as InputError {
        return error
    } catch {
        Issue.record("expected an InputError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// A deterministic SplitMix64 generator for seeded property tests.
struct WireRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The repository root, found from this file's location.
let wireRepositoryRoot: URL = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<4 { url.deleteLastPathComponent() }
    return url
}()

/// The ```json blocks of a Markdown file in the repository.
func wireJSONBlocks(inMarkdown path: String) throws -> [String] {
    let text = try String(contentsOf: wireRepositoryRoot.appendingPathComponent(path), encoding: .utf8)
    var blocks: [String] = []
    var current: [Substring]?
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
        if current == nil, line.trimmingCharacters(in: .whitespaces) == "```json" {
            current = []
        } else if let lines = current, line.trimmingCharacters(in: .whitespaces) == "```" {
            blocks.append(lines.joined(separator: "\n"))
            current = nil
        } else {
            current?.append(line)
        }
    }
    return blocks
}

/// A JSON value as canonical text: object members sorted by key, numbers as written.
func canonicalJSON(_ value: JSONValue) -> String {
    switch value {
    case .null: return "null"
    case .bool(let flag): return flag ? "true" : "false"
    case .number(let text): return text
    case .string(let text): return text.debugDescription
    case .array(let items): return "[" + items.map(canonicalJSON).joined(separator: ",") + "]"
    case .object(let object):
        return "{" + object.keys.sorted().map { $0.debugDescription + ":" + canonicalJSON(object[$0] ?? .null) }.joined(separator: ",") + "}"
    }
}
