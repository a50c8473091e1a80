public import BridgeModels

/// The partner-safe facts a post may mention.
///
/// Build it from the case and the partner; it deliberately has no room for assignees, internal
/// comments, internal fields or tracker URLs.
public struct PostContext: Hashable, Sendable {
    /// The partner the post goes to (its name and locale are used).
    public var partner: Partner
    /// The case, if the post is about one.
    public var caseId: CaseID?
    /// The thread to post in.
    public var threadId: ThreadID?
    /// The case kind.
    public var kind: CaseKind?
    /// The case's key transaction reference.
    public var keyReference: TransactionReference?
    /// The public name of the handling team (a team's `publicName`), if it may be shown.
    public var teamPublicName: String?
    /// The due date to show, already converted to the partner's calendar date.
    public var dueDate: LocalDate?

    /// Creates a context.
    public init(
        partner: Partner, caseId: CaseID? = nil, threadId: ThreadID? = nil, kind: CaseKind? = nil,
        keyReference: TransactionReference? = nil, teamPublicName: String? = nil, dueDate: LocalDate? = nil
    ) {
        self.partner = partner
        self.caseId = caseId
        self.threadId = threadId
        self.kind = kind
        self.keyReference = keyReference
        self.teamPublicName = teamPublicName
        self.dueDate = dueDate
    }

    /// The context of a community case.
    public init(case partnerCase: PartnerCase, partner: Partner, teamPublicName: String? = nil, dueDate: LocalDate? = nil) {
        self.init(
            partner: partner, caseId: partnerCase.id, threadId: partnerCase.threadId, kind: partnerCase.kind,
            keyReference: partnerCase.keyReference, teamPublicName: teamPublicName, dueDate: dueDate)
    }
}

/// Turns tracker changes into partner posts through the configured templates.
///
/// Only partner-visible changes become posts: a status the ``PartnerFacingMap`` hides, or one
/// the partner already sees, makes none; a comment is posted only if the ``PublicCommentRule``
/// makes it public, and then only its cleaned text. Every post is rendered from a template whose
/// placeholders hold partner-safe facts only.
public struct PartnerPostComposer: Hashable, Sendable {
    /// The message templates.
    public var templates: TemplateCatalog
    /// What the partner sees for each work status.
    public var partnerFacing: PartnerFacingMap
    /// Which comments are public.
    public var publicComments: PublicCommentRule

    /// Creates a composer.
    public init(
        templates: TemplateCatalog = .standardEnglish, partnerFacing: PartnerFacingMap = .standard,
        publicComments: PublicCommentRule = .standard
    ) {
        self.templates = templates
        self.partnerFacing = partnerFacing
        self.publicComments = publicComments
    }

    /// The post for a work status change, or `nil` when the partner should not see it: the
    /// status is hidden, or maps to what the partner already sees (`lastPosted`).
    public func statusPost(
        _ context: PostContext, status: WorkStatus, lastPosted: PartnerFacingStatus?, cause: PostCause
    ) -> PartnerPost? {
        guard let facing = partnerFacing.partnerFacing(status), facing != lastPosted else { return nil }
        return post(context, kind: .status, status: facing, text: nil, cause: cause)
    }

    /// The "received" post made when the bridge takes a case.
    public func receivedPost(_ context: PostContext, cause: PostCause) -> PartnerPost {
        post(context, kind: .status, status: .received, text: nil, cause: cause)
    }

    /// The post for a tracker comment, or `nil` if the comment is internal.
    public func commentPost(_ context: PostContext, comment: String, cause: PostCause) -> PartnerPost? {
        guard let text = publicComments.publicText(of: comment) else { return nil }
        return post(context, kind: .comment, status: nil, text: text, cause: cause)
    }

    /// An approval or rejection, with an optional public note (cleaned like a public comment).
    public func decisionPost(_ context: PostContext, approved: Bool, note: String?, cause: PostCause) -> PartnerPost {
        let text = note.map { PartnerText.clean($0, maximumLength: publicComments.maximumLength) }
        return post(context, kind: .decision, status: approved ? .approved : .rejected, text: text, cause: cause)
    }

    /// A document shared with the partner.
    ///
    /// The post's copy of the document never points into a tracker or Microsoft 365: a URL on
    /// one of ``PartnerText/internalHosts`` (a ClickUp attachment, a SharePoint file) is
    /// dropped, so the community adapter shares the document by its id, and the name is cleaned
    /// like public text.
    public func documentPost(_ context: PostContext, document: DocumentLink, note: String?, cause: PostCause) -> PartnerPost {
        let text = note.map { PartnerText.clean($0, maximumLength: publicComments.maximumLength) }
        var shared = document
        if let url = shared.url, PartnerText.isInternalLink(url) { shared.url = nil }
        let name = PartnerText.clean(document.name, maximumLength: 255)
        shared.name = name.isEmpty ? document.documentId.rawValue : name
        return post(context, kind: .document, status: nil, text: text, documentName: shared.name, documents: [shared], cause: cause)
    }

    /// A reminder (documents or an acknowledgement still owed).
    public func reminderPost(_ context: PostContext, text: String, cause: PostCause) -> PartnerPost {
        post(context, kind: .reminder, status: nil, text: PartnerText.clean(text, maximumLength: publicComments.maximumLength), cause: cause)
    }

