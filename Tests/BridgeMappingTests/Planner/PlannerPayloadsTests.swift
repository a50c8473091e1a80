import BridgeMapping
import BridgeModels
import Foundation
import Testing

@Suite struct PlannerPayloadsTests {
    let item = WireFixtures.plannerItem
    let destination = WireFixtures.plannerDestination

    @Test func goldenCreateBody() throws {
        let body = try PlannerPayloads.createTask(for: item, in: destination)
        #expect(
            try stableJSON(body)
                == ##"{"appliedCategories":{"category3":true},"assignments":{"9e0a8b3c-1d2f-4a5b-8c7d-6e5f4a3b2c1d":{"@odata.type":"#microsoft.graph.plannerAssignment","orderHint":" !"},"fbab97d0-4932-4511-b675-204639209557":{"@odata.type":"#microsoft.graph.plannerAssignment","orderHint":" !"}},"bucketId":"hsOf2dhOJkqyYYZEtdzDe2QAIUCR","dueDateTime":"2026-11-27T22:00:00Z","planId":"xqQg5FS2LkCp935s-FIFm2QAFkHM","priority":3,"startDateTime":"2026-11-20T14:03:00Z","title":"ASN quantity does not match receipt for PO 4471 [TG-ACME-C-1001]"}"##
        )
    }

    @Test func goldenDetailsBody() throws {
        let body = try #require(PlannerPayloads.detailsUpdate(for: item))
        #expect(
            try stableJSON(body)
                == ##"{"checklist":{"190fadb2-9a76-82e2-9d51-1b2718eff3bb":{"@odata.type":"#microsoft.graph.plannerChecklistItem","isChecked":true,"orderHint":" ! !","title":"Reply to partner"},"e1e02583-a184-8b75-924c-05b16adc90c5":{"@odata.type":"#microsoft.graph.plannerChecklistItem","isChecked":false,"orderHint":" !","title":"Re-count carton"}},"description":"Shipment discrepancy\nCarton 00012345678901234567 was received with 40 units; the ASN says 48.\n\nPartner: Acme Retail (ACME)\n\n• PO PO-4471\n• ASN SH-99812\n\nreceiving-report.pdf: https://community.example.com/docs/D-501\n\nDetails\nPartner: Acme Retail (ACME)\nCase: C-1001\nTransaction reference: PO-4471\nAmount: 1250.10 USD\nSLA due: 2026-11-24T17:00:00Z","previewType":"automatic","references":{"https%3A//community%2Eexample%2Ecom/docs/D-501":{"@odata.type":"#microsoft.graph.plannerExternalReference","alias":"receiving-report.pdf","previewPriority":" !","type":"Other"}}}"##
        )
    }

    @Test func goldenTaskUpdateBodySendsOnlyWhatChanged() throws {
        var changed = item
        changed.title = "ASN short by 8 units"
        changed.priority = .urgent
        changed.dueAt = nil
        changed.assigneeIDs = [WireGenerators.guids[0]]
        changed.labels = ["escalated"]
        let body = try #require(try PlannerPayloads.taskUpdate(from: item, to: changed, in: destination))
        #expect(
            try stableJSON(body)
                == ##"{"appliedCategories":{"category1":true,"category3":false},"assignments":{"11111111-0000-4000-8000-000000000001":{"@odata.type":"#microsoft.graph.plannerAssignment","orderHint":" !"},"9e0a8b3c-1d2f-4a5b-8c7d-6e5f4a3b2c1d":null},"dueDateTime":null,"priority":1,"title":"ASN short by 8 units [TG-ACME-C-1001]"}"##
        )
    }

    @Test func anUnchangedItemNeedsNoUpdate() throws {
        #expect(try PlannerPayloads.taskUpdate(from: item, to: item, in: destination) == nil)
        #expect(PlannerPayloads.detailsUpdate(from: item, to: item) == nil)
    }

    @Test(arguments: ["priority", "startDateTime", "appliedCategories", "dueDateTime", "title"])
    func oneChangeGivesOneKey(_ key: String) throws {
        var changed = item
        switch key {
        case "priority": changed.priority = .low
        case "startDateTime": changed.startAt = WireFixtures.start.addingTimeInterval(3_600)
        case "dueDateTime": changed.dueAt = WireFixtures.due.addingTimeInterval(86_400)
        case "title": changed.title = "New title"
        default: changed.labels = ["logistics", "escalated"]
        }
        let body = try #require(try PlannerPayloads.taskUpdate(from: item, to: changed, in: destination))
        guard case .object(let object) = try StrictJSONParser().parse(try stableJSON(body)) else {
            Issue.record("not an object")
            return
        }
        #expect(object.keys == [key])
    }

    @Test func bucketMovesAndPercentCompleteIsExplicit() throws {
        var moved = item
        moved.destination = .planner(planId: "xqQg5FS2LkCp935s-FIFm2QAFkHM", bucketId: "newBucket")
        let body = try #require(try PlannerPayloads.taskUpdate(from: item, to: moved, in: destination))
        #expect(try stableJSON(body) == #"{"bucketId":"newBucket"}"#)
        #expect(try stableJSON(PlannerTaskUpdate(percentComplete: 150)) == #"{"percentComplete":100}"#)
        var progress = PlannerTaskUpdate()
        progress.percentComplete = -3
        #expect(progress.percentComplete == 0)
        #expect(PlannerTaskUpdate().isEmpty)
    }

    @Test func aTaskCannotMoveToAnotherPlan() {
        var moved = item
        moved.destination = .planner(planId: "otherPlan", bucketId: nil)
        let error = expectInputError { try PlannerPayloads.taskUpdate(from: item, to: moved, in: destination) }
        #expect(error?.path.description == "$.destination")
    }

    @Test func checklistKeysAreDeterministic() throws {
        let first = try #require(PlannerPayloads.detailsUpdate(for: item))
        let again = try #require(PlannerPayloads.detailsUpdate(for: item))
        #expect(first.checklist.keys.sorted() == again.checklist.keys.sorted())
        // The key depends on marker, title and occurrence, not on the check mark.
        var checked = item
        checked.checklist[0].isChecked = true
        #expect(try #require(PlannerPayloads.detailsUpdate(for: checked)).checklist.keys.sorted() == first.checklist.keys.sorted())
        var retitled = item
        retitled.checklist[0].title = "Re-count carton twice"
        #expect(Set(try #require(PlannerPayloads.detailsUpdate(for: retitled)).checklist.keys).intersection(first.checklist.keys).count == 1)
        var otherCase = item
        otherCase.marker = IdempotencyMarker(rawValue: "TG-ACME-C-1002")
        #expect(Set(try #require(PlannerPayloads.detailsUpdate(for: otherCase)).checklist.keys).isDisjoint(with: first.checklist.keys))
        // Equal titles get distinct keys.
        var twice = item
        twice.checklist = [ChecklistEntry(title: "Call"), ChecklistEntry(title: "Call")]
        #expect(try #require(PlannerPayloads.detailsUpdate(for: twice)).checklist.count == 2)
        #expect(
            PlannerWire.checklistKey(marker: item.marker, title: "Call", occurrence: 0)
                != PlannerWire.checklistKey(marker: item.marker, title: "Call", occurrence: 1))
        // Known value: a change of the key scheme would orphan items created by earlier versions.
        #expect(PlannerWire.checklistKey(marker: item.marker, title: "Re-count carton", occurrence: 0) == "e1e02583-a184-8b75-924c-05b16adc90c5")
    }

    @Test func checklistItemsAreOrderedAndTruncated() throws {
        var long = item
        long.checklist = [ChecklistEntry(title: String(repeating: "x", count: 300)), ChecklistEntry(title: "second")]
        let body = try #require(PlannerPayloads.detailsUpdate(for: long))
        let items = body.checklist.values.compactMap(\.value).sorted { ($0.orderHint ?? "") < ($1.orderHint ?? "") }
        #expect(items.map(\.orderHint) == [" !", " ! !"])
        #expect(items[0].title?.utf16.count == 100)
        #expect(items[0].title?.hasSuffix("…") == true)
    }

    @Test func twentyChecklistItemsFitAndTheTwentyFirstOverflows() throws {
        var twenty = item
        twenty.checklist = (1...20).map { ChecklistEntry(title: "Step \($0)") }
        let fits = try #require(PlannerPayloads.detailsUpdate(for: twenty))
        #expect(fits.checklist.count == 20)
        #expect(!(fits.description ?? "").contains("More checklist items"))

        var more = item
        more.checklist = (1...22).map { ChecklistEntry(title: "Step \($0)", isChecked: $0 > 19) }
        let overflowing = try #require(PlannerPayloads.detailsUpdate(for: more))
        #expect(overflowing.checklist.count == 20)
        let titles = overflowing.checklist.values.compactMap(\.value).sorted { ($0.orderHint ?? "").count < ($1.orderHint ?? "").count }
            .compactMap(\.title)
        #expect(titles.prefix(19) == ArraySlice((1...19).map { "Step \($0)" }))
        #expect(titles.last == "+3 more items in the description")
        let pointer = overflowing.checklist.values.compactMap(\.value).first { $0.title?.hasPrefix("+3") == true }
        #expect(pointer?.isChecked == true)
        #expect((overflowing.description ?? "").hasSuffix("More checklist items\n• [x] Step 20\n• [x] Step 21\n• [x] Step 22"))
    }

    @Test func referencesAreKeyedByEncodedURLAndCappedAtTen() throws {
        var many = item
        many.documents = (1...12).map { index in
            DocumentLink(documentId: DocumentID(rawValue: "D-\(index)"), name: "doc\(index).xlsx", url: "https://c.example/docs/D-\(index)")
        } + [
            DocumentLink(documentId: "D-1-again", name: "dup.pdf", url: "https://c.example/docs/D-1"),
            DocumentLink(documentId: "D-local", name: "local.pdf"),
        ]
        let body = try #require(PlannerPayloads.detailsUpdate(for: many))
        #expect(body.references.count == 10)
        #expect(body.references["https%3A//c%2Eexample/docs/D-1"]?.value == PlannerReferenceWrite(alias: "doc1.xlsx", type: .excel, previewPriority: " !"))
        #expect(body.references["https%3A//c%2Eexample/docs/D-11"] == nil)
        #expect(
            (body.description ?? "").hasSuffix(
                "More documents\n• doc11.xlsx: https://c.example/docs/D-11\n• doc12.xlsx: https://c.example/docs/D-12\n• local.pdf"))
    }

    @Test func detailsDiffAddsRemovesAndUpdates() throws {
        var changed = item
        changed.checklist = [ChecklistEntry(title: "Re-count carton", isChecked: true), ChecklistEntry(title: "Credit note")]
        changed.documents = []
        let body = try #require(PlannerPayloads.detailsUpdate(from: item, to: changed))
        let json = try stableJSON(body)
        #expect(body.description == nil)
        #expect(body.checklist["e1e02583-a184-8b75-924c-05b16adc90c5"] == .set(PlannerChecklistItemWrite(title: "Re-count carton", isChecked: true)))
        #expect(body.checklist["190fadb2-9a76-82e2-9d51-1b2718eff3bb"] == .clear)
        #expect(body.checklist.count == 3)
        #expect(json.contains(#""https%3A//community%2Eexample%2Ecom/docs/D-501":null"#))
    }

    @Test func invalidItemsAreRefusedWithAPath() {
        var wrongTracker = item
        wrongTracker.destination = .clickUp(listId: "901")
        #expect(expectInputError { try PlannerPayloads.createTask(for: wrongTracker, in: destination) }?.path.description == "$.destination")

        var badAssignee = item
        badAssignee.assigneeIDs = [WireFixtures.bob, "bob@example.com"]
        let assigneeError = expectInputError { try PlannerPayloads.createTask(for: badAssignee, in: destination) }
        #expect(assigneeError?.path.description == "$.assigneeIDs[1]")

        var crowd = item
        crowd.assigneeIDs = (0..<20).map { String(format: "%08x-0000-4000-8000-000000000000", $0 + 100) }
        let crowdError = expectInputError { try PlannerPayloads.createTask(for: crowd, in: destination) }
        #expect(crowdError?.reason == .tooManyItems(limit: 20, count: 21))

        var backwards = item
        backwards.startAt = WireFixtures.due.addingTimeInterval(60)
        #expect(expectInputError { try PlannerPayloads.createTask(for: backwards, in: destination) }?.path.description == "$.startAt")

        var badMarker = item
        badMarker.marker = IdempotencyMarker(rawValue: "no marker")
        #expect(expectInputError { try PlannerPayloads.createTask(for: badMarker, in: destination) }?.path.description == "$.marker")
    }

    @Test func anItemWithoutDetailsNeedsNoDetailsRequest() {
        var bare = item
        bare.description = []
        bare.checklist = []
        bare.documents = []
        bare.fields = [:]
        #expect(PlannerPayloads.detailsUpdate(for: bare) == nil)
    }
}
