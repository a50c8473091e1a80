import BridgeMapping
import BridgeModels
import Foundation
import Testing

@Suite struct PlannerRequestsClientTests {
    func summary(_ request: PlannedRequest) -> String {
        ([request.method + " " + request.url] + request.headers.map { "\($0.name): \($0.value)" }).joined(
            separator: "\n")
    }

    @Test func deleteCarriesIfMatchOnly() throws {
        let planned = try PlannerRequests.deleteTask(.id("01gzSlKkIUSUl6DF_EilrmQAKDhh"), etag: #"W/"JzEtVGFzayAg""#)
        #expect(planned.purpose == .deleteTask && planned.body == nil && planned.placeholders.isEmpty)
        #expect(
            summary(planned) == """
                DELETE https://graph.microsoft.com/v1.0/planner/tasks/01gzSlKkIUSUl6DF_EilrmQAKDhh
                Authorization: <redacted>
                If-Match: W/"JzEtVGFzayAg"
                """)
        let placeholder = try PlannerRequests.deleteTask(.createdByPlan)
        #expect(placeholder.placeholders == [.taskId, .taskETag])
        #expect(placeholder.header("If-Match") == "{taskEtag}")
        #expect(throws: InputError.self) { try PlannerRequests.deleteTask(.id("x"), etag: "W/\"a\"\r\nX-Evil: 1") }
    }

    @Test func nextPagesFollowOnlyGraphLinks() throws {
        let link = "https://graph.microsoft.com/v1.0/planner/plans/xqQg5FS2LkCp935s-FIFm2QAFkHM/tasks?$skiptoken=abc%3D"
        let planned = try PlannerRequests.listTasks(nextLink: link)
        #expect(planned.purpose == .listTasks && planned.method == "GET" && planned.url == link)
        #expect(planned.headers.map(\.name) == ["Authorization"])
        for refused in [
            "https://evil.example.com/v1.0/planner/plans/p/tasks",
            "http://graph.microsoft.com/v1.0/planner/plans/p/tasks",
            "https://graph.microsoft.com/beta/planner/plans/p/tasks", "https://graph.microsoft.com/v1.0.evil.com/x",
            "https://graph.microsoft.com/v1.0/", "https://graph.microsoft.com/v1.0/planner/plans/p/tasks#frag",
            "https://graph.microsoft.com/v1.0/planner/plans/p/tasks?x=a b",
            "https://graph.microsoft.com/v1.0/planner/\r\nX: 1",
        ] {
            let error = try #require(expectInputError { try PlannerRequests.listTasks(nextLink: refused) })
            #expect(error.path == JSONPath.root.appending(key: "@odata.nextLink"))
        }
    }

    @Test func aBatchEmbedsEachPlannedRequest() throws {
        let update = try PlannerRequests.updateTask(.id("T1"), PlannerTaskUpdate(priority: 1), etag: #"W/"e1""#)
        let read = PlannerRequests.readTask(.id("T1"))
        let planned = try PlannerRequests.batch([
            PlannerBatchPart(id: "1", request: update), PlannerBatchPart(id: "2", request: read, dependsOn: ["1"]),
        ])
        #expect(planned.purpose == .batch)
        #expect(
            summary(planned) == """
                POST https://graph.microsoft.com/v1.0/$batch
                Authorization: <redacted>
                Content-Type: application/json
                """)
        #expect(
            planned.body?.jsonText
                == #"{"requests":[{"body":{"priority":1},"headers":{"Content-Type":"application/json","If-Match":"W/\"e1\"","Prefer":"return=representation"},"id":"1","method":"PATCH","url":"/planner/tasks/T1"},{"dependsOn":["1"],"id":"2","method":"GET","url":"/planner/tasks/T1"}]}"#
        )
    }

    @Test func batchesAreCheckedBeforeSending() throws {
        let read = PlannerRequests.readTask(.id("T1"))
        let cases: [([PlannerBatchPart], String)] = [
            ([], "$.requests"),
            ((0...20).map { PlannerBatchPart(id: String($0), request: read) }, "$.requests"),
            ([PlannerBatchPart(id: "1", request: read), PlannerBatchPart(id: "1", request: read)], "$.requests[1].id"),
            ([PlannerBatchPart(id: " ", request: read)], "$.requests[0].id"),
            ([PlannerBatchPart(id: "1", request: read, dependsOn: ["1"])], "$.requests[0].dependsOn[0]"),
            (
                [PlannerBatchPart(id: "1", request: read, dependsOn: ["2"]), PlannerBatchPart(id: "2", request: read)],
                "$.requests[0].dependsOn[0]"
            ),
            (
                [PlannerBatchPart(id: "1", request: PlannerRequests.readTaskDetails(.createdByPlan))],
                "$.requests[0].url"
            ),
            ([PlannerBatchPart(id: "1", request: ClickUpRequests.readTask(.id("86abc")))], "$.requests[0].url"),
        ]
        for (parts, path) in cases {
            let error = try #require(expectInputError { try PlannerRequests.batch(parts) })
            #expect(error.path.description == path)
        }
        #expect(PlannerRequests.batchLimit == 20)
    }
}
