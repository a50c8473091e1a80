import BridgeMapping
import BridgeModels
import Testing

@Suite struct PartnerPostComposerTests {
    let composer = PartnerPostComposer()
    let context = PostContext(
        partner: Partner(id: "ACME", name: "Acme Retail", tier: .strategic, locale: "en-US"), caseId: "C-1001",
        threadId: "T-77", kind: .shipmentDiscrepancy, keyReference: TransactionReference(type: .purchaseOrder, value: "PO-4471"),
        teamPublicName: "logistics")
    let cause = PostCause(tracker: .clickUp, taskId: "86b1x2", change: "status", reference: "h-1")

    @Test func statusPostsUseTheTemplate() throws {
        let post = try #require(composer.statusPost(context, status: .inReview, lastPosted: .received, cause: cause))
        #expect(post.text == "Your case C-1001 (PO PO-4471) is being reviewed by our logistics team.")
        #expect(post.kind == .status && post.status == .inReview)
        #expect(post.threadId == "T-77" && post.caseId == "C-1001" && post.partnerId == "ACME")
    }

    @Test func unchangedOrHiddenStatusesMakeNoPost() {
        #expect(composer.statusPost(context, status: .inReview, lastPosted: .inReview, cause: cause) == nil)
        // blocked is internal trouble: shown as in progress, which the partner already sees.
        #expect(composer.statusPost(context, status: .blocked, lastPosted: .inProgress, cause: cause) == nil)
        var hiding = composer
        hiding.partnerFacing.map[.escalated] = .some(nil)
        #expect(hiding.statusPost(context, status: .escalated, lastPosted: .inProgress, cause: cause) == nil)
    }

    @Test func commentsOnlyWhenPublic() {
        #expect(composer.commentPost(context, comment: "internal: partner is difficult", cause: cause) == nil)
        let post = composer.commentPost(context, comment: "[public] Replacement ships Monday.", cause: cause)
        #expect(post?.text == "Update on case C-1001: Replacement ships Monday.")
    }

    @Test func decisionsDocumentsNoticesAndOnboarding() {
        #expect(composer.decisionPost(context, approved: false, note: "Price list v7 applies.", cause: cause).text
            == "Your request C-1001 (PO PO-4471) was not approved. Price list v7 applies.")
        let document = DocumentLink(documentId: "D-9", name: "credit-memo.pdf")
        let shared = composer.documentPost(context, document: document, note: nil, cause: cause)
        #expect(shared.text == "We shared credit-memo.pdf on case C-1001.")
        #expect(shared.documents == [document])
        let notice = ChangeNotice(id: "N-1", title: "New routing guide", detail: "Carrier ABCD from 1 December.")
        #expect(composer.noticePost(partner: context.partner, notice: notice, dueDate: nil, cause: cause).text
            == "New routing guide: Carrier ABCD from 1 December.")
        let progress = OnboardingProgress(completedCount: 1, totalCount: 4, available: [])
        #expect(composer.onboardingPost(partner: context.partner, program: "Std EDI", progress: progress, note: nil, cause: cause).text
            == "Onboarding (Std EDI): 25% complete.")
    }

    /// A document shared from a tracker keeps its id and name but loses the tracker URL.
    @Test func sharedDocumentsNeverCarryTrackerURLs() {
        let attachment = DocumentLink(
            documentId: "D-9", name: "credit-memo.pdf", url: "https://t9012345.p.clickup-attachments.com/t9012345/credit-memo.pdf")
        let fromTracker = composer.documentPost(context, document: attachment, note: nil, cause: cause)
        #expect(fromTracker.documents.map(\.url) == [nil])
        #expect(fromTracker.documents.map(\.documentId) == ["D-9"])
        let renamed = DocumentLink(documentId: "D-10", name: "memo see https://contoso.sharepoint.com/x.pdf")
        #expect(composer.documentPost(context, document: renamed, note: nil, cause: cause).documents.map(\.name) == ["memo see [link removed]"])
        let community = DocumentLink(documentId: "D-11", name: "pod.pdf", url: "https://community.example.com/docs/D-11")
        #expect(composer.documentPost(context, document: community, note: nil, cause: cause).documents == [community])
    }

    @Test func wording() {
        #expect(PostWording.words(for: CaseKind.shipmentDiscrepancy) == "shipment discrepancy")
        #expect(PostWording.words(for: CaseKind.missingASN) == "missing ASN")
        #expect(PostWording.words(for: CaseKind.ediRejection) == "EDI rejection")
        #expect(PostWording.words(for: CaseKind(rawValue: "labelling-OTIF_fee")) == "labelling OTIF fee")
        #expect(PostWording.words(for: PartnerFacingStatus.awaitingDocuments) == "awaiting documents")
    }

    /// Random internal comments, internal field values, assignee names and tracker URLs never
    /// appear in any partner post, whatever the change.
    @Test func internalDataNeverLeaks() {
        var random = SeededRandomNumberGenerator(seed: 0x5EC2E7)
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        func secret(_ prefix: String) -> String {
            prefix + String((0..<12).map { _ in alphabet.randomElement(using: &random)! })
        }
        for round in 0..<500 {
            let assignee = secret("Assignee")
            let internalComment = secret("Internal") + " " + secret("note")
            let internalField = secret("Margin")
            let trackerURL = "https://app.clickup.com/t/" + secret("task")
            let cause = PostCause(tracker: .clickUp, taskId: secret("id"), change: "status", reference: "r\(round)")
            var posts: [PartnerPost] = []
            for status in WorkStatus.allCases {
                posts += [composer.statusPost(context, status: status, lastPosted: nil, cause: cause)].compactMap { $0 }
            }
            posts += [composer.commentPost(context, comment: internalComment + " @" + assignee + " " + internalField, cause: cause)].compactMap { $0 }
            posts += [composer.commentPost(context, comment: "[public] ok @" + assignee + " see " + trackerURL, cause: cause)].compactMap { $0 }
            posts.append(composer.decisionPost(context, approved: round % 2 == 0, note: "[public] fine " + trackerURL, cause: cause))
            #expect(!posts.isEmpty)
            for post in posts {
                let rendered = post.text + (post.threadId?.rawValue ?? "") + (post.caseId?.rawValue ?? "")
                for hidden in [assignee, internalComment, internalField, trackerURL, cause.taskId!] {
                    #expect(!rendered.contains(hidden), "leaked \(hidden) into \(post.text)")
                }
            }
        }
    }
}
