import BridgeConnectors
import BridgeMapping
import BridgeModels
import BridgeTesting
import Testing

@Suite(.timeLimit(.minutes(1)))
struct PlannerErrorCodeTests {
    @Test func theLimitCodesArePlannerOverviewsTwelve() {
        #expect(PlannerErrorCode.limitCodes.count == 12)
        #expect(Set(PlannerErrorCode.limitCodes).count == 12)
        #expect(PlannerErrorCode.limitCodes.allSatisfy { $0.isLimitExceeded })
        #expect(PlannerErrorCode.maximumChecklistItemsOnTask.rawValue == "MaximumChecklistItemsOnTask")
        #expect(!PlannerErrorCode("BadRequest").isLimitExceeded)
    }

    @Test func onlyPlannerFailuresCarryAPlannerCode() {
        let planner = ConnectorError(
            code: .forbidden, connector: .planner, operation: "updateTaskDetails", status: .forbidden,
            serviceCode: "MaximumReferencesOnTask")
        #expect(planner.plannerErrorCode == .maximumReferencesOnTask && planner.isPlannerLimitExceeded)
        let clickUp = ConnectorError(
            code: .badRequest, connector: .clickUp, operation: "createTask", serviceCode: "FIELD_011")
        #expect(clickUp.plannerErrorCode == nil && !clickUp.isPlannerLimitExceeded)
        let noCode = ConnectorError(code: .serverError, connector: .planner, operation: "readTask")
        #expect(noCode.plannerErrorCode == nil)
    }

    @Test func aFullChecklistSurfacesAsMaximumChecklistItemsOnTask() async throws {
        let harness = await PlannerHarness.make()
        let planner = harness.client()
        let old = harness.item()
        let created = try await planner.createWork(old, in: harness.destination)
        // People filled the checklist up to 19 items in Planner.
        _ = try await harness.fake.humanEditDetails(task: created.taskId) { details in
            for index in 0..<17 {
                details.checklist.append(
                    PlannerChecklistItem(
                        key: "00000000-0000-4000-8000-0000000001\(index + 10)", title: "by hand \(index)",
                        isChecked: false))
            }
        }
        var new = old
        new.checklist += [ChecklistEntry(title: "Issue a credit note"), ChecklistEntry(title: "Close the case")]
        let error = await expectConnectorError {
            _ = try await planner.updateWork(
                from: old, to: new, in: harness.destination, taskId: created.taskId, taskETag: created.taskETag)
        }
        #expect(error?.code == .forbidden && error?.status == .forbidden)
        #expect(error?.plannerErrorCode == .maximumChecklistItemsOnTask)
        #expect(error?.isPlannerLimitExceeded == true)
        #expect(error?.operation == "updateTaskDetails")
        #expect(await harness.fake.details(ofTask: created.taskId)?.checklist.count == 19)
    }

    @Test func tooManyAssigneesSurfaceAsMaximumAssigneesInTasks() async throws {
        let harness = await PlannerHarness.make(limits: PlannerFake.Limits(assignees: 1))
        var item = harness.item()
        item.assigneeIDs = [PlannerHarness.bob]  // with the team's alice: two
        let error = await expectConnectorError {
            _ = try await harness.client().createWork(item, in: harness.destination)
        }
        #expect(error?.plannerErrorCode == .maximumAssigneesInTasks)
        #expect(await harness.fake.tasks.isEmpty)
    }

    @Test func tooManyReferencesSurfaceAsMaximumReferencesOnTask() async throws {
        let harness = await PlannerHarness.make(limits: PlannerFake.Limits(references: 1))
        let documents = (1...2).map { index in
            DocumentLink(
                documentId: DocumentID(rawValue: "D-\(index)"), name: "doc-\(index).pdf",
                url: "https://community.example.com/docs/D-\(index)")
        }
        let error = await expectConnectorError {
            _ = try await harness.client().createWork(harness.item(documents: documents), in: harness.destination)
        }
        #expect(error?.plannerErrorCode == .maximumReferencesOnTask)
        #expect(error?.isPlannerLimitExceeded == true)
    }
}
