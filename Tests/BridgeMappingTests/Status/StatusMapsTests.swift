import BridgeMapping
import BridgeModels
import Testing

@Suite struct StatusMapsTests {
    @Test func plannerStandardMapFollowsPercentComplete() {
        let map = PlannerStatusMap.standard
        #expect(map.status(percentComplete: 0, bucketId: nil, categories: []) == .open)
        #expect(map.status(percentComplete: 50, bucketId: nil, categories: []) == .inProgress)
        #expect(map.status(percentComplete: 100, bucketId: nil, categories: []) == .resolved)
        #expect(map.status(percentComplete: 101, bucketId: nil, categories: []) == nil)
        #expect(map.uncoveredPercentages.isEmpty)
    }

    @Test func plannerCategoriesAndBucketsRefineTheStatus() throws {
        let json = #"""
            {"rules":[{"percentComplete":100,"status":"resolved"},
                      {"category":"category5","status":"awaitingDocuments"},
                      {"bucketId":"review-bucket","status":"inReview"},
                      {"percentComplete":[1,99],"status":"inProgress"},
                      {"percentComplete":0,"status":"open"}]}
            """#
        let map = try StrictJSONDecoder().decode(PlannerStatusMap.self, from: json)
        #expect(map.status(percentComplete: 50, bucketId: "review-bucket", categories: ["category5"]) == .awaitingDocuments)
        #expect(map.status(percentComplete: 50, bucketId: "review-bucket", categories: ["category1"]) == .inReview)
        #expect(map.status(percentComplete: 100, bucketId: "review-bucket", categories: ["category5"]) == .resolved)
        #expect(map.status(percentComplete: 0, bucketId: nil, categories: []) == .open)
    }

    @Test func plannerRulesAreValidated() {
        #expect(throws: InputError(path: [.key("rules"), .index(0), .key("category")], reason: .invalidFormat(expected: "category1 … category25"))) {
            try StrictJSONDecoder().decode(PlannerStatusMap.self, from: #"{"rules":[{"category":"category26","status":"open"}]}"#)
        }
        #expect(throws: InputError(path: [.key("rules"), .index(0), .key("percentComplete")], reason: .outOfRange("percentComplete is 0-100"))) {
            try StrictJSONDecoder().decode(PlannerStatusMap.self, from: #"{"rules":[{"percentComplete":[0,150],"status":"open"}]}"#)
        }
        let gap = PlannerStatusMap(rules: [PlannerStatusRule(percentComplete: 0...49, status: .open), PlannerStatusRule(percentComplete: 51...100, status: .resolved)])
        #expect(gap.uncoveredPercentages == [50])
    }

    @Test func clickUpMatchesNamesLooselyThenTypes() {
        let map = ClickUpStatusMap.standard
        #expect(map.status(name: "IN  Review", type: "custom") == .inReview)
        #expect(map.status(name: "qa", type: "custom") == .inProgress)
        #expect(map.status(name: "to do", type: "open") == .open)
        #expect(map.status(name: "complete", type: "closed") == .closed)
        #expect(map.status(name: "shipped", type: "done") == .resolved)
        #expect(map.status(name: "x", type: "weird") == nil)
    }

    @Test func clickUpMapMustCoverEveryType() {
        #expect(throws: InputError(path: [.key("byType"), .key("done")], reason: .missing)) {
            try StrictJSONDecoder().decode(ClickUpStatusMap.self, from: #"{"byType":{"open":"open","custom":"inProgress","closed":"closed"}}"#)
        }
    }

    @Test func partnerFacingMapHidesAndRequiresEveryStatus() throws {
        #expect(PartnerFacingMap.standard.missingStatuses.isEmpty)
        #expect(PartnerFacingMap.standard.partnerFacing(.blocked) == .inProgress)
        var json = Dictionary(uniqueKeysWithValues: WorkStatus.allCases.map { ($0.rawValue, "\"inProgress\"") })
        json["blocked"] = "null"
        let text = "{" + json.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",") + "}"
        let map = try StrictJSONDecoder().decode(PartnerFacingMap.self, from: text)
        #expect(map.partnerFacing(.blocked) == nil)
        #expect(map.partnerFacing(.open) == .inProgress)
        json.removeValue(forKey: "escalated")
        let partial = "{" + json.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",") + "}"
        #expect(throws: InputError(path: [.key("escalated")], reason: .missing)) {
            try StrictJSONDecoder().decode(PartnerFacingMap.self, from: partial)
        }
    }
}
