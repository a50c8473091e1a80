import BridgeMapping
import BridgeModels
import Testing

@Suite struct MessageTemplateTests {
    @Test func rendersPlaceholdersAndLiteralBraces() throws {
        let template = try MessageTemplate(parsing: "Case {caseId} ({reference}) {{not a placeholder}}")
        #expect(template.placeholders == [.caseId, .reference])
        #expect(template.render([.caseId: "C-1", .reference: "PO 4471"]) == "Case C-1 (PO 4471) {not a placeholder}")
    }

    @Test func missingValuesLeaveNoHoles() throws {
        let template = try MessageTemplate(parsing: "Your case {caseId} ({reference}) is with our {team} team.")
        #expect(template.render([.caseId: "C-1"]) == "Your case C-1 is with our team.")
    }

    /// Tidying fixes the template's text around empty placeholders, never the values: a public
    /// comment keeps its brackets, double spaces and punctuation exactly.
    @Test func valuesAreInsertedExactly() throws {
        let comment = try MessageTemplate(parsing: "Update on case {caseId}: {text}")
        #expect(comment.render([.caseId: "C-1", .text: "Call f() then g() . Totals: 1 ,2 ()"]) == "Update on case C-1: Call f() then g() . Totals: 1 ,2 ()")
        let document = try MessageTemplate(parsing: "We shared {documentName} on case {caseId}. {text}")
        #expect(document.render([.documentName: "memo (v2).pdf"]) == "We shared memo (v2).pdf on case.")
        #expect(document.render([.documentName: "a  b.pdf", .caseId: "C-1", .text: "See ()"]) == "We shared a  b.pdf on case C-1. See ()")
    }

    @Test func unknownPlaceholdersAndBadBracesAreRefused() {
        #expect(throws: MessageTemplate.ParseError.unknownPlaceholder("assignee")) {
            try MessageTemplate(parsing: "Assigned to {assignee}")
        }
        #expect(throws: MessageTemplate.ParseError.unbalancedBrace(offset: 5)) { try MessageTemplate(parsing: "Case {caseId") }
        #expect(throws: MessageTemplate.ParseError.unbalancedBrace(offset: 4)) { try MessageTemplate(parsing: "Case} x") }
    }

    @Test func decodingReportsThePathAndTheAcceptedNames() throws {
        let json = #"{"status":{"received":"Hi {assignee}"}}"#
        #expect(throws: InputError(path: [.key("status"), .key("received")], reason: .unknownValue("{assignee}", allowed: TemplatePlaceholder.allCases.map(\.description)))) {
            try StrictJSONDecoder().decode(LocaleTemplates.self, from: json)
        }
    }

    @Test func localeFallbackGoesFromSpecificToDefault() throws {
        let german = LocaleTemplates(status: [.received: try MessageTemplate(parsing: "Fall {caseId} erhalten.")])
        let austrian = LocaleTemplates(status: [.resolved: try MessageTemplate(parsing: "Fall {caseId} erledigt.")])
        var catalog = TemplateCatalog.standardEnglish
        catalog.locales["de"] = german
        catalog.locales["de-AT"] = austrian
        #expect(catalog.fallbackChain(for: "de-AT") == ["de-AT", "de", "en-US"])
        #expect(catalog.template(for: .status, status: .resolved, locale: "de-AT")?.source == "Fall {caseId} erledigt.")
        #expect(catalog.template(for: .status, status: .received, locale: "de-AT")?.source == "Fall {caseId} erhalten.")
        #expect(catalog.template(for: .status, status: .inReview, locale: "DE-at")?.source.hasPrefix("Your case") == true)
        #expect(catalog.template(for: .status, status: .inReview, locale: nil) != nil)
    }

    @Test func standardEnglishCoversEveryPostAndUsesOnlyAllowedPlaceholders() {
        let english = TemplateCatalog.standardEnglish.locales["en-US"]!
        for status in PartnerFacingStatus.allCases {
            #expect(english.status[status] != nil, "\(status)")
        }
        #expect(Set(english.decision.keys) == [.approved, .rejected])
        for kind in PostKind.allCases where kind != .status && kind != .decision {
            #expect(english.other[kind] != nil, "\(kind)")
        }
        for kind in PostKind.allCases {
            let allowed = TemplateCatalog.allowedPlaceholders(for: kind)
            for status in [nil] + PartnerFacingStatus.allCases.map(Optional.some) {
                if let template = english.template(for: kind, status: status) {
                    #expect(template.placeholders.isSubset(of: allowed), "\(kind) \(String(describing: status))")
                }
            }
        }
    }
}
