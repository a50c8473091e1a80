import BridgeMapping
import BridgeModels
import Testing

@Suite struct DescriptionRendererTests {
    static let blocks: [DescriptionBlock] = [
        .heading("Shipment **discrepancy**"),
        .paragraph("Carton short.\nSee www.evil.example"),
        .field(label: "Partner", value: "Acme <Retail>"),
        .field(label: "PO", value: "4471"),
        .bullets(["one", "", "- two"]),
        .link(title: "report.pdf", url: "https://c.example/docs/D-1"),
        .link(title: "bad", url: "javascript:alert(1)"),
    ]

    @Test func plainTextLayout() {
        let rendered = DescriptionRenderer.plainText(Self.blocks, budget: TextBudget(10_000, .utf16CodeUnits))
        #expect(!rendered.wasTruncated)
        #expect(
            rendered.text == """
                Shipment **discrepancy**
                Carton short.
                See www.evil.example

                Partner: Acme <Retail>
                PO: 4471

                • one
                • - two

                report.pdf: https://c.example/docs/D-1

                bad: javascript:alert(1)
                """)
    }

    @Test func markdownLayoutEscapesEveryPartnerString() {
        let rendered = DescriptionRenderer.markdown(Self.blocks, budget: TextBudget(10_000, .utf8Bytes))
        let z = "\u{200B}"
        #expect(
            rendered.text == """
                ### Shipment \\*\\*discrepancy\\*\\*

                Carton short\\.  
                See www\(z)\\.evil\(z)\\.example

                **Partner:** Acme \\<Retail\\>

                **PO:** 4471

                - one
                - \\- two

                [report\(z)\\.pdf](https://c.example/docs/D-1)

                bad: javascript\\:alert\\(1\\)
                """)
    }

    @Test func emptyBlocksAreSkipped() {
        let rendered = DescriptionRenderer.plainText(
            [.paragraph("  \n "), .heading(""), .field(label: "x", value: " "), .bullets([]), .paragraph("only")],
            budget: TextBudget(100, .characters))
        #expect(rendered.text == "only")
    }

    @Test func aHundredKilobyteDescriptionIsCutAndTheAppendixKept() {
        let huge = String(repeating: "Carton 👨‍👩‍👧 e\u{301} **x** ", count: 5_000)  // about 150 KB
        let appendix: [DescriptionBlock] = [.heading("Details"), .field(label: "Case", value: "C-1001")]
        let budget = TextBudget(25_000, .utf16CodeUnits)
        let plain = DescriptionRenderer.plainText([.paragraph(huge)], appendix: appendix, budget: budget)
        #expect(plain.wasTruncated)
        #expect(budget.fits(plain.text))
        #expect(plain.text.hasSuffix("…\n\nDetails\nCase: C-1001"))
        let markdownBudget = TextBudget(200_000, .utf8Bytes)
        let markdown = DescriptionRenderer.markdown([.paragraph(huge + huge)], appendix: appendix, budget: markdownBudget)
        #expect(markdown.wasTruncated)
        #expect(markdownBudget.fits(markdown.text))
        #expect(markdown.text.hasSuffix("…\n\n### Details\n\n**Case:** C\\-1001"))
        // The cut never leaves half an escape or half a character behind.
        let body = markdown.text.prefix { $0 != TextBudget.ellipsis }
        #expect(markdownHazards(String(body)) == [])
    }

    @Test func truncationNeverSplitsALinkOrAnEscape() {
        let blocks: [DescriptionBlock] = [.paragraph("**a**"), .link(title: "r", url: "https://c.example/docs/D-1")]
        for limit in 0...80 {
            let rendered = DescriptionRenderer.markdown(blocks, budget: TextBudget(limit, .utf8Bytes))
            #expect(TextBudget(limit, .utf8Bytes).fits(rendered.text))
            let text = rendered.text
            #expect(!text.contains("](") || text.contains("](https://c.example/docs/D-1)"))
            #expect(!text.hasSuffix("\\") && !text.contains("\\…"))
        }
    }

    @Test func randomBlocksStayWithinBudgetAndInert() {
        var random = WireRandom(seed: 11)
        for _ in 0..<200 {
            let item = WireGenerators.item(&random, tracker: .clickUp)
            let budget = TextBudget(Int.random(in: 0...3_000, using: &random), .utf8Bytes)
            let rendered = DescriptionRenderer.markdown(item.description, budget: budget)
            #expect(budget.fits(rendered.text))
            let plain = DescriptionRenderer.plainText(item.description, budget: budget)
            #expect(budget.fits(plain.text))
            #expect(!plain.text.unicodeScalars.contains { $0.value == 0x202E || $0.value == 0 })
        }
    }
}
