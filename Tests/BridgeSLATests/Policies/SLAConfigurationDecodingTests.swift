import BridgeModels
import BridgeSLA
import Foundation
import Testing

@Suite struct SLAConfigurationDecodingTests {
    static let example = """
        {
          "defaultCalendar": "us-east",
          "policies": [
            {
              "name": "strategic-finance",
              "match": {"tiers": ["strategic"], "kinds": ["invoiceMismatch", "chargeback"], "priorities": ["urgent", "high"],
                        "departments": ["accountsPayable"],
                        "minimumValue": [{"value": "10000", "currency": "USD"}, {"value": "9000", "currency": "EUR"}]},
              "targets": {"firstResponse": {"minutes": 60, "byPriority": {"urgent": 30}}, "resolution": 960, "partnerUpdate": 480},
              "calendar": "us-east",
              "warnings": {"percentages": [50, 75, 100], "minutesBeforeBreach": [30]},
              "pauseOn": ["awaitingPartner"],
              "escalation": "finance"
            },
            {"name": "default", "targets": {"resolution": {"byPriority": {"low": 4800}}}, "escalation": {"resolution": "finance"}}
          ],
          "ladders": {
            "finance": {"levels": [
              {"percentOfTarget": 75, "actions": [{"type": "notify", "to": "assignee"}]},
              {"minutesAfterBreach": 0, "actions": [
                {"type": "route", "rules": [{"match": {"tiers": ["strategic"]}, "to": "key-account-desk"}], "fallback": "service-leads"},
                {"type": "raisePriority", "steps": 2},
                {"type": "createTask", "template": "sla-breach-review"},
                {"type": "remind", "to": "manager", "everyMinutes": 60},
                {"type": "notifyPartner", "template": "sla-delay"}]},
              {"minutesAfterBreach": 480, "actions": [{"type": "createTaskGroup", "templates": ["finance-review", "logistics-review"]}]}
            ]}
          }
        }
        """

    func decode(_ json: String) throws(InputError) -> SLAConfiguration {
        try StrictJSONDecoder().decode(SLAConfiguration.self, from: json)
    }

    @Test func decodesTheDocumentedExample() throws {
        let configuration = try decode(Self.example)
        #expect(configuration.defaultCalendar == "us-east")
        let first = configuration.policies[0]
        #expect(first.conditions.minimumValue == [Money("10000", currency: .usd)!, Money("9000", currency: .eur)!])
        #expect(first.targets[.firstResponse] == SLATarget(minutes: 60, byPriority: [.urgent: 30]))
        #expect(first.targets[.resolution] == SLATarget(minutes: 960))
        #expect(first.warnings == WarningThresholds(percentages: [50, 75, 100], minutesBeforeBreach: [30]))
        #expect(first.pauseOn == [.awaitingPartner])
        #expect(first.escalation == [.firstResponse: "finance", .resolution: "finance", .partnerUpdate: "finance"])
        let second = configuration.policies[1]
        #expect(second.pauseOn == SLAPolicy.defaultPauseStatuses)
        #expect(second.warnings == .standard)
        #expect(second.conditions == .any)
        let ladder = try #require(configuration.ladders["finance"])
        #expect(ladder.levels.map(\.trigger) == [.percentOfTarget(75), .minutesAfterBreach(0), .minutesAfterBreach(480)])
        #expect(ladder.levels[1].actions[1] == .raisePriority(steps: 2))
        #expect(ladder.levels[1].actions[3] == .remind(.manager, everyMinutes: 60))
        // Encoding and decoding again gives the same value.
        let again = try decode(try StableJSON.string(configuration))
        #expect(again == configuration)
    }