    /// A change notice to a partner.
    public func noticePost(partner: Partner, notice: ChangeNotice, dueDate: LocalDate?, cause: PostCause) -> PartnerPost {
        var values = baseValues(PostContext(partner: partner, dueDate: dueDate))
        values[.noticeTitle] = notice.title
        values[.text] = PartnerText.clean(notice.detail, maximumLength: publicComments.maximumLength)
        return render(PostContext(partner: partner), kind: .notice, status: nil, values: values, documents: [], cause: cause)
    }

    /// Onboarding progress for a partner.
    public func onboardingPost(partner: Partner, program: String, progress: OnboardingProgress, note: String?, cause: PostCause) -> PartnerPost {
        var values = baseValues(PostContext(partner: partner))
        values[.program] = program
        values[.percentComplete] = String(progress.percentComplete)
        values[.text] = note.map { PartnerText.clean($0, maximumLength: publicComments.maximumLength) }
        return render(PostContext(partner: partner), kind: .onboardingStatus, status: nil, values: values, documents: [], cause: cause)
    }

    /// A service scorecard text for a partner.
    public func scorecardPost(partner: Partner, text: String, cause: PostCause) -> PartnerPost {
        var values = baseValues(PostContext(partner: partner))
        values[.text] = PartnerText.clean(text, maximumLength: 20_000)
        return render(PostContext(partner: partner), kind: .scorecard, status: nil, values: values, documents: [], cause: cause)
    }

    /// A post rendered from a named message (`templates.locales.<locale>.messages`, such as the
    /// `delay` message an escalation level's `notifyPartner` action names), or `nil` when no
    /// locale in the partner's fallback chain has it.
    public func messagePost(_ context: PostContext, named name: String, kind: PostKind = .comment, cause: PostCause)
        -> PartnerPost?
    {
        guard let template = templates.message(named: name, locale: context.partner.locale) else { return nil }
        return PartnerPost(
            partnerId: context.partner.id, threadId: context.threadId, caseId: context.caseId, kind: kind, status: nil,
            text: PartnerText.clean(template.render(placeholderValues(context)), maximumLength: 20_000), cause: cause)
    }

    /// The partner-safe placeholder values of a context (`{caseId}`, `{reference}`,
    /// `{partnerName}`, `{kind}`, `{team}`, `{dueDate}`), for rendering a template outside a
    /// post, such as an escalation task's title.
    public func placeholderValues(_ context: PostContext) -> [TemplatePlaceholder: String] {
        baseValues(context).compactMapValues { $0 }
    }

    // MARK: Rendering

    private func post(
        _ context: PostContext, kind: PostKind, status: PartnerFacingStatus?, text: String?, documentName: String? = nil,
        documents: [DocumentLink] = [], cause: PostCause
    ) -> PartnerPost {
        var values = baseValues(context)
        if let status { values[.status] = PostWording.words(for: status) }
        values[.text] = text
        values[.documentName] = documentName
        return render(context, kind: kind, status: status, values: values, documents: documents, cause: cause)
    }

    private func render(
        _ context: PostContext, kind: PostKind, status: PartnerFacingStatus?, values: [TemplatePlaceholder: String?],
        documents: [DocumentLink], cause: PostCause
    ) -> PartnerPost {
        let template =
            templates.template(for: kind, status: status, locale: context.partner.locale)
            ?? TemplateCatalog.standardEnglish.template(for: kind, status: status, locale: nil)
        let filled = values.compactMapValues { $0 }
        let rendered = template?.render(filled) ?? (filled[.text] ?? "")
        let text = PartnerText.clean(rendered, maximumLength: 20_000)
        return PartnerPost(
            partnerId: context.partner.id, threadId: context.threadId, caseId: context.caseId, kind: kind, status: status,
            text: text, documents: documents, cause: cause)
    }

    private func baseValues(_ context: PostContext) -> [TemplatePlaceholder: String?] {
        [
            .caseId: context.caseId?.rawValue,
            .reference: context.keyReference?.description,
            .partnerName: context.partner.name ?? context.partner.id.rawValue,
            .kind: context.kind.map(PostWording.words(for:)),
            .team: context.teamPublicName,
            .dueDate: context.dueDate?.description,
        ]
    }
}

/// Human wording of kinds and statuses for messages.
public enum PostWording: Sendable {
    /// `shipmentDiscrepancy` → `shipment discrepancy`, `missingASN` → `missing ASN`,
    /// `ediRejection` → `EDI rejection`.
    public static func words(for kind: CaseKind) -> String {
        switch kind {
        case .ediRejection: return "EDI rejection"
        case .missingASN: return "missing ASN"
        default: return splitCamelCase(kind.rawValue)
        }
    }

    /// `awaitingDocuments` → `awaiting documents`.
    public static func words(for status: PartnerFacingStatus) -> String {
        splitCamelCase(status.rawValue)
    }

    /// Splits a camel-case token into lower-case words, keeping acronyms (`missingASN` →
    /// `missing ASN`).
    public static func splitCamelCase(_ token: String) -> String {
        var words: [String] = []
        var current = ""
        let characters = Array(token)
        for (index, character) in characters.enumerated() {
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            let startsWord = character.isUppercase && !current.isEmpty
                && (current.last?.isLowercase == true || next?.isLowercase == true)
            if startsWord || character == "-" || character == "_" || character == "." {
                if !current.isEmpty { words.append(current) }
                current = character.isLetter || character.isNumber ? String(character) : ""
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words.map { word in word.allSatisfy(\.isUppercase) && word.count > 1 ? word : word.lowercased() }
            .joined(separator: " ")
    }
}
