import BridgeMapping
import BridgeModels
import Testing

@Suite struct TrackerSyncTests {
    let sync = TrackerSync()
    let context = PostContext(
        partner: Partner(id: "ACME", name: "Acme Retail"), caseId: "C-1001", threadId: "T-77", kind: .invoiceMismatch,
        keyReference: TransactionReference(type: .invoice, value: "INV-88"), teamPublicName: "accounts payable")

    @Test func aClickUpStatusChangeBecomesAPartnerPost() throws {
        let state = TaskSyncState(tracker: .clickUp, taskId: "86b1x2", workStatus: .open, postedStatus: .received)
        let outcome = sync.interpret(.status(.clickUp(name: "in review", type: "custom")), state: state, context: context, reference: "h-42")
        #expect(outcome.newWorkStatus == .inReview)
        let post = try #require(outcome.post)
        #expect(post.text == "Your case C-1001 (Invoice INV-88) is being reviewed by our accounts payable team.")
        #expect(post.cause == PostCause(tracker: .clickUp, taskId: "86b1x2", change: "status", reference: "h-42"))
        #expect(outcome.state.workStatus == .inReview && outcome.state.postedStatus == .inReview)
    }

    @Test func aRedeliveredChangeIsIgnoredAndKeepsTheSameId() {
        let state = TaskSyncState(tracker: .clickUp, taskId: "86b1x2", workStatus: .open, postedStatus: .received)
        let first = sync.interpret(.status(.clickUp(name: "in review", type: "custom")), state: state, context: context, reference: "h-42")
        let again = sync.interpret(.status(.clickUp(name: "in review", type: "custom")), state: first.state, context: context, reference: "h-42")
        #expect(again.post == nil && again.newWorkStatus == nil)
        #expect(again.ignoredBecause == "status unchanged (inReview)")
        // A retry from the original state (the post failed to publish) makes the same post id.
        let retry = sync.interpret(.status(.clickUp(name: "in review", type: "custom")), state: state, context: context, reference: "h-42")
        #expect(retry.post?.id == first.post?.id)
    }

    @Test func plannerProgressMapsThroughTheRules() throws {
        let state = TaskSyncState(tracker: .planner, taskId: "t1", workStatus: .inProgress, postedStatus: .inProgress)
        let done = sync.interpret(.status(.planner(percentComplete: 100, bucketId: nil, categories: [])), state: state, context: context, reference: "etag-2")
        #expect(done.newWorkStatus == .resolved)
        #expect(done.post?.status == .resolved)
        // An internal-only change (blocked shows as in progress) updates the state but posts nothing.
        let blockedSync = TrackerSync(plannerStatus: PlannerStatusMap(rules: [PlannerStatusRule(category: "category9", status: .blocked)] + PlannerStatusMap.standard.rules))
        let blocked = blockedSync.interpret(.status(.planner(percentComplete: 50, bucketId: nil, categories: ["category9"])), state: state, context: context, reference: "etag-3")
        #expect(blocked.newWorkStatus == .blocked)
        #expect(blocked.post == nil)
        #expect(blocked.state.postedStatus == .inProgress)
    }

    @Test func commentsArePostedOnceAndOnlyWhenPublic() {
        var state = TaskSyncState(tracker: .clickUp, taskId: "86b1x2")
        let internalComment = sync.interpret(.comment(id: "c1", text: "partner is wrong, push back"), state: state, context: context, reference: "c1")
        #expect(internalComment.post == nil)
        #expect(internalComment.state.handledCommentIDs == ["c1"])
        state = internalComment.state
        let publicComment = sync.interpret(.comment(id: "c2", text: "[public] Credit memo issued."), state: state, context: context, reference: "c2")
        #expect(publicComment.post?.text == "Update on case C-1001: Credit memo issued.")
        let echo = sync.interpret(.comment(id: "c2", text: "[public] Credit memo issued."), state: publicComment.state, context: context, reference: "c2")
        #expect(echo.post == nil)
    }

    @Test func theBridgesOwnCommentsAreNeverEchoed() {
        // The engine records the id of a comment it wrote (a partner message copied to the task).
        let state = TaskSyncState(tracker: .clickUp, taskId: "86b1x2", handledCommentIDs: ["c-own"])
        let outcome = sync.interpret(.comment(id: "c-own", text: "[public] (from partner) hello"), state: state, context: context, reference: "c-own")
        #expect(outcome.post == nil)
    }

    @Test func unmappedStatesAreReportedNotGuessed() {
        let state = TaskSyncState(tracker: .clickUp, taskId: "x", workStatus: .open)
        let outcome = sync.interpret(.status(.clickUp(name: "weird", type: "archived")), state: state, context: context, reference: "h")
        #expect(outcome.newWorkStatus == nil && outcome.post == nil)
        #expect(outcome.state == state)
    }
}

@Suite struct TrackerChangeSourcesTests {
    @Test func plannerTasksGiveTheirProgressBucketAndCategories() throws {
        let json = #"{"@odata.etag":"W/\"JzEtVGFzayAgQEBAQEBAQEBAQEBAQEBAWCc=\"","id":"pGYHMfJ7OEOtMoXKpi9ZhGUACFZi","planId":"xqQg5FS2LkCp935s-FIFm2QAFkHM","bucketId":"hsOf2dhOJkqyYYZEtdzDe2QAIUCR","title":"t","percentComplete":50,"appliedCategories":{"category5":true,"category2":false}}"#
        let task = try StrictJSONDecoder().decode(PlannerTask.self, from: json)
        #expect(TrackerStatusFacts(task) == .planner(percentComplete: 50, bucketId: "hsOf2dhOJkqyYYZEtdzDe2QAIUCR", categories: ["category5"]))
        let configuration = try exampleConfiguration()
        // The example maps category5 to awaitingDocuments.
        #expect(TrackerSync(configuration: configuration).workStatus(TrackerStatusFacts(task)) == .awaitingDocuments)
    }

    @Test func clickUpHistoryItemsBecomeStatusAndCommentChanges() throws {
        let payload = #"""
            {"event":"taskStatusUpdated","webhook_id":"wh-1","task_id":"86b1x2","history_items":[
              {"id":"h-1","type":1,"date":"1764000000000","field":"status","parent_id":"901","user":{"id":183},
               "before":{"status":"to do","color":"#d3d3d3","type":"open","orderindex":0},
               "after":{"status":"in review","color":"#4194f6","type":"custom","orderindex":1}},
              {"id":"h-2","type":1,"date":"1764000000500","field":"comment","parent_id":"901","user":{"id":183},
               "comment":{"id":"c-9","text_content":"[public] Credit issued.","comment":[{"text":"[public] Credit issued."}]}},
              {"id":"h-3","type":1,"date":"1764000001000","field":"assignee_add","parent_id":"901","user":{"id":183},"after":{"id":4412,"username":"jane"}}]}
            """#
        let event = try ClickUpWebhookEvent(parsing: Array(payload.utf8))
        let changes = event.historyItems.compactMap(TrackerChange.init)
        #expect(changes == [.status(.clickUp(name: "in review", type: "custom")), .comment(id: "c-9", text: "[public] Credit issued.")])
    }
}
