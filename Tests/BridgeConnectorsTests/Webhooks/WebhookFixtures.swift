import BridgeMapping
import BridgeConnectors
import BridgeModels

/// ClickUp webhook payloads for the tests.
enum WebhookFixtures {
    /// `clickup_webhook_status.valid.json` from the shared reference examples, byte for byte
    /// (one line plus a newline): ClickUp's documented `taskStatusUpdated` example.
    static let statusUpdated = ##"{"event":"taskStatusUpdated","history_items":[{"id":"2800787326392370170","type":1,"date":"1642736073330","field":"status","parent_id":"162641062","data":{"status_type":"custom"},"source":null,"user":{"id":183,"username":"John","email":"john@example.com","color":"#7b68ee","initials":"J","profilePicture":null},"before":{"status":"to do","color":"#f9d900","orderindex":0,"type":"open"},"after":{"status":"in progress","color":"#7C4DFF","orderindex":1,"type":"custom"}}],"task_id":"1vj38vv","webhook_id":"7fa3ec74-69a8-4530-a251-8a13730bd204"}"## + "\n"

    /// The webhook secret used to sign ``statusUpdated`` below.
    static let secret = "whsec-test-3f9a"

    /// HMAC-SHA256 of ``statusUpdated`` under ``secret``, computed independently with Python's
    /// `hmac` module, so the verifier is checked against another implementation.
    static let statusUpdatedSignature = "2b618f6fce9c3bdae70cbe8391c0c2ab56fd3f3df79dd5d4a7e95ee0c0331c48"

    /// The history item's date in that payload.
    static let statusUpdatedMilliseconds: Int64 = 1_642_736_073_330

    /// Signs `body` with ``secret``.
    static func sign(_ body: String, secret: String = WebhookFixtures.secret) -> String {
        HMACSHA256.hexAuthenticationCode(for: Array(body.utf8), key: Secret(secret))
    }

    /// A payload with one history item.
    static func payload(event: String = "taskUpdated", webhookID: String = "wh-1", item: String) -> String {
        #"{"event":"\#(event)","webhook_id":"\#(webhookID)","task_id":"t1","history_items":[\#(item)]}"#
    }

    static let comment = #"{"id":"2800803631413624919","type":1,"date":"1642737045116","field":"comment","parent_id":"162641062","user":{"id":183,"username":"John"},"comment":{"id":"648893191","text_content":"comment abc1234\n","comment":[{"text":"comment abc1234"}]}}"#
    static let assigneeAdded = #"{"id":"2800789353868594308","type":1,"date":"1642736194135","field":"assignee_add","user":{"id":183},"after":{"id":184,"username":"Sam"}}"#
    static let assigneeRemoved = #"{"id":"2800789353868594309","date":"1642736194136","field":"assignee_rem","user":{"id":183},"before":{"id":"184","username":"Sam"},"after":null}"#
    static let customField = #"{"id":"2800800000000000001","date":1642736200000,"field":"custom_field","custom_field":{"id":"0a52c486-5f05-403b-b4fd-c512ff05131c","name":"Partner tier","type":"drop_down"},"before":null,"after":"6b8c1d2e-aaaa-bbbb-cccc-1234567890ab"}"#
    static let created = #"{"id":"2800763136700363640","type":1,"date":"1642734631523","field":"task_creation","parent_id":"162641062","data":{},"source":null,"user":{"id":183},"before":null,"after":null}"#
    static let priority = #"{"id":"2800800000000000002","date":"1642736300000","field":"priority","before":null,"after":{"id":"2","priority":"high"}}"#
}
