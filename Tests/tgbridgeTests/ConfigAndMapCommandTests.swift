import Foundation
import Testing
import TradingGridBridge
@testable import tgbridge

@Suite struct ConfigAndMapCommandTests {
    let config = repositoryRoot.appendingPathComponent("Examples/bridge-config.json").path

    func eventFile(_ index: Int) throws -> String {
        let lines = try String(contentsOf: repositoryRoot.appendingPathComponent("Examples/events.jsonl"), encoding: .utf8).split(separator: "\n")
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tgbridge-map-\(UUID().uuidString).json")
        try String(lines[index]).write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func theExampleConfigurationIsValid() async {
        let result = await runTool(["config", "validate", config])
        #expect(result.status == 0)
        #expect(result.out == "valid: 5 teams, 6 routing rules, 3 SLA policies, 2 calendars, 3 partners, 2 template locales\n")
    }

    @Test func anInvalidConfigurationListsEveryProblem() async throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tgbridge-config-\(UUID().uuidString).json")
        try #"{"teams": {"ops": {"tracker": "planner"}}, "defaultRoute": {"teams": ["nobody"]}, "colour": 1}"#.write(to: url, atomically: true, encoding: .utf8)
        let result = await runTool(["config", "validate", url.path])
        #expect(result.status == 1)
        #expect(result.outLines.count == 4)
        #expect(result.outLines.last == "3 problems")
        #expect(result.out.contains("$.colour: unknown value"))
        #expect(result.out.contains(#"$.teams.ops.tracker: inconsistent: the team's tracker is planner but it has no "planner" destination"#))
    }

    @Test func mapPrintsTheRequestsWithTheCredentialRedacted() async throws {
        let result = await runTool(["map", "--config", config, "--event", try eventFile(8), "--tracker", "clickup"])
        #expect(result.status == 0, "\(result.err)")
        let json = try #require(JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
        let requests = try #require(json["requests"] as? [[String: Any]])
        #expect(requests.count == 1)
        #expect(requests[0]["method"] as? String == "POST")
        #expect(requests[0]["url"] as? String == "https://api.clickup.com/api/v2/list/901100200300/task")
        #expect((requests[0]["headers"] as? [String: String])?["Authorization"] == "<redacted>")
        let body = try #require(requests[0]["body"] as? [String: Any])
        #expect(Set(body.keys).isSuperset(of: ["name", "markdown_content", "priority", "custom_fields"]))
    }

    @Test func atMovesTheSLAStart() async throws {
        let event = try eventFile(8)  // a pricing exception: strategic policy, 960 business minutes, us-east
        let normal = await runTool(["map", "--config", config, "--event", event, "--tracker", "planner"])
        let friday = await runTool(["map", "--config", config, "--event", event, "--tracker", "planner", "--at", "2026-11-27T21:55:00Z"])
        #expect(normal.status == 0 && friday.status == 0)
        // 2026-11-22 13:00Z is a Sunday: counting starts Monday 09:00 EST; 16 business hours of
        // Mon 7 h (a lunch break) + Tue 8 h + 1 h on Wednesday → Wed 2026-11-25 10:00 EST = 15:00Z.
        #expect(normal.out.contains(#""dueDateTime" : "2026-11-25T15:00:00Z""#))
        // Friday after Thanksgiving 16:55 EST is after the 16:00 close: Monday 30 Nov 09:00 + 16 h
        // → Wed 2 Dec 10:00 EST = 15:00Z.
        #expect(friday.out.contains(#""dueDateTime" : "2026-12-02T15:00:00Z""#))
    }

    @Test func mapUsageErrors() async throws {
        #expect(await runTool(["map", "--config", config]).status == 2)
        let badTracker = await runTool(["map", "--config", config, "--event", try eventFile(0), "--tracker", "jira"])
        #expect(badTracker.status == 2)
        let badAt = await runTool(["map", "--config", config, "--event", try eventFile(0), "--tracker", "planner", "--at", "tomorrow"])
        #expect(badAt.status == 2 && badAt.err.contains("--at"))
        let noWork = await runTool(["map", "--config", config, "--event", try eventFile(1), "--tracker", "planner"])
        #expect(noWork.status == 0)
        #expect(noWork.out.contains(#""requests" : ["#))
    }
}
