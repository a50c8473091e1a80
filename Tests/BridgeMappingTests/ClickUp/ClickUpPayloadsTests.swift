import BridgeMapping
import BridgeModels
import Foundation
import Testing

@Suite struct ClickUpPayloadsTests {
    let item = WireFixtures.clickUpItem
    let destination = WireFixtures.clickUpDestination

    @Test func goldenCreateBody() throws {
        let body = try ClickUpPayloads.createTask(for: item, in: destination)
        #expect(
            try stableJSON(body)
                == ####"{"assignees":[183,184],"custom_fields":[{"id":"8d7e6f5a-4b3c-4d2e-9f1a-0b9c8d7e6f5a","value":"Acme Retail (ACME)"},{"id":"0a52c486-5f05-403b-b4fd-c512ff05131c","value":"TG-ACME-C-1001"},{"id":"03efda77-c7a0-42d3-8afd-fd546353c2f5","value":1250.1},{"id":"5c1f3a2e-7b8d-4e6f-9a0b-1c2d3e4f5a6b","value":1795539600000,"value_options":{"time":true}}],"due_date":1795816800000,"due_date_time":true,"markdown_content":"### Shipment discrepancy\n\nCarton 00012345678901234567 was received with 40 units\\; the ASN says 48\\.\n\n**Partner:** Acme Retail \\(ACME\\)\n\n- PO PO\\-4471\n- ASN SH\\-99812\n\n[receiving\\-report\####u{200B}\\.pdf](https://community.example.com/docs/D-501)\n\n### Details\n\n**Transaction reference:** PO\\-4471","name":"ASN quantity does not match receipt for PO 4471 [TG-ACME-C-1001]","priority":2,"start_date":1795183380000,"start_date_time":true,"status":"to do","tags":["logistics","unmapped"]}"####
        )
    }

    @Test func goldenUpdateBodySendsOnlyWhatChanged() throws {
        var changed = item
        changed.title = "ASN short by 8 units"
        changed.priority = .urgent
        changed.dueAt = nil
        changed.assigneeIDs = ["185"]
        let body = try #require(try ClickUpPayloads.taskUpdate(from: item, to: changed, in: destination))
        #expect(
            try stableJSON(body)
                == #"{"assignees":{"add":[185],"rem":[184]},"due_date":null,"name":"ASN short by 8 units [TG-ACME-C-1001]","priority":1}"#)
        #expect(try ClickUpPayloads.taskUpdate(from: item, to: item, in: destination) == nil)
    }

    @Test func updatesCanClearAndMoveToAStatus() throws {
        #expect(try stableJSON(ClickUpTaskUpdate(priority: .clear, dueDate: .clear, startDate: .clear)) == #"{"due_date":null,"priority":null,"start_date":null}"#)
        var moved = item
        moved.startAt = WireFixtures.start.addingTimeInterval(1)
        #expect(try stableJSON(try #require(try ClickUpPayloads.taskUpdate(from: item, to: moved, in: destination))) == #"{"start_date":1795183381000,"start_date_time":true}"#)
        #expect(try stableJSON(try ClickUpPayloads.statusUpdate(.inReview, in: destination)) == #"{"status":"in review"}"#)
        let error = expectInputError { try ClickUpPayloads.statusUpdate(.blocked, in: destination) }
        #expect(error?.path.description == "$.statuses.blocked")
        #expect(error?.reason == .missing)
    }

    @Test func goldenCommentBodyIsDefanged() throws {
        let body = ClickUpPayloads.comment("Partner replied: see https://evil.example @everyone\u{202E}")
        #expect(
            try stableJSON(body)
                == #"{"comment_text":"Partner replied: see https:\#u{200B}/\#u{200B}/evil\#u{200B}.example @\#u{200B}everyone\#u{FFFD}","notify_all":false}"#)
        #expect(try stableJSON(ClickUpCommentCreate(commentText: "x", notifyAll: true, assignee: 183)) == #"{"assignee":183,"comment_text":"x","notify_all":true}"#)
        let long = ClickUpPayloads.comment(String(repeating: "é", count: 40_000))
        #expect(ClickUpLimits.commentText.fits(long.commentText))
        #expect(long.commentText.hasSuffix("…"))
    }

    @Test func goldenCustomFieldValueBodies() throws {
        #expect(try stableJSON(ClickUpSetCustomFieldValue(value: .number(Decimal(string: "1250.10")!))) == #"{"value":1250.1}"#)
        #expect(try stableJSON(ClickUpSetCustomFieldValue(value: .text("TG-ACME-C-1001"))) == #"{"value":"TG-ACME-C-1001"}"#)
        #expect(
            try stableJSON(ClickUpSetCustomFieldValue(value: .date(WireFixtures.sla, includesTime: true)))
                == #"{"value":1795539600000,"value_options":{"time":true}}"#)
    }

    @Test func customFieldKindsFollowTheKey() throws {
        #expect(try ClickUpPayloads.input(for: .text("12.50"), key: .amount) == .number(Decimal(string: "12.50")!))
        #expect(try ClickUpPayloads.input(for: .money(Money("99.90", currency: .eur)!), key: .amount) == .number(Decimal(string: "99.9")!))
        #expect(try ClickUpPayloads.input(for: .number(42), key: .caseId) == .text("42"))
        #expect(try ClickUpPayloads.input(for: .date(WireFixtures.sla), key: .partner) == .text("2026-11-24T17:00:00Z"))
        #expect(try ClickUpPayloads.input(for: .date(WireFixtures.sla), key: "followUp") == .date(WireFixtures.sla, includesTime: true))
        #expect(expectInputError { try ClickUpPayloads.input(for: .text("lots"), key: .amount) }?.path.description == "$.fields.amount")
        #expect(expectInputError { try ClickUpPayloads.input(for: .date(WireFixtures.sla), key: .amount) }?.path.description == "$.fields.amount")
        #expect(expectInputError { try ClickUpPayloads.input(for: .text("soon"), key: .slaDue) }?.path.description == "$.fields.slaDue")
    }

    @Test func theCaseIdFieldCarriesTheMarkerEvenWithoutACaseField() throws {
        var bare = item
        bare.fields = [:]
        let values = try ClickUpPayloads.customFieldValues(for: bare, in: destination)
        #expect(values.count == 1)
        #expect(values.first?.fieldId == WireFixtures.caseIdField)
        #expect(values.first?.value == .text("TG-ACME-C-1001"))
    }

    @Test func unmappedFieldsGoToTheDescription() {
        let text = ClickUpPayloads.markdownContent(for: item, in: ClickUpDestination(listId: "901")).text
        #expect(text.hasSuffix("### Details\n\n**Partner:** Acme Retail \\(ACME\\)\n\n**Case:** C\\-1001\n\n**Transaction reference:** PO\\-4471\n\n**Amount:** 1250\\.10 USD\n\n**SLA due:** 2026\\-11\\-24T17\\:00\\:00Z"))
    }

    @Test func customFieldAndTagChanges() throws {
        var changed = item
        changed.fields[.amount] = .number(Decimal(string: "99")!)
        changed.fields[.slaDue] = nil
        changed.labels = ["logistics", "escalated"]
        let changes = try ClickUpPayloads.customFieldChanges(from: item, to: changed, in: destination)
        #expect(changes.map(\.fieldId) == [WireFixtures.amountField, WireFixtures.slaField])
        #expect(changes.map(\.change) == [.set(.number(Decimal(99))), .clear])
        let tags = ClickUpPayloads.tagChanges(from: item, to: changed)
        #expect(tags.add == ["escalated"] && tags.remove == ["unmapped"])
    }

    @Test func invalidItemsAreRefusedWithAPath() {
        var wrongTracker = item
        wrongTracker.destination = .planner(planId: "p", bucketId: nil)
        #expect(expectInputError { try ClickUpPayloads.createTask(for: wrongTracker, in: destination) }?.path.description == "$.destination")
        var badAssignee = item
        badAssignee.assigneeIDs = ["184", "-3"]
        #expect(expectInputError { try ClickUpPayloads.createTask(for: badAssignee, in: destination) }?.path.description == "$.assigneeIDs[1]")
        var badAmount = item
        badAmount.fields[.amount] = .text("a lot")
        #expect(expectInputError { try ClickUpPayloads.createTask(for: badAmount, in: destination) }?.path.description == "$.fields.amount")
    }

    @Test func tagsAreCleanedAndUnique() throws {
        var tagged = item
        tagged.labels = [" logistics ", "logistics", "", "bad\u{202E}tag", String(repeating: "t", count: 300)]
        let body = try ClickUpPayloads.createTask(for: tagged, in: destination)
        #expect(body.tags.count == 3)
        #expect(body.tags[0] == "logistics")
        #expect(body.tags[1] == "bad\u{FFFD}tag")
        #expect(body.tags[2].utf16.count == 100)
    }

    @Test func bodiesRoundTripAndRefuseUnknownKeys() throws {
        var random = WireRandom(seed: 5)
        for _ in 0..<100 {
            let old = WireGenerators.item(&random, tracker: .clickUp)
            let new = WireGenerators.item(&random, tracker: .clickUp)
            let create = try ClickUpPayloads.createTask(for: old, in: destination)
            #expect(try StrictJSONDecoder().decode(ClickUpTaskCreate.self, from: try stableJSON(create)) == create)
            if let update = try ClickUpPayloads.taskUpdate(from: old, to: new, in: destination) {
                #expect(try StrictJSONDecoder().decode(ClickUpTaskUpdate.self, from: try stableJSON(update)) == update)
            }
        }
        let typo = expectInputError { try StrictJSONDecoder().decode(ClickUpTaskCreate.self, from: #"{"name": "x", "markdown_description": "y"}"#) }
        #expect(typo?.path.description == "$.markdown_description")
        #expect(expectInputError { try StrictJSONDecoder().decode(ClickUpTaskCreate.self, from: #"{"name": "x", "priority": 5}"#) }?.path.description == "$.priority")
        #expect(expectInputError { try StrictJSONDecoder().decode(ClickUpTaskCreate.self, from: #"{"name": ""}"#) }?.reason == .empty)
        #expect(expectInputError { try StrictJSONDecoder().decode(ClickUpTaskUpdate.self, from: #"{"custom_fields": []}"#) }?.path.description == "$.custom_fields")
        #expect(expectInputError { try StrictJSONDecoder().decode(ClickUpTaskUpdate.self, from: #"{"assignees": {"add": [1]}}"#) }?.path.description == "$.assignees.rem")
        #expect(expectInputError { try StrictJSONDecoder().decode(ClickUpCommentCreate.self, from: #"{"comment_text": "x"}"#) }?.path.description == "$.notify_all")
        let cleared = try StrictJSONDecoder().decode(ClickUpTaskUpdate.self, from: #"{"priority": null, "due_date": null}"#)
        #expect(cleared.priority == .clear && cleared.dueDate == .clear)
    }
}
