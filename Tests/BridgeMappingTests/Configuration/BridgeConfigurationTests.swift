import BridgeMapping
import BridgeModels
import BridgeSLA
import Foundation
import Testing

@Suite struct BridgeConfigurationTests {
    @Test func theShippedExampleLoads() throws {
        let configuration = try exampleConfiguration()
        #expect(configuration.teams.count == 5)
        #expect(configuration.routing.map(\.name).first == "multi-department-exceptions")
        #expect(configuration.partners["ACME"]?.tier == .strategic)
        #expect(configuration.sla.policies.map(\.name) == ["strategic", "documents", "standard"])
        #expect(configuration.templates.locales.keys.sorted() == ["de-DE", "en-US"])
        #expect(configuration.roles[ResponderRole(rawValue: "manager")] == "logistics-leads")
        #expect(configuration.checklists[.shipmentDiscrepancy]?.count == 3)
        #expect(configuration.programs["Standard EDI onboarding"]?.steps.count == 5)
        #expect(configuration.validate().isEmpty)
    }

    @Test func everyProblemIsReportedAtOnceWithItsPath() throws {
        var object = try exampleConfigurationObject()
        var routing = object["routing"] as! [[String: Any]]
        routing[1]["teams"] = ["accounts-payable", "treasury"]
        routing[3]["requestKinds"] = []
        object["routing"] = routing
        var teams = object["teams"] as! [String: Any]
        var logistics = teams["logistics"] as! [String: Any]
        logistics["calendar"] = "apac"
        teams["logistics"] = logistics
        var payable = teams["accounts-payable"] as! [String: Any]
        var clickUp = payable["clickup"] as! [String: Any]
        var fields = clickUp["customFields"] as! [String: Any]
        fields.removeValue(forKey: "slaDue")
        clickUp["customFields"] = fields
        payable["clickup"] = clickUp
        teams["accounts-payable"] = payable
        object["teams"] = teams
        var templates = object["templates"] as! [String: Any]
        var locales = templates["locales"] as! [String: Any]
        var english = locales["en-US"] as! [String: Any]
        var status = english["status"] as! [String: Any]
        status["inReview"] = "Assigned to {assignee}"
        status.removeValue(forKey: "blocked")
        english["status"] = status
        locales["en-US"] = english
        templates["locales"] = locales
        object["templates"] = templates
        object["colour"] = "blue"

        let found = try problems(loading: object)
        let expected = [
            #"$.colour: unknown value "colour" (expected one of: version, calendars, partners, teams, routing, defaultRoute, priorityRules, sla, roles, escalationTasks, statusMaps, templates, publicComments, checklists, clickupFields, programs)"#,
            "$.routing[3].requestKinds: must not be empty",
            #"$.templates.locales["en-US"].status.inReview: unknown value "{assignee}" (expected one of: {caseId}, {reference}, {partnerName}, {kind}, {status}, {team}, {dueDate}, {text}, {documentName}, {program}, {percentComplete}, {noticeTitle})"#,
            #"$.teams.logistics.calendar: unknown value "apac" (expected one of: emea, us-east)"#,
            #"$.routing[1].teams[1]: unknown value "treasury" (expected one of: accounts-payable, compliance, logistics, logistics-leads, partner-success)"#,
            #"$.templates.locales["en-US"].status.blocked: missing required field"#,
            #"$.teams["accounts-payable"].clickup.customFields.slaDue: inconsistent: no custom field id for slaDue, which clickupFields maps"#,
        ]
        #expect(Set(found) == Set(expected), "\(found.joined(separator: "\n"))")
    }

