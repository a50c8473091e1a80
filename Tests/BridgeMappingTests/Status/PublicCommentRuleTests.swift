import BridgeMapping
import Testing

@Suite struct PublicCommentRuleTests {
    let rule = PublicCommentRule.standard

    @Test func commentsAreInternalUnlessPrefixed() {
        #expect(rule.publicText(of: "Carrier blamed, call Jane") == nil)
        #expect(rule.publicText(of: "   [PUBLIC]  We re-counted the carton: 48 units.") == "We re-counted the carton: 48 units.")
        #expect(rule.publicText(of: "[public]   ") == nil)
    }

    @Test func publicTextLosesTrackerLinksMentionsAndControls() {
        let text = rule.publicText(of: "[public] See https://app.clickup.com/t/86b1x2 and @jane.doe\u{202E} for https://example.com/status\u{0007}")
        #expect(text == "See [link removed] and [name removed] for https://example.com/status")
        #expect(rule.publicText(of: "[public] tasks.office.com/acme/plan") == "[link removed]")
        #expect(rule.publicText(of: "[public] https://acme.sharepoint.com/x") == "[link removed]")
    }

    /// `@partner` marks a comment public; `@partnership`, `@partners` or `@partner-team` are
    /// mentions of other people in an internal comment and must not make it public.
    @Test func aWordPrefixMustEndAWord() {
        let rule = PublicCommentRule(prefixes: ["[public]", "@partner"])
        #expect(rule.publicText(of: "@partnership team: our margin on this PO is 3%") == nil)
        #expect(rule.publicText(of: "@partners please check the cost sheet") == nil)
        #expect(rule.publicText(of: "@partner-team internal only") == nil)
        #expect(rule.publicText(of: "@partner_ops internal only") == nil)
        #expect(rule.publicText(of: "@partner.success internal only") == nil)
        #expect(rule.publicText(of: "@Partner: the replacement ships Monday.") == ": the replacement ships Monday.")
        #expect(rule.publicText(of: "@partner the replacement ships Monday.") == "the replacement ships Monday.")
        #expect(rule.publicText(of: "@partner. Shipped.") == ". Shipped.")
        // A prefix ending in punctuation needs no boundary.
        #expect(rule.publicText(of: "[public]Shipped.") == "Shipped.")
    }

    @Test func publicTextIsCapped() {
        let capped = PublicCommentRule(prefixes: ["!"], maximumLength: 10).publicText(of: "!" + String(repeating: "👍🏽", count: 50))
        #expect(capped?.count == 10)
        #expect(capped?.hasSuffix("…") == true)
    }
}