    /// Each mutation of the example must fail with exactly this path and a matching reason.
    @Test(arguments: [
        (#""pauseOn": ["awaitingPartner"]"#, #""pauseOn": ["awaitingPartner", "onHold"]"#, "$.policies[0].pauseOn[1]", "unknown value \"onHold\""),
        (#""pauseOn": ["awaitingPartner"]"#, #""pauseOn": ["resolved"]"#, "$.policies[0].pauseOn[0]", "cannot pause"),
        (#""pauseOn": ["awaitingPartner"]"#, #""pauseOn": ["awaitingPartner", "awaitingPartner"]"#, "$.policies[0].pauseOn[1]", "listed twice"),
        (#""resolution": 960"#, #""resolution": -5"#, "$.policies[0].targets.resolution", "out of range"),
        (#""resolution": 960"#, #""resolution": 0"#, "$.policies[0].targets.resolution", "out of range"),
        (#""byPriority": {"urgent": 30}"#, #""byPriority": {"critical": 30}"#, "$.policies[0].targets.firstResponse.byPriority.critical", "unknown value"),
        (#""partnerUpdate": 480"#, #""partnerUpdates": 480"#, "$.policies[0].targets.partnerUpdates", "unknown value"),
        (#""percentages": [50, 75, 100]"#, #""percentages": [50, 90, 75]"#, "$.policies[0].warnings.percentages[2]", "strictly increasing"),
        (#""percentages": [50, 75, 100]"#, #""percentages": [50, 150]"#, "$.policies[0].warnings.percentages[1]", "out of range"),
        (#""minutesBeforeBreach": [30]"#, #""minutesBeforeBreach": [30, 30]"#, "$.policies[0].warnings.minutesBeforeBreach[1]", "strictly increasing"),
        (#""tiers": ["strategic"], "kinds""#, #""tiers": [], "kinds""#, "$.policies[0].match.tiers", "must not be empty"),
        (#"{"value": "9000", "currency": "EUR"}"#, #"{"value": "9000", "currency": "USD"}"#, "$.policies[0].match.minimumValue[1]", "second threshold"),
        (#"{"value": "9000", "currency": "EUR"}"#, #"{"value": "9000", "currency": "EUX"}"#, "$.policies[0].match.minimumValue[1].currency", "ISO 4217"),
        (#""calendar": "us-east","#, #""calendar": "us east","#, "$.policies[0].calendar", "invalid format"),
        (#""escalation": "finance""#, #""escalation": "missing""#, "$.policies[0].escalation", "unknown value \"missing\""),
        (#""escalation": {"resolution": "finance"}"#, #""escalation": {"firstResponse": "finance"}"#, "$.policies[1].escalation.firstResponse", "no firstResponse target"),
        (#"{"name": "default""#, #"{"name": "strategic-finance""#, "$.policies[1].name", "another policy"),
        (#""pauseOn": ["awaitingPartner"]"#, #""pauseOn": ["awaitingPartner"], "pauseOnn": []"#, "$.policies[0].pauseOnn", "unknown value"),
        (#""minutesAfterBreach": 480"#, #""minutesAfterBreach": 0"#, "$.ladders.finance.levels[2]", "levels must fire in order"),
        (#""percentOfTarget": 75"#, #""percentOfTarget": 75, "minutesAfterBreach": 5"#, "$.ladders.finance.levels[0].minutesAfterBreach", "not both"),
        (#""everyMinutes": 60"#, #""everyMinutes": 0"#, "$.ladders.finance.levels[1].actions[3].everyMinutes", "out of range"),
        (#"{"type": "raisePriority", "steps": 2}"#, #"{"type": "raisePriority", "template": "x"}"#, "$.ladders.finance.levels[1].actions[1].template", "does not apply"),
        (#"{"type": "notify", "to": "assignee"}"#, #"{"type": "page", "to": "assignee"}"#, "$.ladders.finance.levels[0].actions[0].type", "unknown value \"page\""),
        (#""templates": ["finance-review", "logistics-review"]"#, #""templates": []"#, "$.ladders.finance.levels[2].actions[0].templates", "must not be empty"),
        (#""defaultCalendar": "us-east","#, #""defaultCalendar": "us-east", "timezone": "UTC","#, "$.timezone", "unknown value"),
    ])
    func refusesWithThePath(original: String, replacement: String, path: String, reason: String) throws {
        #expect(Self.example.contains(original), "the mutation must apply")
        let json = Self.example.replacingOccurrences(of: original, with: replacement)
        expectInputError(path: path, reason: reason) { () throws(InputError) in try decode(json) }
    }

    @Test func reportsCalendarNamesThatDoNotExist() throws {
        let configuration = try decode(Self.example)
        #expect(configuration.unknownCalendarReferences(in: ["us-east"]).isEmpty)
        let errors = configuration.unknownCalendarReferences(in: ["eu-central"])
        #expect(errors.map(\.path.description) == ["$.defaultCalendar", "$.policies[0].calendar"])
    }
}
