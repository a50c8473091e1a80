import Foundation
import TradingGridBridge

/// The Planner client's CPU cost on the paths that read a lot: the marker look-up after an
/// ambiguous create scans a whole plan (Planner allows 9,000 tasks), and a `$batch` answer holds up
/// to 20 responses. The transport answers from pre-encoded Graph JSON, so only the client's work
/// (strict parsing, decoding, marker matching, paging) is measured, against parsing the same bytes
/// with `StrictJSONParser` alone (the baseline).
enum PlannerClientBenchmarks {
    static let suite = Suite(name: "planner") { try run() }

    static let planId = "xqQg5FS2LkCp935s-FIFm2QAFkHM"
    static let taskCount = 9_000
    static let pageSize = 100

    /// Answers plan pages (`$skiptoken=<offset>`) and batches from bytes made up front.
    struct CannedGraph: HTTPTransport {
        var pages: [[UInt8]]
        var batchAnswer: [UInt8]

        func send(_ request: ConnectorRequest) async throws -> ConnectorResponse {
            let url = request.url.absoluteString
            if url.hasSuffix("/$batch") { return ConnectorResponse(status: .ok, body: batchAnswer) }
            let offset = url.split(separator: "=").last.flatMap { Int($0) } ?? 0
            return ConnectorResponse(status: .ok, body: pages[offset / PlannerClientBenchmarks.pageSize])
        }
    }

    static func taskJSON(_ index: Int) -> String {
        let id = "task" + String(repeating: "0", count: 24 - String(index).count) + String(index)
        return
            ##"{"@odata.etag":"W/\"JzEtVGFzayAgQEBAQEBAQEBAQEBAQEBAWCc=\"","planId":"\##(planId)","bucketId":"hsOf2dhOJkqyYYZEtdzDe2QAIUCR","title":"ASN quantity does not match receipt for PO \##(index) [TG-ACME-C-\##(index)]","orderHint":"8585269235419217847","assigneePriority":"","percentComplete":50,"startDateTime":null,"createdDateTime":"2026-01-01T00:00:00Z","dueDateTime":"2026-01-08T00:00:00Z","hasDescription":true,"previewType":"automatic","completedDateTime":null,"completedBy":null,"referenceCount":1,"checklistItemCount":2,"activeChecklistItemCount":1,"conversationThreadId":null,"priority":3,"id":"\##(id)","createdBy":{"user":{"displayName":null,"id":"00000000-0000-4000-8000-0000000000a1"}},"appliedCategories":{"category3":true},"assignments":{"fbab97d0-4932-4511-b675-204639209557":{"@odata.type":"#microsoft.graph.plannerAssignment","assignedDateTime":"2026-01-01T00:00:00Z","orderHint":"8585269235419217847","assignedBy":{"user":{"displayName":null,"id":"00000000-0000-4000-8000-0000000000a1"}}}}}"##
    }

    static func run() throws {
        var pages: [[UInt8]] = []
        for start in stride(from: 0, to: taskCount, by: pageSize) {
            let tasks = (start..<min(taskCount, start + pageSize)).map(taskJSON).joined(separator: ",")
            let next =
                start + pageSize < taskCount
                ? #","@odata.nextLink":"\#(PlannerWire.baseURL)/planner/plans/\#(planId)/tasks?$skiptoken=\#(start + pageSize)""#
                : ""
            pages.append(Array(#"{"value":[\#(tasks)]\#(next)}"#.utf8))
        }
        let batchParts = (0..<20).map { index in
            PlannerBatchPart(id: String(index), request: PlannerRequests.readTask(.id("task\(index)")))
        }
        let batchAnswer = Array(
            (#"{"responses":["#
                + (0..<20).map {
                    #"{"id":"\#($0)","status":200,"headers":{"Content-Type":"application/json"},"body":\#(taskJSON($0))}"#
                }
                .joined(separator: ",") + "]}").utf8)
        let client = PlannerClient(transport: CannedGraph(pages: pages, batchAnswer: batchAnswer))
        let marker = IdempotencyMarker(rawValue: "TG-ACME-C-\(taskCount - 1)")
        let bytes = pages.reduce(0) { $0 + $1.count }

        let baseline = try Harness.measure("StrictJSONParser: parse the \(pages.count) pages (baseline)") {
            for page in pages { blackHole(try StrictJSONParser().parse(page)) }
        }
        let listing = try Harness.measure("tasks(inPlan:): \(taskCount) tasks in \(pages.count) pages") {
            let tasks = try runBlocking { try await client.tasks(inPlan: planId) }
            precondition(tasks.count == taskCount)
        }
        let lookUp = try Harness.measure("findTask(marker:inPlan:): the marker on the last page") {
            let found = try runBlocking { try await client.findTask(marker: marker, inPlan: planId) }
            precondition(found != nil)
        }
        let batchBaseline = try Harness.measure("StrictJSONParser: parse a 20-response batch answer", operations: 200) {
            for _ in 0..<200 { blackHole(try StrictJSONParser().parse(batchAnswer)) }
        }
        let batch = try Harness.measure("batch(_:): 20 reads, answers decoded as PlannerTask", operations: 200) {
            try runBlocking {
                for _ in 0..<200 {
                    let result = try await client.batch(batchParts)
                    for item in result.items { blackHole(try item.decode(PlannerTask.self)) }
                }
            }
        }
        Harness.report(
            "Planner client: plan scans and batches", [baseline, listing, lookUp],
            note: "A plan of \(taskCount) tasks (Planner's limit) as \(pages.count) pages of \(pageSize), "
                + "\(bytes / 1024) KiB of Graph JSON, answered from memory; one operation is one full scan.")
        Harness.report("Planner client: one $batch answer", [batchBaseline, batch])
    }
}
