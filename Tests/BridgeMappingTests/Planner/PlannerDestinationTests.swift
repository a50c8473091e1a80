import BridgeMapping
import BridgeModels
import Foundation
import Testing

@Suite struct PlannerDestinationTests {
    static let sample = """
        {"planId": "xqQg5FS2LkCp935s-FIFm2QAFkHM", "bucketId": "hsOf2dhOJkqyYYZEtdzDe2QAIUCR",
         "assignees": ["fbab97d0-4932-4511-b675-204639209557"],
         "categories": {"logistics": "category3", "escalated": "category1"}}
        """

    @Test func decodesTheDocumentedShape() throws {
        let destination = try StrictJSONDecoder().decode(PlannerDestination.self, from: Self.sample)
        #expect(destination == WireFixtures.plannerDestination.with { $0.categories = ["logistics": PlannerCategory(number: 3)!, "escalated": PlannerCategory(number: 1)!] })
        #expect(destination.category(forLabel: "logistics")?.rawValue == "category3")
        #expect(destination.unmappedLabels(["logistics", "Logistics", "x"]) == ["Logistics", "x"])
    }

    @Test func roundTripsThroughBothDecoders() throws {
        let data = try StableJSON.encode(WireFixtures.plannerDestination)
        #expect(try StrictJSONDecoder().decode(PlannerDestination.self, from: Array(data)) == WireFixtures.plannerDestination)
        #expect(try JSONDecoder().decode(PlannerDestination.self, from: data) == WireFixtures.plannerDestination)
        #expect(
            String(decoding: data, as: UTF8.self)
                == #"{"assignees":["fbab97d0-4932-4511-b675-204639209557"],"bucketId":"hsOf2dhOJkqyYYZEtdzDe2QAIUCR","categories":{"escalated":"category1","logistics":"category3"},"planId":"xqQg5FS2LkCp935s-FIFm2QAFkHM"}"#)
    }

    @Test(arguments: [
        (#"{"bucketId": "b"}"#, "$.planId", "missing"),
        (#"{"planId": " "}"#, "$.planId", "empty"),
        (#"{"planId": "p", "assignees": ["fbab97d0-4932-4511-b675-204639209557", "bob"]}"#, "$.assignees[1]", "invalidFormat"),
        (#"{"planId": "p", "categories": {"logistics": "category26"}}"#, "$.categories.logistics", "invalidFormat"),
        (#"{"planId": "p", "categories": {"logistics": 3}}"#, "$.categories.logistics", "wrongType"),
        (#"{"planId": "p", "categories": {"bad\u202Elabel": "category2"}}"#, #"$.categories["bad\u{202E}label"]"#, "forbiddenCharacter"),
        (#"{"planId": "p", "categories": []}"#, "$.categories", "wrongType"),
        (#"{"planId": "p", "planId": "q"}"#, "$", "duplicateKey"),
    ])
    func refusesBadSettingsWithAPath(_ json: String, _ path: String, _ reason: String) {
        let error = expectInputError { try StrictJSONDecoder().decode(PlannerDestination.self, from: json) }
        #expect(error?.path.description == path)
        #expect(error.map { "\($0.reason)".hasPrefix(reason) } == true, "\(String(describing: error))")
    }

    @Test func moreThanTwentyAssigneesAreRefused() {
        let ids = (0..<21).map { String(format: "\"%08x-0000-4000-8000-000000000000\"", $0) }.joined(separator: ",")
        let error = expectInputError { try StrictJSONDecoder().decode(PlannerDestination.self, from: #"{"planId":"p","assignees":[\#(ids)]}"#) }
        #expect(error?.reason == .tooManyItems(limit: 20, count: 21))
    }
}

extension PlannerDestination {
    func with(_ change: (inout PlannerDestination) -> Void) -> PlannerDestination {
        var copy = self
        change(&copy)
        return copy
    }
}
