import BridgeMapping
import BridgeModels
import Foundation
import Testing

/// Documentation/TrackerPayloads.md shows exactly the bodies the bridge produces.
@Suite struct TrackerPayloadsDocumentationTests {
    func goldens() throws -> [String: String] {
        let planner = WireFixtures.plannerItem
        var plannerChanged = planner
        plannerChanged.title = "ASN short by 8 units"
        plannerChanged.priority = .urgent
        plannerChanged.dueAt = nil
        plannerChanged.assigneeIDs = [WireGenerators.guids[0]]
        plannerChanged.labels = ["escalated"]
        let clickUp = WireFixtures.clickUpItem
        var clickUpChanged = clickUp
        clickUpChanged.title = "ASN short by 8 units"
        clickUpChanged.priority = .urgent
        clickUpChanged.dueAt = nil
        clickUpChanged.assigneeIDs = ["185"]
        clickUpChanged.fields[.amount] = .money(Money("990.00", currency: .usd)!)
        let bodies: [String: any Encodable] = [
            "planner create": try PlannerPayloads.createTask(for: planner, in: WireFixtures.plannerDestination),
            "planner details": try #require(PlannerPayloads.detailsUpdate(for: planner)),
            "planner update": try #require(try PlannerPayloads.taskUpdate(from: planner, to: plannerChanged, in: WireFixtures.plannerDestination)),
            "clickup create": try ClickUpPayloads.createTask(for: clickUp, in: WireFixtures.clickUpDestination),
            "clickup update": try #require(try ClickUpPayloads.taskUpdate(from: clickUp, to: clickUpChanged, in: WireFixtures.clickUpDestination)),
            "clickup amount": ClickUpSetCustomFieldValue(value: try #require(try ClickUpPayloads.customFieldChanges(from: clickUp, to: clickUpChanged, in: WireFixtures.clickUpDestination).first?.change.value)),
            "clickup date": ClickUpSetCustomFieldValue(value: .date(WireFixtures.sla, includesTime: true)),
            "clickup comment": ClickUpPayloads.comment("Partner replied: see https://evil.example @everyone"),
        ]
        return try bodies.mapValues { canonicalJSON(try StrictJSONParser().parse(try StableJSON.encode($0))) }
    }

    @Test func everyExampleIsAGoldenBodyAndEveryGoldenBodyIsShown() throws {
        let blocks = try wireJSONBlocks(inMarkdown: "Documentation/TrackerPayloads.md").map {
            canonicalJSON(try StrictJSONParser().parse($0))
        }
        let goldens = try goldens()
        for block in blocks {
            #expect(goldens.values.contains(block), "not a body the bridge produces: \(block)")
        }
        for (name, golden) in goldens {
            #expect(blocks.contains(golden), "\(name) is not shown")
        }
    }
}
