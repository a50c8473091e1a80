import BridgeMapping
import BridgeModels
import Foundation
import Testing

@Suite struct PlannerReadModelTests {
    /// Shaped like the create response in planner-post-tasks.md (trimmed identities).
    static let taskResponse = #"""
        {
          "@odata.etag": "W/\"JzEtVGFzayAgQEBAQEBAQEBAQEBAQEBAWCc=\"",
          "planId": "xqQg5FS2LkCp935s-FIFm2QAFkHM",
          "bucketId": "hsOf2dhOJkqyYYZEtdzDe2QAIUCR",
          "title": "ASN quantity does not match receipt for PO 4471 [TG-ACME-C-1001]",
          "orderHint": "8585269241124027581",
          "assigneePriority": "",
          "percentComplete": 50,
          "priority": 3,
          "startDateTime": null,
          "createdDateTime": "2026-11-20T14:05:49.2407981Z",
          "dueDateTime": "2026-11-27T22:00:00Z",
          "hasDescription": true,
          "previewType": "automatic",
          "completedDateTime": null,
          "referenceCount": 1,
          "checklistItemCount": 2,
          "activeChecklistItemCount": 1,
          "conversationThreadId": null,
          "id": "01gzSlKkIUSUl6DF_EilrmQAKDhh",
          "createdBy": {"user": {"displayName": null, "id": "6463a5ce-2119-4198-9f2a-628761df4a62"}},
          "appliedCategories": {"category3": true, "category5": false, "category99": true},
          "assignments": {
            "fbab97d0-4932-4511-b675-204639209557": {
              "@odata.type": "#microsoft.graph.plannerAssignment",
              "assignedDateTime": "2026-11-20T14:05:49.956Z",
              "orderHint": "RWk1",
              "assignedBy": {"user": {"displayName": null, "id": "6463a5ce-2119-4198-9f2a-628761df4a62"}}
            }
          },
          "futureProperty": {"anything": [1, 2, 3]}
        }
        """#

    /// Shaped like the response in plannertaskdetails-get.md.
    static let detailsResponse = #"""
        {
          "@odata.etag": "W/\"JzEtVGFza0RldGFpbHMgQEBAQEBAQEBAQEBAQEBAWCc=\"",
          "description": "Carton short by 8 units.",
          "previewType": "checklist",
          "id": "01gzSlKkIUSUl6DF_EilrmQAKDhh",
          "references": {
            "https%3A//community%2Eexample%2Ecom/docs/D-501": {
              "@odata.type": "microsoft.graph.plannerExternalReference",
              "alias": "receiving-report.pdf",
              "type": "Other",
              "previewPriority": " !",
              "lastModifiedBy": {"user": {"id": "6463a5ce-2119-4198-9f2a-628761df4a62"}},
              "lastModifiedDateTime": "2026-11-20T14:06:00.000Z"
            }
          },
          "checklist": {
            "95e27074-6c4a-447a-aa24-9d718a0b86fa": {
              "@odata.type": "microsoft.graph.plannerChecklistItem",
              "isChecked": true,
              "title": "Reply to partner",
              "orderHint": "85752723360752+",
              "lastModifiedDateTime": "2026-11-20T14:06:00.000Z"
            },
            "d280ed1a-9f6b-4f9c-a962-fb4d00dc50ff": {
              "@odata.type": "microsoft.graph.plannerChecklistItem",
              "isChecked": false,
              "title": "Re-count carton",
              "orderHint": "85752723360751+"
            }
          }
        }
        """#

    @Test func decodesAGraphTask() throws {
        let task = try StrictJSONDecoder().decode(PlannerTask.self, from: Self.taskResponse)
        #expect(task.id == "01gzSlKkIUSUl6DF_EilrmQAKDhh")
        #expect(task.etag == #"W/"JzEtVGFzayAgQEBAQEBAQEBAQEBAQEBAWCc=""#)
        #expect(task.bridgePriority == .high)
        #expect(task.percentComplete == 50 && !task.isCompleted)
        #expect(task.dueDateTime == WireFixtures.due)
        #expect(task.startDateTime == nil && task.completedDateTime == nil)
        #expect(task.createdDateTime == (try RFC3339.parse("2026-11-20T14:05:49.240Z")))
        #expect(task.assigneeIds == [WireFixtures.alice])
        #expect(task.appliedCategories == [PlannerCategory(number: 3)!])
        #expect(MarkerPlacement.marker(in: task)?.rawValue == "TG-ACME-C-1001")
        // Foundation's decoder gives the same result.
        #expect(try JSONDecoder().decode(PlannerTask.self, from: Data(Self.taskResponse.utf8)) == task)
    }

    @Test func decodesTaskDetailsInOrder() throws {
        let details = try StrictJSONDecoder().decode(PlannerTaskDetails.self, from: Self.detailsResponse)
        #expect(details.etag == #"W/"JzEtVGFza0RldGFpbHMgQEBAQEBAQEBAQEBAQEBAWCc=""#)
        #expect(details.description == "Carton short by 8 units.")
        #expect(details.previewType == .checklist)
        #expect(details.checklist.map(\.title) == ["Re-count carton", "Reply to partner"])
        #expect(details.checklist.map(\.isChecked) == [false, true])
        #expect(details.references == [
            PlannerReference(
                url: "https://community.example.com/docs/D-501", key: "https%3A//community%2Eexample%2Ecom/docs/D-501",
                alias: "receiving-report.pdf", type: .other, previewPriority: " !")
        ])
    }

    @Test func decodesAPageAndItsNextLink() throws {
        let page = try StrictJSONDecoder().decode(
            PlannerTaskPage.self,
            from: #"{"@odata.context": "x", "value": [\#(Self.taskResponse)], "@odata.nextLink": "https://graph.microsoft.com/v1.0/planner/plans/p/tasks?$skiptoken=abc"}"#)
        #expect(page.tasks.count == 1)
        #expect(page.nextLink == "https://graph.microsoft.com/v1.0/planner/plans/p/tasks?$skiptoken=abc")
        let last = try StrictJSONDecoder().decode(PlannerTaskPage.self, from: #"{"value": []}"#)
        #expect(last.tasks.isEmpty && last.nextLink == nil)
    }

    @Test func decodesGraphErrorsSafely() throws {
        let error = try StrictJSONDecoder().decode(
            GraphErrorResponse.self,
            from: #"{"error": {"code": "MaximumChecklistItemsOnTask", "message": "Too many\n\u202Eitems", "innerError": {"request-id": "r-1", "date": "2026-11-20T14:06:00"}}}"#)
        #expect(error.code == "MaximumChecklistItemsOnTask")
        #expect(error.requestId == "r-1")
        #expect(error.description == #"MaximumChecklistItemsOnTask: "Too many\u{000A}\u{202E}items""#)
    }

    @Test(arguments: [
        (#"{"planId": "p", "title": "t"}"#, "$.id", "missing"),
        (#"{"id": "t", "planId": "p", "priority": 11}"#, "$.priority", "outOfRange"),
        (#"{"id": "t", "planId": "p", "priority": "high"}"#, "$.priority", "wrongType"),
        (#"{"id": "t", "planId": "p", "dueDateTime": "tomorrow"}"#, "$.dueDateTime", "invalidDate"),
        (#"{"id": "t", "planId": "p", "title": 5}"#, "$.title", "wrongType"),
        (#"{"id": "t", "planId": "p", "assignments": []}"#, "$.assignments", "wrongType"),
        (#"{"id": "t", "planId": "p", "appliedCategories": {"category1": "yes"}}"#, "$.appliedCategories.category1", "wrongType"),
        (#"{"id": "t", "planId": "p", "@odata.etag": 7}"#, #"$["@odata.etag"]"#, "wrongType"),
        (#"{"id": "t", "planId": "p", "title": "a", "title": "b"}"#, "$", "duplicateKey"),
        (#"{"id": "t\u0000", "planId": "p"}"#, "$.id", "forbiddenCharacter"),
    ])
    func refusesMalformedTasksWithAPath(_ json: String, _ path: String, _ reason: String) {
        let error = expectInputError { try StrictJSONDecoder().decode(PlannerTask.self, from: json) }
        #expect(error?.path.description == path)
        #expect(error.map { "\($0.reason)".hasPrefix(reason) } == true, "\(String(describing: error))")
    }

    @Test func refusesMalformedPagesDetailsAndErrors() {
        #expect(expectInputError { try StrictJSONDecoder().decode(PlannerTaskPage.self, from: "{}") }?.path.description == "$.value")
        #expect(
            expectInputError {
                try StrictJSONDecoder().decode(PlannerTaskPage.self, from: #"{"value": [{"planId": "p"}]}"#)
            }?.path.description == "$.value[0].id")
        #expect(
            expectInputError {
                try StrictJSONDecoder().decode(PlannerTaskPage.self, from: #"{"value": [], "@odata.nextLink": "javascript:x"}"#)
            }?.path.description == #"$["@odata.nextLink"]"#)
        #expect(
            expectInputError {
                try StrictJSONDecoder().decode(PlannerTaskDetails.self, from: #"{"checklist": {"k": {"isChecked": "no"}}}"#)
            }?.path.description == "$.checklist.k.isChecked")
        #expect(expectInputError { try StrictJSONDecoder().decode(GraphErrorResponse.self, from: #"{"error": {}}"#) }?.path.description == "$.error.code")
    }
}
