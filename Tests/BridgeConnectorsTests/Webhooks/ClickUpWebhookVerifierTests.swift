import BridgeConnectors
import BridgeModels
import BridgeMapping
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

@Suite struct ClickUpWebhookVerifierTests {
    let changedAt = Date(epochMilliseconds: WebhookFixtures.statusUpdatedMilliseconds)
    var body: [UInt8] { Array(WebhookFixtures.statusUpdated.utf8) }

    func verifier(secret: String = WebhookFixtures.secret, now: Date? = nil, replayWindow: Duration = .seconds(3600))
        -> ClickUpWebhookVerifier
    {
        ClickUpWebhookVerifier(
            secret: Secret(secret), replayWindow: replayWindow,
            wallClock: .constant(now ?? changedAt.addingTimeInterval(60)))
    }

    func refusal(_ verify: () throws(WebhookError) -> ClickUpWebhookEvent) -> WebhookError? {
        do {
            _ = try verify()
            return nil
        } catch {
            return error
        }
    }

    @Test func acceptsTheDocumentedPayloadSignedByAnotherImplementation() throws {
        let event = try verifier().verify(body: body, signature: WebhookFixtures.statusUpdatedSignature)
        #expect(event.name == .taskStatusUpdated)
        #expect(event.name.isDocumented)
        #expect(event.webhookID == "7fa3ec74-69a8-4530-a251-8a13730bd204")
        #expect(event.taskID == "1vj38vv")
        #expect(event.historyItems.count == 1)
        let item = try #require(event.historyItems.first)
        #expect(item.id == "2800787326392370170")
        #expect(item.field == "status")
        #expect(item.date == changedAt)
        #expect(item.parentID == "162641062")
        #expect(item.userID == "183")
        #expect(
            item.change
                == .status(
                    from: ClickUpStatus(name: "to do", type: "open", color: "#f9d900"),
                    to: ClickUpStatus(name: "in progress", type: "custom", color: "#7C4DFF")))
        #expect(item.deduplicationKey == "7fa3ec74-69a8-4530-a251-8a13730bd204:2800787326392370170")
        #expect(event.deduplicationKeys == [item.deduplicationKey])
        #expect(event.latestChange == changedAt)
    }

    @Test func readsTheSignatureFromHeaderFieldsInAnyCase() throws {
        let fields: HTTPFields = ["x-signature": WebhookFixtures.statusUpdatedSignature.uppercased()]
        #expect(try verifier().verify(body: body, fields: fields).taskID == "1vj38vv")
        #expect(verifier().isValidSignature(WebhookFixtures.statusUpdatedSignature, for: body))
    }

    @Test func refusesATamperedBody() {
        var tampered = body
        let index = tampered.firstIndex(of: UInt8(ascii: "1"))!
        tampered[index] = UInt8(ascii: "2")
        let error = refusal { () throws(WebhookError) in
            try verifier().verify(body: tampered, signature: WebhookFixtures.statusUpdatedSignature)
        }
        #expect(error?.reason == .signatureMismatch)
        #expect(error?.suggestedResponseStatus == .forbidden)
        // Whitespace added by re-serialising also breaks the signature: verify raw bytes.
        let reformatted = Array(WebhookFixtures.statusUpdated.replacing(",", with: ", ").utf8)
        #expect(!verifier().isValidSignature(WebhookFixtures.statusUpdatedSignature, for: reformatted))
    }

    @Test func refusesTheWrongSecret() {
        let error = refusal { () throws(WebhookError) in
            try verifier(secret: "whsec-other").verify(body: body, signature: WebhookFixtures.statusUpdatedSignature)
        }
        #expect(error?.reason == .signatureMismatch)
    }

    @Test(arguments: [
        (nil, WebhookError.Reason.missingSignature), ("", .malformedSignature), ("abc", .malformedSignature),
        (String(repeating: "z", count: 64), .malformedSignature),
        (String(repeating: "0", count: 63), .malformedSignature),
        (String(repeating: "0", count: 64), .signatureMismatch),
    ])
    func refusesMissingAndMalformedSignatures(_ signature: String?, _ reason: WebhookError.Reason) {
        let error = refusal { () throws(WebhookError) in try verifier().verify(body: body, signature: signature) }
        #expect(error?.reason == reason)
        #expect(error?.suggestedResponseStatus == .forbidden)
    }

    @Test func errorTextNeverContainsTheSecretOrAnyDigest() {
        let wrong = String(repeating: "ab", count: 32)
        let errors = [
            refusal { () throws(WebhookError) in try verifier().verify(body: body, signature: wrong) },
            refusal { () throws(WebhookError) in try verifier().verify(body: body, signature: nil) },
            refusal { () throws(WebhookError) in
                try verifier(secret: "whsec-other").verify(body: body, signature: WebhookFixtures.statusUpdatedSignature)
            },
        ].compactMap { $0 }
        #expect(errors.count == 3)
        for error in errors {
            for text in [error.description, String(reflecting: error), "\(error)"] {
                #expect(!text.contains(WebhookFixtures.secret))
                #expect(!text.contains("whsec"))
                #expect(!text.contains(WebhookFixtures.statusUpdatedSignature))
                #expect(!text.contains(wrong))
                #expect(!text.contains(String(WebhookFixtures.statusUpdatedSignature.prefix(12))))
            }
        }
    }

    @Test func refusesReplaysOutsideTheWindow() {
        let late = changedAt.addingTimeInterval(2 * 3600)
        let error = refusal { () throws(WebhookError) in
            try verifier(now: late).verify(body: body, signature: WebhookFixtures.statusUpdatedSignature)
        }
        #expect(error?.reason == .stale(changedAt: changedAt, age: .seconds(7200)))
        #expect(error?.suggestedResponseStatus == .ok, "authentic but late: acknowledge and drop")
        #expect(throws: Never.self) {
            try verifier(now: late, replayWindow: .seconds(3 * 3600)).verify(
                body: body, signature: WebhookFixtures.statusUpdatedSignature)
        }
        let early = changedAt.addingTimeInterval(-600)
        let future = refusal { () throws(WebhookError) in
            try verifier(now: early).verify(body: body, signature: WebhookFixtures.statusUpdatedSignature)
        }
        #expect(future?.reason == .fromTheFuture(changedAt: changedAt, ahead: .seconds(600)))
    }

    @Test func refusesOversizeBodiesBeforeHashing() {
        let large = [UInt8](repeating: UInt8(ascii: " "), count: (1 << 20) + 1)
        let error = refusal { () throws(WebhookError) in try verifier().verify(body: large, signature: nil) }
        #expect(error?.reason == .bodyTooLarge(limit: 1 << 20, size: (1 << 20) + 1))
        #expect(error?.suggestedResponseStatus == .badRequest)
    }

    @Test(arguments: [
        (#"{"event":"taskUpdated","webhook_id":"w","history_items":[{"id":"1","date":"16427"#, "$.history_items[0].date"),
        (#"{"event":"taskUpdated"}"#, "$.webhook_id"),
        (#"{"event":"taskUpdated","webhook_id":"w","webhook_id":"x"}"#, "$"),
        (#"{"event":"taskUpdated","webhook_id":"w","history_items":{}}"#, "$.history_items"),
        (#"{"event":"taskUpdated","webhook_id":"w","history_items":[{"id":"1","date":"yesterday"}]}"#, "$.history_items[0].date"),
        (#"{"event":"taskUpdated","webhook_id":"w","history_items":[{"date":"1"}]}"#, "$.history_items[0].id"),
        (#"{"event":"taskUpdated","webhook_id":"w","history_items":[{"id":"1","date":"1","field":"status","after":[1]}]}"#, "$.history_items[0].after"),
        (#"{"event":"taskUpdated","webhook_id":"w","history_items":[{"id":"1","date":"1","field":"assignee_add"}]}"#, "$.history_items[0].after"),
        (#"{"event":"taskUpdated","webhook_id":"w","history_items":[{"id":"1","date":"1","field":"comment"}]}"#, "$.history_items[0].comment"),
        (#"{"event":"taskUpdated","webhook_id":"w\u202Ex"}"#, "$.webhook_id"),
        (#"[1,2]"#, "$"),
    ])
    func authenticMalformedPayloadsGiveThePath(_ payload: String, _ path: String) {
        let error = refusal { () throws(WebhookError) in
            try ClickUpWebhookVerifier(secret: Secret(WebhookFixtures.secret), replayWindow: .seconds(1 << 40))
                .verify(body: Array(payload.utf8), signature: WebhookFixtures.sign(payload))
        }
        guard case .malformedPayload(let input)? = error?.reason else {
            Issue.record("expected a malformed payload, got \(String(describing: error))")
            return
        }
        #expect(input.path.description == path)
        #expect(error?.suggestedResponseStatus == .badRequest)
    }
}
