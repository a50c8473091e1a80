import BridgeMapping
import BridgeModels
import Foundation
import Testing

@Suite struct RequestPlanTests {
    func summary(_ request: PlannedRequest) -> String {
        ([request.method + " " + request.url] + request.headers.map { "\($0.name): \($0.value)" }).joined(separator: "\n")
    }

    @Test func plannerCreationIsCreateThenReadDetailsThenPatchDetails() throws {
        let plan = try PlannerRequests.creating(WireFixtures.plannerItem, in: WireFixtures.plannerDestination)
        #expect(plan.map(\.purpose) == [.createTask, .readTaskDetails, .updateTaskDetails])
        #expect(plan.allSatisfy { $0.tracker == .planner })
        #expect(
            summary(plan[0]) == """
                POST https://graph.microsoft.com/v1.0/planner/tasks
                Authorization: <redacted>
                Content-Type: application/json
                """)
        #expect(
            summary(plan[1]) == """
                GET https://graph.microsoft.com/v1.0/planner/tasks/{taskId}/details
                Authorization: <redacted>
                """)
        #expect(
            summary(plan[2]) == """
                PATCH https://graph.microsoft.com/v1.0/planner/tasks/{taskId}/details
                Authorization: <redacted>
                Content-Type: application/json
                If-Match: {detailsEtag}
                Prefer: return=representation
                """)
        #expect(plan[0].placeholders.isEmpty)
        #expect(plan[1].placeholders == [.taskId])
        #expect(plan[2].placeholders == [.taskId, .detailsETag])
        #expect(PlannedRequest.Placeholder.taskId.source == .responseField(of: .createTask, at: [.key("id")]))
        #expect(PlannedRequest.Placeholder.detailsETag.source == .responseField(of: .readTaskDetails, at: [.key("@odata.etag")]))
        #expect(plan[1].body == nil)
        // The bodies are exactly the payload builders' bodies.
        #expect(plan[0].body?.jsonText == (try stableJSON(try PlannerPayloads.createTask(for: WireFixtures.plannerItem, in: WireFixtures.plannerDestination))))
        #expect(plan[2].body?.jsonText == (try stableJSON(try #require(PlannerPayloads.detailsUpdate(for: WireFixtures.plannerItem)))))
    }

    @Test func plannerUpdatesPatchTheTaskWithItsETag() throws {
        var changed = WireFixtures.plannerItem
        changed.priority = .urgent
        changed.checklist.append(ChecklistEntry(title: "Issue credit note"))
        let plan = try PlannerRequests.updating(
            from: WireFixtures.plannerItem, to: changed, in: WireFixtures.plannerDestination, taskId: "01gzSlKkIUSUl6DF_EilrmQAKDhh")
        #expect(plan.map(\.purpose) == [.updateTask, .readTaskDetails, .updateTaskDetails])
        #expect(
            summary(plan[0]) == """
                PATCH https://graph.microsoft.com/v1.0/planner/tasks/01gzSlKkIUSUl6DF_EilrmQAKDhh
                Authorization: <redacted>
                Content-Type: application/json
                If-Match: {taskEtag}
                Prefer: return=representation
                """)
        #expect(plan[0].body?.jsonText == #"{"priority":1}"#)
        #expect(plan[0].placeholders == [.taskETag])
        #expect(try PlannerRequests.updating(from: changed, to: changed, in: WireFixtures.plannerDestination, taskId: "t").isEmpty)
        let withETag = try PlannerRequests.updateTask(.id("t"), PlannerTaskUpdate(percentComplete: 100), etag: #"W/"abc""#)
        #expect(withETag.header("if-match") == #"W/"abc""#)
        #expect(withETag.placeholders.isEmpty)
        #expect(expectInputError { try PlannerRequests.updateTask(.id("t"), PlannerTaskUpdate(), etag: "x\r\nHost: evil") }?.path.description == "$.etag")
    }

    @Test func plannerReadRequests() {
        #expect(PlannerRequests.readTask(.id("a/b")).url == "https://graph.microsoft.com/v1.0/planner/tasks/a%2Fb")
        #expect(PlannerRequests.listTasks(planId: "xqQg5FS2LkCp935s-FIFm2QAFkHM").url == "https://graph.microsoft.com/v1.0/planner/plans/xqQg5FS2LkCp935s-FIFm2QAFkHM/tasks")
        #expect(PlannerRequests.listTasks(planId: "p").method == "GET")
    }

    @Test func clickUpCreationIsCreateThenOneUploadPerDocument() throws {
        var item = WireFixtures.clickUpItem
        item.documents.append(DocumentLink(documentId: "D-502", name: "asn\u{0}.edi", mediaType: nil))
        let plan = try ClickUpRequests.creating(item, in: WireFixtures.clickUpDestination)
        #expect(plan.map(\.purpose) == [.createTask, .uploadAttachment, .uploadAttachment])
        #expect(
            summary(plan[0]) == """
                POST https://api.clickup.com/api/v2/list/901/task
                Authorization: <redacted>
                Content-Type: application/json
                """)
        #expect(
            summary(plan[1]) == """
                POST https://api.clickup.com/api/v2/task/{taskId}/attachment
                Authorization: <redacted>
                Content-Type: multipart/form-data; boundary={multipartBoundary}
                """)
        #expect(plan[1].placeholders == [.taskId, .multipartBoundary])
        #expect(
            plan[1].body
                == .multipart(
                    PlannedRequest.MultipartFile(
                        fieldName: "attachment", fileName: "receiving-report.pdf", mediaType: "application/pdf", documentId: "D-501",
                        size: 48213)))
        if case .multipart(let file) = plan[2].body { #expect(file.fileName == "asn.edi") } else { Issue.record("not multipart") }
        #expect(plan[0].body?.jsonText == (try stableJSON(try ClickUpPayloads.createTask(for: item, in: WireFixtures.clickUpDestination))))
    }

    @Test func clickUpUpdatesSplitTaskFieldsCustomFieldsAndTags() throws {
        let old = WireFixtures.clickUpItem
        var new = old
        new.priority = .low
        new.fields[.amount] = .number(10)
        new.fields[.slaDue] = nil
        new.labels = ["logistics", "escalated"]
        let plan = try ClickUpRequests.updating(from: old, to: new, in: WireFixtures.clickUpDestination, taskId: "9hx")
        #expect(plan.map(\.method) == ["PUT", "POST", "DELETE", "POST", "DELETE"])
        #expect(plan.map(\.url) == [
            "https://api.clickup.com/api/v2/task/9hx",
            "https://api.clickup.com/api/v2/task/9hx/field/03efda77-c7a0-42d3-8afd-fd546353c2f5",
            "https://api.clickup.com/api/v2/task/9hx/field/5c1f3a2e-7b8d-4e6f-9a0b-1c2d3e4f5a6b",
            "https://api.clickup.com/api/v2/task/9hx/tag/escalated",
            "https://api.clickup.com/api/v2/task/9hx/tag/unmapped",
        ])
        #expect(plan.map { $0.body?.jsonText } == [#"{"priority":4}"#, #"{"value":10}"#, nil, nil, nil])
        #expect(plan.allSatisfy { $0.placeholders.isEmpty })
    }

    @Test func clickUpSingleRequests() throws {
        #expect(ClickUpRequests.addTag(.id("9hx"), tag: "needs review/urgent").url == "https://api.clickup.com/api/v2/task/9hx/tag/needs%20review%2Furgent")
        #expect(ClickUpRequests.readTask(.id("9hx")).url == "https://api.clickup.com/api/v2/task/9hx?include_markdown_description=true")
        #expect(ClickUpRequests.readList(listId: "901").url == "https://api.clickup.com/api/v2/list/901")
        #expect(
            ClickUpRequests.listTasks(listId: "901", page: 2, updatedAfter: Date(epochMilliseconds: 1_567_780_450_202)).url
                == "https://api.clickup.com/api/v2/list/901/task?page=2&include_closed=true&date_updated_gt=1567780450202")
        let comment = try ClickUpRequests.addComment(.createdByPlan, ClickUpPayloads.comment("Thanks"))
        #expect(comment.url == "https://api.clickup.com/api/v2/task/{taskId}/comment")
        #expect(comment.body?.jsonText == #"{"comment_text":"Thanks","notify_all":false}"#)
        #expect(comment.header("Content-Type") == "application/json")
    }

    @Test func placeholdersResolveSafely() throws {
        let plan = try PlannerRequests.creating(WireFixtures.plannerItem, in: WireFixtures.plannerDestination)
        let patch = try plan[2].resolving(["taskId": "01gz/../x", "detailsEtag": #"W/"JzEtVGFza0RldGFpbHMgQEBAQEBAQEBAQEBAQEBAWCc=""#])
        #expect(patch.url == "https://graph.microsoft.com/v1.0/planner/tasks/01gz%2F..%2Fx/details")
        #expect(patch.header("If-Match") == #"W/"JzEtVGFza0RldGFpbHMgQEBAQEBAQEBAQEBAQEBAWCc=""#)
        #expect(patch.placeholders.isEmpty)
        #expect(patch.body == plan[2].body)
        let missing = expectInputError { try plan[2].resolving(["taskId": "t"]) }
        #expect(missing?.path.description == "$.detailsEtag")
        #expect(missing?.reason == .missing)
        let injected = expectInputError { try plan[2].resolving(["taskId": "t", "detailsEtag": "x\r\nAuthorization: stolen"]) }
        #expect(injected?.reason == .forbiddenCharacter(scalar: 0x0D))
    }

    @Test func renderingNeverShowsCredentials() throws {
        var request = try PlannerRequests.createTask(try PlannerPayloads.createTask(for: WireFixtures.plannerItem, in: WireFixtures.plannerDestination))
        request.headers[0].value = "Bearer placeholder+secret"
        request.headers.append(PlannedRequest.Header("proxy-authorization", "Basic c2VjcmV0"))
        let text = request.rendered()
        #expect(!text.contains("secret") && !text.contains("c2VjcmV0"))
        #expect(text.hasPrefix("POST https://graph.microsoft.com/v1.0/planner/tasks\nAuthorization: <redacted>\nContent-Type: application/json\nproxy-authorization: <redacted>\n\n{\n  \"appliedCategories\" : {"))
        #expect(request.description == "POST https://graph.microsoft.com/v1.0/planner/tasks (createTask)")
        #expect("\(request)".contains("secret") == false)
        let compact = request.rendered(prettyJSON: false)
        #expect(compact.hasSuffix(try stableJSON(try PlannerPayloads.createTask(for: WireFixtures.plannerItem, in: WireFixtures.plannerDestination))))
    }
}
