import BridgeConnectors
import BridgeMapping
import BridgeModels
import BridgeTesting
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

@Suite(.timeLimit(.minutes(1)))
struct PlannerConflictTests {
    let category2 = PlannerCategory(number: 2)!
    let category4 = PlannerCategory(number: 4)!

    @Test func aTaskConflictKeepsThePersonsEditAndAppliesOurs() async throws {
        let harness = await PlannerHarness.make()
        let task = try await harness.createTask()
        let staleETag = try #require(task.etag)
        // Between our read and our write, a person moves the task, starts it and labels it.
        let human = try await harness.fake.humanEdit(task: task.id) { task in
            task.bucketId = harness.plan.bucketIds[1]
            task.percentComplete = 50
            task.appliedCategories.insert(PlannerCategory(number: 4)!)
        }
        let update = PlannerTaskUpdate(
            title: "Recount the cartons [TG-ACME-C-9]", priority: 1, appliedCategories: [category2: true])
        let result = try await harness.client().updateTask(id: task.id, update, etag: staleETag)

        #expect(result.title == "Recount the cartons [TG-ACME-C-9]" && result.priority == 1)
        #expect(result.bucketId == harness.plan.bucketIds[1] && result.percentComplete == 50)
        #expect(result.appliedCategories == [category2, category4])
        #expect(await harness.fake.task(task.id) == result)
        #expect(
            harness.recorder.summary.suffix(3) == [
                "PATCH /planner/tasks/\(task.id) → 412", "GET /planner/tasks/\(task.id) → 200",
                "PATCH /planner/tasks/\(task.id) → 200",
            ])
        let retried = try #require(harness.recorder.requests.last)
        #expect(retried.fields[.ifMatch] == human.etag)
        #expect(
            retried.bodyText
                == #"{"appliedCategories":{"category2":true},"priority":1,"title":"Recount the cartons [TG-ACME-C-9]"}"#
        )
    }

    @Test func aRebaseSendsOnlyWhatTheFreshTaskDoesNotHold() async throws {
        let harness = await PlannerHarness.make()
        let task = try await harness.createTask()
        _ = try await harness.fake.humanEdit(task: task.id) { task in
            task.priority = 1
            task.appliedCategories.insert(PlannerCategory(number: 2)!)
            task.assigneeIds.append(PlannerHarness.bob)
        }
        var update = PlannerTaskUpdate(
            title: "Renamed [TG-ACME-C-9]", priority: 1, appliedCategories: [category2: true])
        update.assignments[PlannerHarness.bob] = .set(PlannerAssignment())
        update.assignments[PlannerHarness.alice] = .clear  // never assigned: nothing to remove
        _ = try await harness.client().updateTask(id: task.id, update, etag: try #require(task.etag))
        #expect(harness.recorder.requests.last?.bodyText == #"{"title":"Renamed [TG-ACME-C-9]"}"#)
        #expect(await harness.fake.task(task.id)?.assigneeIds == [PlannerHarness.bob])
    }

    @Test func whenThePersonMadeOurChangeNothingIsSentAgain() async throws {
        let harness = await PlannerHarness.make()
        let task = try await harness.createTask()
        let human = try await harness.fake.humanEdit(task: task.id) { $0.percentComplete = 100 }
        let result = try await harness.client().updateTask(
            id: task.id, PlannerTaskUpdate(percentComplete: 100), etag: try #require(task.etag))
        #expect(result == human)
        #expect(
            harness.recorder.summary.suffix(2) == [
                "PATCH /planner/tasks/\(task.id) → 412", "GET /planner/tasks/\(task.id) → 200",
            ])
    }

    @Test func aDetailsConflictKeepsThePersonsChecklistEdits() async throws {
        let harness = await PlannerHarness.make()
        let planner = harness.client()
        let task = try await harness.createTask()
        let keyA = "6a1f0c52-1d2e-4f3a-8b4c-5d6e7f8a9b01"
        let keyB = "6a1f0c52-1d2e-4f3a-8b4c-5d6e7f8a9b02"
        let keyC = "6a1f0c52-1d2e-4f3a-8b4c-5d6e7f8a9b03"
        let keyD = "6a1f0c52-1d2e-4f3a-8b4c-5d6e7f8a9b04"
        let keyE = "6a1f0c52-1d2e-4f3a-8b4c-5d6e7f8a9b05"
        let initial = try await planner.updateTaskDetails(
            id: task.id,
            PlannerTaskDetailsUpdate(
                description: "Count the cartons",
                checklist: [
                    keyA: .set(PlannerChecklistItemWrite(title: "Count", isChecked: false, orderHint: " !")),
                    keyB: .set(PlannerChecklistItemWrite(title: "Call", isChecked: false, orderHint: " ! !")),
                    keyE: .set(PlannerChecklistItemWrite(title: "Photograph", isChecked: false, orderHint: " ! ! !")),
                ]),
            etag: try #require(try await planner.taskDetails(id: task.id).etag))
        // A person checks A, adds C and deletes E.
        _ = try await harness.fake.humanEditDetails(task: task.id) { details in
            details.checklist = details.checklist.compactMap { item in
                guard item.key != keyE else { return nil }
                var item = item
                if item.key == keyA { item.isChecked = true }
                return item
            }
            details.checklist.append(PlannerChecklistItem(key: keyC, title: "Note the seal number", isChecked: false))
        }
        // We, from the stale details: rename B, add D, un-check E (deleted meanwhile), new description.
        let ours = PlannerTaskDetailsUpdate(
            description: "Count the cartons and call the carrier",
            checklist: [
                keyB: .set(PlannerChecklistItemWrite(title: "Call the carrier")),
                keyD: .set(
                    PlannerChecklistItemWrite(title: "Issue a credit note", isChecked: false, orderHint: " ! ! ! !")),
                keyE: .set(PlannerChecklistItemWrite(isChecked: false)),
            ])
        let result = try await planner.updateTaskDetails(id: task.id, ours, etag: try #require(initial.etag))

        #expect(result.description == "Count the cartons and call the carrier")
        let items = Dictionary(uniqueKeysWithValues: result.checklist.map { ($0.key, $0) })
        #expect(items.keys.sorted() == [keyA, keyB, keyC, keyD])
        #expect(items[keyA]?.isChecked == true && items[keyA]?.title == "Count")
        #expect(items[keyB]?.title == "Call the carrier")
        #expect(items[keyC]?.title == "Note the seal number")
        #expect(items[keyD]?.title == "Issue a credit note")
        #expect(await harness.fake.details(ofTask: task.id) == result)
        let path = "/planner/tasks/\(task.id)/details"
        #expect(
            harness.recorder.summary.suffix(3) == ["PATCH \(path) → 412", "GET \(path) → 200", "PATCH \(path) → 200"])
        // The edit of the deleted item E is not sent again.
        let retried = try #require(harness.recorder.requests.last?.bodyText)
        #expect(retried.contains(keyB) && retried.contains(keyD) && !retried.contains(keyE))
    }

    @Test func a409IsMergedLikeA412() async throws {
        let harness = await PlannerHarness.make(staleETagStatus: .conflict)
        let task = try await harness.createTask()
        _ = try await harness.fake.humanEdit(task: task.id) { $0.bucketId = harness.plan.bucketIds[1] }
        let result = try await harness.client().updateTask(
            id: task.id, PlannerTaskUpdate(priority: 9), etag: try #require(task.etag))
        #expect(result.priority == 9 && result.bucketId == harness.plan.bucketIds[1])
        #expect(harness.recorder.summary.contains("PATCH /planner/tasks/\(task.id) → 409"))
    }

    @Test func mergesAreBounded() async throws {
        let harness = await PlannerHarness.make()
        let task = try await harness.createTask()
        let fake = harness.fake
        // A person edits the task just before each of our PATCHes arrives.
        let racer = BeforeRequestMiddleware(
            matches: { $0.method == .patch },
            action: {
                _ = try await fake.humanEdit(task: task.id) { $0.percentComplete = ($0.percentComplete + 10) % 100 }
            })
        let planner = harness.client([racer], options: PlannerClient.Options(conflictRetries: 2))
        let error = await expectConnectorError {
            _ = try await planner.updateTask(
                id: task.id, PlannerTaskUpdate(title: "Ours"), etag: try #require(task.etag))
        }
        #expect(error?.code == .preconditionFailed)
        #expect(harness.recorder.summary.filter { $0.hasPrefix("PATCH") }.count == 3)
        #expect(harness.recorder.summary.filter { $0.hasPrefix("GET") }.count == 2)
        #expect(await harness.fake.task(task.id)?.title != "Ours")
    }

    @Test func aReplayedPatchAfterADroppedConnectionIsNotAppliedTwice() async throws {
        let harness = await PlannerHarness.make()
        let task = try await harness.createTask()
        await harness.fake.inject(.dropConnectionAfterApplying, on: .updateTask)
        let planner = harness.client([harness.retry()])
        let update = Task {
            try await planner.updateTask(
                id: task.id, PlannerTaskUpdate(title: "Applied once"), etag: try #require(task.etag))
        }
        // The PATCH carries If-Match, so the retry middleware resends it after its backoff…
        await harness.clock.waitForSleepers(count: 1)
        #expect(harness.clock.nextDeadline == harness.clock.now.advanced(by: .milliseconds(500)))
        harness.clock.advance(by: .milliseconds(500))
        let result = try await update.value
        // …the replay meets the new ETag (412), the re-read shows our change is in, and nothing more is sent.
        #expect(result.title == "Applied once")
        #expect(
            harness.recorder.summary.suffix(3) == [
                "PATCH /planner/tasks/\(task.id) → error", "PATCH /planner/tasks/\(task.id) → 412",
                "GET /planner/tasks/\(task.id) → 200",
            ])
    }
}

extension ConnectorRequest {
    /// The body as text, for comparing JSON bodies in tests.
    var bodyText: String { String(decoding: body, as: UTF8.self) }
}
