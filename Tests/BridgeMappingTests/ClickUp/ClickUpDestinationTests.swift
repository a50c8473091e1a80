import BridgeMapping
import BridgeModels
import Foundation
import Testing

@Suite struct ClickUpDestinationTests {
    static let sample = """
        {"listId": "901", "teamId": "9012345", "assignees": [183],
         "statuses": {"open": "to do", "inProgress": "in progress", "inReview": "in review", "closed": "complete"},
         "customFields": {"caseId": "0a52c486-5f05-403b-b4fd-c512ff05131c", "amount": "03efda77-c7a0-42d3-8afd-fd546353c2f5",
                          "slaDue": "5c1f3a2e-7b8d-4e6f-9a0b-1c2d3e4f5a6b", "partner": "8d7e6f5a-4b3c-4d2e-9f1a-0b9c8d7e6f5a"}}
        """

    @Test func decodesTheDocumentedShape() throws {
        let destination = try StrictJSONDecoder().decode(ClickUpDestination.self, from: Self.sample)
        #expect(destination == WireFixtures.clickUpDestination)
        #expect(destination.mappedFieldKeys == [.caseId, .amount, .slaDue, .partner])
        #expect(destination.mappedStatuses == [.open, .inProgress, .inReview, .closed])
        #expect(destination.statusName(for: .inReview) == "in review")
        #expect(destination.workStatus(forStatusName: "In Review") == .inReview)
        #expect(destination.workStatus(forStatusName: "archived") == nil)
    }

    @Test func roundTripsThroughBothDecoders() throws {
        let data = try StableJSON.encode(WireFixtures.clickUpDestination)
        #expect(try StrictJSONDecoder().decode(ClickUpDestination.self, from: Array(data)) == WireFixtures.clickUpDestination)
        #expect(try JSONDecoder().decode(ClickUpDestination.self, from: data) == WireFixtures.clickUpDestination)
    }

    @Test(arguments: [
        (#"{"assignees": [1]}"#, "$.listId", "missing"),
        (#"{"listId": "901", "assignees": [183, 0]}"#, "$.assignees[1]", "outOfRange"),
        (#"{"listId": "901", "assignees": ["183"]}"#, "$.assignees[0]", "wrongType"),
        (#"{"listId": "901", "statuses": {"done": "complete"}}"#, "$.statuses.done", "unknownValue"),
        (#"{"listId": "901", "statuses": {"open": ""}}"#, "$.statuses.open", "empty"),
        (#"{"listId": "901", "customFields": {"caseId": "cf-1"}}"#, "$.customFields.caseId", "invalidFormat"),
        (#"{"listId": "901", "customFields": {"1bad": "0a52c486-5f05-403b-b4fd-c512ff05131c"}}"#, #"$.customFields["1bad"]"#, "invalidFormat"),
        (#"{"listId": "901", "teamId": 9012345}"#, "$.teamId", "wrongType"),
    ])
    func refusesBadSettingsWithAPath(_ json: String, _ path: String, _ reason: String) {
        let error = expectInputError { try StrictJSONDecoder().decode(ClickUpDestination.self, from: json) }
        #expect(error?.path.description == path)
        #expect(error.map { "\($0.reason)".hasPrefix(reason) } == true, "\(String(describing: error))")
    }

    @Test func unknownStatusKeysListTheAcceptedOnes() {
        let error = expectInputError { try StrictJSONDecoder().decode(ClickUpDestination.self, from: #"{"listId": "1", "statuses": {"done": "x"}}"#) }
        #expect(error?.reason == .unknownValue("done", allowed: WorkStatus.allCases.map(\.rawValue)))
    }
}
