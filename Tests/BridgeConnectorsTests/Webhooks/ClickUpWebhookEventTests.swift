import BridgeConnectors
import BridgeModels
import BridgeMapping
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

@Suite struct ClickUpWebhookEventTests {
    func parse(_ item: String, event: String = "taskUpdated") throws -> ClickUpHistoryItem {
        let parsed = try ClickUpWebhookEvent(parsing: Array(WebhookFixtures.payload(event: event, item: item).utf8))
        return try #require(parsed.historyItems.first)
    }

    @Test func comments() throws {
        let item = try parse(WebhookFixtures.comment, event: "taskCommentPosted")
        #expect(item.change == .comment(ClickUpComment(id: "648893191", text: "comment abc1234\n")))
        #expect(item.userID == "183")
    }

    @Test func commentTextFallsBackToCommentTextAndMayBeEmpty() throws {
        let legacy = try parse(#"{"id":"9","date":"1","field":"comment","comment":{"id":7,"comment_text":"hi"}}"#)
        #expect(legacy.change == .comment(ClickUpComment(id: "7", text: "hi")))
        let attachmentOnly = try parse(#"{"id":"9","date":"1","field":"comment","comment":{"id":"8"}}"#)
        #expect(attachmentOnly.change == .comment(ClickUpComment(id: "8", text: "")))
    }

    @Test func assigneeChangesWithNumericAndStringIDs() throws {
        #expect(try parse(WebhookFixtures.assigneeAdded).change == .assigneeAdded(userID: "184"))
        #expect(try parse(WebhookFixtures.assigneeRemoved).change == .assigneeRemoved(userID: "184"))
    }

    @Test func customFieldChangesKeepRawValues() throws {
        let item = try parse(WebhookFixtures.customField)
        #expect(
            item.change
                == .customField(
                    ClickUpCustomFieldChange(
                        fieldID: "0a52c486-5f05-403b-b4fd-c512ff05131c", name: "Partner tier", type: "drop_down",
                        before: nil, after: .string("6b8c1d2e-aaaa-bbbb-cccc-1234567890ab"))))
        #expect(item.date == Date(epochMilliseconds: 1_642_736_200_000), "dates may arrive as JSON numbers")
    }

    @Test func creationAndUnknownFields() throws {
        #expect(try parse(WebhookFixtures.created).change == .taskCreated)
        let priority = try parse(WebhookFixtures.priority)
        #expect(priority.change == .other(field: "priority"))
        guard case .object(let after)? = priority.after else {
            Issue.record("after not kept")
            return
        }
        #expect(after["priority"] == .string("high"))
        let status = try parse(#"{"id":"1","date":"1","field":"status","before":{"status":null,"type":"removed"},"after":{"status":"to do","type":"open"}}"#)
        #expect(status.change == .status(from: nil, to: ClickUpStatus(name: "to do", type: "open")))
    }

    @Test func unknownEventsAreKept() throws {
        let body = #"{"event":"taskAttachmentUpdated","webhook_id":"w","task_id":"t","history_items":[]}"#
        let event = try ClickUpWebhookEvent(parsing: Array(body.utf8))
        #expect(event.name.rawValue == "taskAttachmentUpdated")
        #expect(!event.name.isDocumented)
        #expect(ClickUpWebhookEvent.Name.documented.count == 28)
    }

    @Test func eventsWithoutHistoryItemsAreKeyedByTheirBody() throws {
        let list = #"{"event":"listCreated","webhook_id":"w","list_id":"901"}"#
        let other = #"{"event":"listCreated","webhook_id":"w","list_id":"902"}"#
        let a = try ClickUpWebhookEvent(parsing: Array(list.utf8))
        let b = try ClickUpWebhookEvent(parsing: Array(other.utf8))
        #expect(a.listID == "901")
        #expect(a.latestChange == nil)
        #expect(a.deduplicationKeys.count == 1)
        #expect(a.deduplicationKeys[0].hasPrefix("w:body-"))
        #expect(a.deduplicationKeys != b.deduplicationKeys)
        #expect(a.deduplicationKeys == (try ClickUpWebhookEvent(parsing: Array(list.utf8))).deduplicationKeys)
    }
}
