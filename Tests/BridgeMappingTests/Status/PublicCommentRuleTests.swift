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

    /// Tracker and Microsoft 365 hosts are found however the link is written: without a
    /// scheme on a subdomain, in quotes or brackets, after another URL, with a trailing dot,
    /// with a backslash or percent-escapes, with invisible characters, or on an attachment host.
    @Test func internalLinksAreFoundInEveryDisguise() {
        let leaks = [
            "contoso.sharepoint.com/sites/ops/margins.xlsx", "\"app.clickup.com/t/86b1x2\"", "(tasks.office.com/acme/plan)",
            "https://app.clickup.com./t/86b1x2", "https://example.com,https://app.clickup.com/t/86b1x2",
            "https://t9012345.p.clickup-attachments.com/t9012345/cost-sheet.pdf", "https://contoso.sharepoint.com%2F/x",
            "https://app.clickup.com\\@example.com", "app\u{200B}.clickup.com/t/86b1x2", "https://app%2Eclickup%2Ecom/t/86b1x2",
            "https://%41PP.CLICKUP.COM/t/1", "https://planner.cloud.microsoft/webui/plan/x", "https://contoso-my.sharepoint.com/:x:/g/p",
        ]
        for link in leaks {
            #expect(PartnerText.clean("see " + link + " now", maximumLength: 500) == "see [link removed] now", "\(link)")
        }
        for kept in ["https://example.com/status", "https://office.com.evil.example/x", "myclickup.community", "1250.00", "v2.0"] {
            #expect(PartnerText.clean(kept, maximumLength: 500) == kept)
        }
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
