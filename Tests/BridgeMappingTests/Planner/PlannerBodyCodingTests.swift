import BridgeMapping
import BridgeModels
import Foundation
import Testing

/// The body types decode what they encode, and refuse what the Graph request profiles refuse.
@Suite struct PlannerBodyCodingTests {
    @Test func bodiesRoundTrip() throws {
        var random = WireRandom(seed: 21)
        for _ in 0..<100 {
            let old = WireGenerators.item(&random, tracker: .planner)
            var new = WireGenerators.item(&random, tracker: .planner)
            new.destination = old.destination
            let create = try PlannerPayloads.createTask(for: old, in: WireFixtures.plannerDestination)
            #expect(try StrictJSONDecoder().decode(PlannerTaskCreate.self, from: try stableJSON(create)) == create)
            if let details = PlannerPayloads.detailsUpdate(for: old) {
                #expect(try StrictJSONDecoder().decode(PlannerTaskDetailsUpdate.self, from: try stableJSON(details)) == details)
            }
            if let update = try PlannerPayloads.taskUpdate(from: old, to: new, in: WireFixtures.plannerDestination) {
                #expect(try StrictJSONDecoder().decode(PlannerTaskUpdate.self, from: try stableJSON(update)) == update)
            }
        }
    }

    @Test(arguments: [
        (#"{"title": "t"}"#, "$.planId"),
        (#"{"planId": "p", "title": "t", "priority": 11}"#, "$.priority"),
        (##"{"planId": "p", "title": "t", "assignments": {"bob": {"@odata.type": "#microsoft.graph.plannerAssignment", "orderHint": " !"}}}"##, "$.assignments.bob"),
        (##"{"planId": "p", "title": "t", "assignments": {"fbab97d0-4932-4511-b675-204639209557": {"@odata.type": "#microsoft.graph.plannerTask", "orderHint": " !"}}}"##, #"$.assignments["fbab97d0-4932-4511-b675-204639209557"]["@odata.type"]"#),
        (#"{"planId": "p", "title": "t", "appliedCategories": {"category26": true}}"#, "$.appliedCategories.category26"),
        (#"{"planId": "p", "title": "t", "startDateTime": "2026-11-20"}"#, "$.startDateTime"),
    ])
    func createBodiesAreChecked(_ json: String, _ path: String) {
        #expect(expectInputError { try StrictJSONDecoder().decode(PlannerTaskCreate.self, from: json) }?.path.description == path)
    }

    @Test(arguments: [
        (#"{"checklist": {"not-a-guid": null}}"#, #"$.checklist["not-a-guid"]"#),
        (#"{"references": {"https://c.example/x": null}}"#, #"$.references["https://c.example/x"]"#),
        (#"{"references": {"https%3A//c%2Eexample/%zz": null}}"#, #"$.references["https%3A//c%2Eexample/%zz"]"#),
        (#"{"checklist": {"95e27074-6c4a-447a-aa24-9d718a0b86fa": {"orderHint": "\u00e9"}}}"#, "$.checklist[\"95e27074-6c4a-447a-aa24-9d718a0b86fa\"].orderHint"),
        (#"{"previewType": "notes"}"#, "$.previewType"),
    ])
    func detailsBodiesAreChecked(_ json: String, _ path: String) {
        #expect(expectInputError { try StrictJSONDecoder().decode(PlannerTaskDetailsUpdate.self, from: json) }?.path.description == path)
    }

    @Test func updateBodiesDecodeRemovals() throws {
        let update = try StrictJSONDecoder().decode(
            PlannerTaskUpdate.self,
            from: #"{"dueDateTime": null, "assignments": {"fbab97d0-4932-4511-b675-204639209557": null}, "appliedCategories": {"category2": false}, "percentComplete": 100}"#)
        #expect(update.dueDateTime == .clear)
        #expect(update.assignments[WireFixtures.alice] == .clear)
        #expect(update.appliedCategories == [PlannerCategory(number: 2)!: false])
        #expect(update.percentComplete == 100)
        #expect(
            expectInputError { try StrictJSONDecoder().decode(PlannerTaskUpdate.self, from: #"{"percentComplete": 101}"#) }?.path.description
                == "$.percentComplete")
    }
}
