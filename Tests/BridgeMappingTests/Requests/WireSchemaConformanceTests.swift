import BridgeMapping
import BridgeModels
import Foundation
import Testing

/// Every body the bridge produces passes the checks of the official-derived schemas
/// (``WireCheck``), for the fixture and for hundreds of seeded hostile work items.
@Suite struct WireSchemaConformanceTests {
    @Test func generatedPlannerBodiesConform() throws {
        var random = WireRandom(seed: 2026)
        var counts = (create: 0, update: 0, details: 0)
        for _ in 0..<250 {
            let old = WireGenerators.item(&random, tracker: .planner)
            var new = WireGenerators.item(&random, tracker: .planner)
            new.destination = old.destination
            for request in try PlannerRequests.creating(old, in: WireFixtures.plannerDestination) + PlannerRequests.updating(
                from: old, to: new, in: WireFixtures.plannerDestination, taskId: "t")
            {
                guard request.body != nil else { continue }
                let body = try request.jsonBody()
                switch request.purpose {
                case .createTask:
                    counts.create += 1
                    #expect(WireCheck.plannerCreate(body) == [])
                case .updateTask:
                    counts.update += 1
                    #expect(WireCheck.plannerUpdate(body) == [])
                default:
                    counts.details += 1
                    #expect(WireCheck.plannerDetails(body) == [])
                }
            }
        }
        #expect(counts.create == 250 && counts.update > 200 && counts.details > 400)
    }

    @Test func generatedClickUpBodiesConform() throws {
        var random = WireRandom(seed: 2027)
        var counts = (create: 0, update: 0, field: 0, comment: 0)
        for _ in 0..<250 {
            let old = WireGenerators.item(&random, tracker: .clickUp)
            let new = WireGenerators.item(&random, tracker: .clickUp)
            for request in try ClickUpRequests.creating(old, in: WireFixtures.clickUpDestination) + ClickUpRequests.updating(
                from: old, to: new, in: WireFixtures.clickUpDestination, taskId: "9hx")
            {
                guard case .json = request.body else { continue }
                let body = try request.jsonBody()
                switch request.purpose {
                case .createTask:
                    counts.create += 1
                    #expect(WireCheck.clickUpCreate(body) == [])
                case .updateTask:
                    counts.update += 1
                    #expect(WireCheck.clickUpUpdate(body) == [])
                default:
                    counts.field += 1
                    #expect(WireCheck.clickUpSetCustomField(body) == [])
                }
            }
            let comment = try ClickUpRequests.addComment(.id("9hx"), ClickUpPayloads.comment(WireGenerators.text(&random, words: 20)))
            counts.comment += 1
            #expect(WireCheck.clickUpComment(try comment.jsonBody()) == [])
        }
        #expect(counts.create == 250 && counts.update > 200 && counts.field > 100)
    }

    @Test func explicitUpdatesConform() throws {
        var planner = PlannerTaskUpdate(percentComplete: 100, bucketId: "b")
        planner.dueDateTime = .clear
        planner.assignments[WireFixtures.alice] = .clear
        planner.appliedCategories[PlannerCategory(number: 25)!] = false
        #expect(WireCheck.plannerUpdate(try StrictJSONParser().parse(try stableJSON(planner))) == [])
        let clickUp = ClickUpTaskUpdate(status: "complete", priority: .clear, dueDate: .clear, startDate: .clear, assignees: ClickUpAssigneeChanges(rem: [183]))
        #expect(WireCheck.clickUpUpdate(try StrictJSONParser().parse(try stableJSON(clickUp))) == [])
    }

    /// The checks reject what the schemas reject (the invalid examples shipped with the schemas).
    @Test(arguments: [
        ("plannerCreate", #"{"title": "t", "priority": 11, "percentComplete": "50", "dueDate": "x"}"#, 4),
        ("plannerCreate", #"{"planId": "p", "title": "t", "assignments": {"bob": {"orderHint": " !"}}}"#, 2),
        ("plannerCreate", #"{"planId": "p", "title": "t", "appliedCategories": {"category26": true}, "details": {}}"#, 2),
        ("plannerCreate", #"{"planId": "p", "title": "t", "dueDateTime": "2026-11-20"}"#, 1),
        ("plannerUpdate", "{}", 1),
        ("plannerUpdate", #"{"planId": "p"}"#, 1),
        ("plannerDetails", #"{"notes": {}, "previewType": "big", "checklist": {"k": {"isChecked": "yes"}}}"#, 5),
        ("plannerDetails", #"{"references": {"https://a.b/c": {"alias": "x"}}}"#, 2),
        ("plannerDetails", ##"{"checklist": {"95e27074-6c4a-447a-aa24-9d718a0b86fa": {"@odata.type": "#microsoft.graph.plannerChecklistItem", "orderHint": "\u00e9"}}}"##, 1),
        ("clickUpCreate", #"{"assignees": ["183"], "priority": "high", "due_date": "2026-11-20", "custom_fields": [{"value": 1}]}"#, 5),
        ("clickUpCreate", #"{"name": "x", "markdown_description": "y", "priority": 5}"#, 2),
        ("clickUpCreate", #"{"name": "x", "due_date": 1.5}"#, 1),
        ("clickUpUpdate", #"{"assignees": {"add": [1]}, "tags": ["x"]}"#, 2),
        ("clickUpComment", #"{"comment_text": 1}"#, 2),
        ("clickUpSetCustomField", #"{"value": 1, "value_options": {}}"#, 1),
    ])
    func theChecksCatchInvalidBodies(_ check: String, _ json: String, _ expected: Int) throws {
        let body = try StrictJSONParser().parse(json)
        let problems: [String]
        switch check {
        case "plannerCreate": problems = WireCheck.plannerCreate(body)
        case "plannerUpdate": problems = WireCheck.plannerUpdate(body)
        case "plannerDetails": problems = WireCheck.plannerDetails(body)
        case "clickUpCreate": problems = WireCheck.clickUpCreate(body)
        case "clickUpUpdate": problems = WireCheck.clickUpUpdate(body)
        case "clickUpComment": problems = WireCheck.clickUpComment(body)
        default: problems = WireCheck.clickUpSetCustomField(body)
        }
        #expect(problems.count == expected, "\(problems)")
    }
}
