import Foundation
import Testing

@testable import tgbridge

@Suite(.timeLimit(.minutes(2)))
struct DemoCommandTests {
    let arguments = [
        "demo", "--config", repositoryRoot.appendingPathComponent("Examples/bridge-config.json").path,
        "--events", repositoryRoot.appendingPathComponent("Examples/events.jsonl").path,
    ]

    @Test func theDemoRunsTheWholeBridgeOnTheExamples() async throws {
        let result = await runTool(arguments)
        #expect(result.status == 0)
        #expect(result.err.isEmpty)
        let lines = result.outLines
        #expect((60...120).contains(lines.count))
        let text = result.out

        // Each event handled, with where its tasks went, their priority and due date.
        #expect(text.contains("Fri 11-20 14:03Z  case.opened evt-000123 (ACME, C-1001)"))
        #expect(text.contains("in plan xqQg5FS2LkCp935s-FIFm2QAFkHM for logistics, priority urgent, due Mon 11-23 15:03Z"))
        #expect(text.contains("in list 901100200300 for accounts-payable, priority urgent, due Mon 11-23 15:03Z"))
        #expect(text.contains("dead-lettered: $.caseId: inconsistent: the bridge has no case C-2002 of partner GLOBEX"))
        #expect(text.contains("acknowledgement of N-2026-11-routing-guide recorded (by Jonas Weber)"))
        // People in the trackers: a poll, a webhook, comments.
        #expect(text.contains("poll: 4 plans listed, 1 bridge task changed → post inProgress"))
        #expect(lines.contains { $0.hasPrefix("    webhook: ") && $0.hasSuffix("→ post inReview") })
        #expect(text.contains("1 comment kept internal → post comment"))
        // Time: a warning on Friday, a breach with its escalation on Monday.
        #expect(text.contains("ACME C-1001 resolution#1: warning 75%"))
        #expect(text.contains("ACME C-1001 resolution#1: BREACHED"))
        #expect(text.contains("ACME R-3001 firstResponse#1: priority high → urgent"))
        #expect(text.contains("for logistics-leads, priority urgent"))
        // What the partners saw, and the metrics.
        #expect(text.contains("ACME C-1001 [inReview] Your case C-1001 (PO PO-4471) is being reviewed by our accounts payable team."))
        #expect(text.contains("INITECH D-777 [received] Wir haben Ihren Fall D-777 erhalten"))
        #expect(!text.contains("@dana") && !text.contains("Carrier confirms"))
        #expect(text.contains("Service metrics at Mon 11-23 16:00Z: 5 cases, 5 open, 2 overdue"))
        #expect(text.contains("outbox: 0 pending, 0 failed; dead letters: 1"))
        #expect(!text.contains("pk_"))
    }

    @Test func theDemoTellsTheSameStoryEveryTime() async throws {
        let first = await runTool(arguments)
        let second = await runTool(arguments)
        #expect(first.status == 0 && second.status == 0)
        #expect(first.out == second.out)
    }

    @Test func aMissingFileIsAUsageError() async throws {
        let result = await runTool(["demo", "--events", "/nonexistent/events.jsonl"])
        #expect(result.status == 2)
        #expect(result.err.contains("cannot open"))
    }
}