    /// An entry set to `null` is a problem at its path, reported once: it neither vanishes (a
    /// routing rule silently dropped, a team the default route needs) nor makes every reference
    /// to it a second problem.
    @Test func nullEntriesAreProblemsNotOmissions() throws {
        var object = try exampleConfigurationObject()
        var teams = object["teams"] as! [String: Any]
        teams["logistics"] = NSNull()
        object["teams"] = teams
        var routing = object["routing"] as! [Any]
        routing[1] = NSNull()
        object["routing"] = routing
        var priorityRules = object["priorityRules"] as! [Any]
        priorityRules[0] = NSNull()
        object["priorityRules"] = priorityRules
        object["roles"] = ["manager": NSNull()]
        object["escalationTasks"] = ["breach-review": NSNull()]
        object["checklists"] = ["dispute": NSNull()]
        object["partners"] = ["ACME": NSNull()]
        let found = try problems(loading: object)
        #expect(
            Set(found) == [
                "$.teams.logistics: expected object, found null",
                "$.routing[1]: expected object, found null",
                "$.priorityRules[0]: expected object, found null",
                "$.roles.manager: expected string, found null",
                #"$.escalationTasks["breach-review"]: expected object, found null"#,
                "$.checklists.dispute: expected array, found null",
                "$.partners.ACME: expected object, found null",
            ], "\(found.joined(separator: "\n"))")
        #expect(found.count == 7)
    }

    /// Every missing status type and work status is reported at once, and a broken ClickUp map
    /// is not replaced by the standard one to judge the teams' statuses (ten spurious problems).
    @Test func statusMapProblemsAreReportedOnceEach() throws {
        var object = try exampleConfigurationObject()
        var maps = object["statusMaps"] as! [String: Any]
        maps["partnerFacing"] = ["open": "received", "inProgress": "inProgress", "inReview": "inReview", "awaitingPartner": "blocked",
            "awaitingDocuments": "awaitingDocuments", "blocked": NSNull(), "escalated": "escalated", "approved": "approved", "rejected": "rejected"]
        var clickUp = maps["clickup"] as! [String: Any]
        clickUp["byType"] = ["open": "open"]
        maps["clickup"] = clickUp
        object["statusMaps"] = maps
        let found = try problems(loading: object)
        #expect(
            Set(found) == [
                "$.statusMaps.clickup.byType.custom: missing required field", "$.statusMaps.clickup.byType.closed: missing required field",
                "$.statusMaps.clickup.byType.done: missing required field", "$.statusMaps.partnerFacing.resolved: missing required field",
                "$.statusMaps.partnerFacing.closed: missing required field", "$.statusMaps.partnerFacing.cancelled: missing required field",
            ], "\(found.joined(separator: "\n"))")
        #expect(found.count == 6)

        clickUp["byType"] = ["open": "open", "custom": "inProgress", "closed": "closed", "done": "resolved", "finished": "closed"]
        maps["clickup"] = clickUp
        maps.removeValue(forKey: "partnerFacing")
        object["statusMaps"] = maps
        #expect(try problems(loading: object) == [#"$.statusMaps.clickup.byType.finished: unknown value "finished" (expected one of: open, custom, closed, done)"#])
    }

    /// ClickUp shows status names in lower case: two spellings of one name mapped to different
    /// statuses would make the map depend on dictionary order.
    @Test func statusNamesThatClickUpShowsAlikeMustAgree() throws {
        let json = #"{"byName": {"In Review": "inReview", "in  review": "blocked", "IN REVIEW": "inReview"}, "byType": {"open": "open", "custom": "inProgress", "closed": "closed", "done": "resolved"}}"#
        #expect(
            throws: InputError(
                path: [.key("byName"), .key("in  review")],
                reason: .inconsistent(#"ClickUp shows "in  review" and "In Review" as the same status name; map it once"#))
        ) { try StrictJSONDecoder().decode(ClickUpStatusMap.self, from: json) }
        let agreeing = #"{"byName": {"In Review": "inReview", "in review": "inReview"}, "byType": {"open": "open", "custom": "inProgress", "closed": "closed", "done": "resolved"}}"#
        #expect(try StrictJSONDecoder().decode(ClickUpStatusMap.self, from: agreeing).status(name: "IN REVIEW", type: "custom") == .inReview)
    }

    /// The default route has no conditions: conditions written there are a mistake, not a
    /// silently ignored setting.
    @Test func theDefaultRouteRefusesRuleConditions() throws {
        var object = try exampleConfigurationObject()
        object["defaultRoute"] = ["teams": ["logistics"], "match": ["kinds": ["dispute"]]]
        #expect(
            try problems(loading: object) == [
                #"$.defaultRoute.match: unknown value "match" (expected one of: teams, tracker, labels, priority, checklist, perDepartment)"#
            ])
        object["defaultRoute"] = ["teams": ["logistics"]]
        var routing = object["routing"] as! [[String: Any]]
        routing[0]["match"] = ["kinds": ["dispute"]]
        object["routing"] = routing
        #expect(try problems(loading: object) == [])
    }

    /// A per-department route with a tracker sends each department's task to the team serving
    /// it in that tracker; a serving team without a destination there would fail every such
    /// case at run time, so validation says so.
    @Test func perDepartmentRoutesNeedTheServingTeamsInTheirTracker() throws {
        var object = try exampleConfigurationObject()
        var routing = object["routing"] as! [[String: Any]]
        routing[0]["tracker"] = "clickup"
        routing[0]["teams"] = ["accounts-payable"]
        object["routing"] = routing
        var teams = object["teams"] as! [String: Any]
        var logistics = teams["logistics"] as! [String: Any]
        logistics.removeValue(forKey: "clickup")
        teams["logistics"] = logistics
        object["teams"] = teams
        #expect(
            try problems(loading: object) == [
                "$.routing[0].perDepartment: inconsistent: team logistics serves logistics but has no clickup destination, and the route sends per-department work to clickup"
            ])
    }

    /// A misspelt member is a problem wherever it is: ignored, a misspelt `bucketId` leaves tasks
    /// outside their bucket and a misspelt Planner status condition makes a rule match every task.
    @Test(arguments: [
        ["publicComments"], ["routing", "3", "priority"], ["priorityRules", "0"], ["priorityRules", "0", "adjust"],
        ["teams", "logistics", "planner"], ["teams", "logistics", "clickup"], ["statusMaps", "planner"],
        ["statusMaps", "planner", "rules", "1"], ["statusMaps", "clickup"],
    ])
    func unknownMembersAreRefusedEverywhere(_ path: [String]) throws {
        func adding(_ value: Any, _ path: ArraySlice<String>) -> Any {
            guard let first = path.first else {
                var object = value as! [String: Any]
                object["colour"] = "blue"
                return object
            }
            if var array = value as? [Any], let index = Int(first) {
                array[index] = adding(array[index], path.dropFirst())
                return array
            }
            var object = value as! [String: Any]
            object[first] = adding(object[first]!, path.dropFirst())
            return object
        }
        let found = try problems(loading: adding(try exampleConfigurationObject(), path[...]) as! [String: Any])
        let where_ = JSONPath(path.map { Int($0).map(JSONPath.Component.index) ?? .key($0) }).appending(key: "colour")
        #expect(found.count == 1 && found.first?.hasPrefix("\(where_): unknown value \"colour\"") == true, "\(found)")
    }

    @Test func aPriorityAdjustmentIsOneThing() {
        #expect(throws: InputError(path: [.key("atLeast")], reason: .inconsistent("give either raise or atLeast, not both"))) {
            try StrictJSONDecoder().decode(PriorityAdjustment.self, from: #"{"raise": 1, "atLeast": "high"}"#)
        }
    }

    @Test func crossReferencesAreChecked() throws {
        var object = try exampleConfigurationObject()
        object["roles"] = ["manager": "nobody"]
        var sla = object["sla"] as! [String: Any]
        sla["defaultCalendar"] = "mars"
        object["sla"] = sla
        var tasks = object["escalationTasks"] as! [String: Any]
        tasks.removeValue(forKey: "breach-review")
        object["escalationTasks"] = tasks
        var maps = object["statusMaps"] as! [String: Any]
        maps["planner"] = ["rules": [["percentComplete": [0, 40], "status": "open"], ["percentComplete": 100, "status": "resolved"]]]
        object["statusMaps"] = maps
        let found = try problems(loading: object)
        #expect(found.contains(#"$.roles.manager: unknown value "nobody" (expected one of: accounts-payable, compliance, logistics, logistics-leads, partner-success)"#))
        #expect(found.contains(#"$.sla.defaultCalendar: unknown value "mars" (expected one of: emea, us-east)"#))
        #expect(found.contains(#"$.sla.ladders["standard-ladder"].levels[1].actions[1].template: unknown value "breach-review" (expected one of: )"#))
        #expect(found.contains("$.statusMaps.planner.rules: inconsistent: no rule maps a plain task with percentComplete 41-99"))
    }

    @Test func writtenClickUpStatusesMustReadBack() throws {
        var object = try exampleConfigurationObject()
        var teams = object["teams"] as! [String: Any]
        var compliance = teams["compliance"] as! [String: Any]
        var clickUp = compliance["clickup"] as! [String: Any]
        clickUp["statuses"] = ["open": "to do", "inReview": "checking"]
        compliance["clickup"] = clickUp
        teams["compliance"] = compliance
        object["teams"] = teams
        let found = try problems(loading: object)
        #expect(found == [#"$.teams.compliance.clickup.statuses.inReview: inconsistent: status "checking" reads back as inProgress in statusMaps.clickup.byName; map it to inReview"#])
    }

    @Test func malformedJSONIsOneProblem() {
        #expect(throws: ConfigurationError(problems: [InputError(path: .root, reason: .malformedJSON("unexpected end of input in object at byte 1"))])) {
            try BridgeConfiguration.load("{")
        }
        #expect(throws: ConfigurationError(problems: [InputError(path: [.key("defaultRoute")], reason: .missing)])) {
            try BridgeConfiguration.load(#"{"teams":{}}"#)
        }
    }

    @Test func directoryProfilesWinOverEvents() throws {
        let configuration = try exampleConfiguration()
        let merged = configuration.partner(Partner(id: "ACME", name: "ACME CORP", tier: .standard))
        #expect(merged.tier == .strategic)
        #expect(merged.name == "Acme Retail")
        #expect(merged.locale == "en-US")
        #expect(configuration.partner(Partner(id: "NEW", tier: .standard)).tier == .standard)
    }
}

@Suite struct ConfigurationCalendarTests {
    @Test func everyCalendarProblemIsReported() throws {
        var object = try exampleConfigurationObject()
        var calendars = object["calendars"] as! [String: Any]
        var east = calendars["us-east"] as! [String: Any]
        var hours = east["weeklyHours"] as! [String: Any]
        hours["monday"] = [["09:00", "12:00"], ["11:00", "13:00"]]
        hours["funday"] = [["09:00", "10:00"]]
        east["weeklyHours"] = hours
        east["timeZone"] = "America/Nowhere"
        calendars["us-east"] = east
        object["calendars"] = calendars
        let found = try problems(loading: object)
        #expect(found.count == 3, "\(found)")
        #expect(found.contains { $0.hasPrefix("$.calendars[\"us-east\"].timeZone:") })
        #expect(found.contains { $0.hasPrefix("$.calendars[\"us-east\"].weeklyHours.monday[1]:") })
        #expect(found.contains { $0.hasPrefix("$.calendars[\"us-east\"].weeklyHours.funday:") })
        // References to the broken calendar are not reported again.
        #expect(!found.contains { $0.contains("unknown value \"us-east\"") })
    }
}
