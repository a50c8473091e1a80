public import BridgeModels

/// The partner message templates of one locale.
///
/// ```json
/// {
///   "status": {"received": "We received your case {caseId} ({reference}).", "inReview": "…"},
///   "decision": {"approved": "Your request {caseId} was approved. {text}", "rejected": "…"},
///   "comment": "Update on {caseId}: {text}",
///   "reminder": "…", "document": "…", "notice": "…", "onboardingStatus": "…", "scorecard": "…"
/// }
/// ```
public struct LocaleTemplates: Hashable, Sendable, Codable {
    /// Status posts, per partner-facing status.
    public var status: [PartnerFacingStatus: MessageTemplate]
    /// Decision posts (approved / rejected), per status.
    public var decision: [PartnerFacingStatus: MessageTemplate]
    /// Templates of the other post kinds (`comment`, `reminder`, `document`, `notice`,
    /// `onboardingStatus`, `scorecard`).
    public var other: [PostKind: MessageTemplate]
    /// Named messages that escalation ladders post to partners (`notifyPartner` actions), under
    /// `"messages"` in JSON.
    public var messages: [String: MessageTemplate]

    /// Creates the templates of a locale.
    public init(
        status: [PartnerFacingStatus: MessageTemplate] = [:], decision: [PartnerFacingStatus: MessageTemplate] = [:],
        other: [PostKind: MessageTemplate] = [:], messages: [String: MessageTemplate] = [:]
    ) {
        self.status = status
        self.decision = decision
        self.other = other
        self.messages = messages
    }

    /// The template for a post kind and (for status and decision posts) a status.
    public func template(for kind: PostKind, status: PartnerFacingStatus?) -> MessageTemplate? {
        switch kind {
        case .status: return status.flatMap { self.status[$0] }
        case .decision: return status.flatMap { decision[$0] }
        default: return other[kind]
        }
    }

    /// Decodes a locale's templates; unknown post kinds or statuses and bad templates fail with
    /// their path (the first problem; ``decode(_:at:using:)`` reports all of them).
    public init(from decoder: any Decoder) throws {
        let value = try JSONValue(from: decoder)
        let (templates, problems) = LocaleTemplates.decode(value, at: decoder.jsonPath, using: StrictJSONDecoder(limits: decoder.inputLimits))
        if let first = problems.first { throw first }
        self = templates
    }

    /// Decodes a locale's templates one template at a time: every bad template is reported and
    /// the good ones are kept.
    public static func decode(_ value: JSONValue, at path: JSONPath, using decoder: StrictJSONDecoder) -> (LocaleTemplates, [InputError]) {
        var templates = LocaleTemplates()
        var problems: [InputError] = []
        guard case .object(let object) = value else {
            return (templates, [InputError(path: path, reason: .wrongType(expected: "object", found: value.typeName))])
        }
        func template(_ value: JSONValue?, at path: JSONPath) -> MessageTemplate? {
            guard let value else { return nil }
            do {
                return try decoder.decode(MessageTemplate.self, from: value, at: path)
            } catch {
                problems.append(error)
                return nil
            }
        }
        func members(_ value: JSONValue?, at path: JSONPath) -> JSONObject? {
            guard let value else { return nil }
            guard case .object(let members) = value else {
                problems.append(InputError(path: path, reason: .wrongType(expected: "object", found: value.typeName)))
                return nil
            }
            return members
        }
        let allowedKinds = PostKind.allCases.map(\.rawValue) + ["messages"]
        for key in object.keys {
            let keyPath = path.appending(key: key)
            if key == "messages" {
                guard let named = members(object[key], at: keyPath) else { continue }
                for name in named.keys {
                    do {
                        _ = try TextRules.check(name, .token, limit: 64, path: keyPath.appending(key: name))
                    } catch {
                        problems.append(error)
                        continue
                    }
                    templates.messages[name] = template(named[name], at: keyPath.appending(key: name))
                }
                continue
            }
            guard let kind = PostKind(rawValue: key) else {
                problems.append(InputError(path: keyPath, reason: .unknownValue(key, allowed: allowedKinds)))
                continue
            }
            switch kind {
            case .status, .decision:
                guard let byStatus = members(object[key], at: keyPath) else { continue }
                let allowed = kind == .status ? PartnerFacingStatus.allCases : [.approved, .rejected]
                for name in byStatus.keys {
                    guard let status = PartnerFacingStatus(rawValue: name), allowed.contains(status) else {
                        problems.append(InputError(path: keyPath.appending(key: name), reason: .unknownValue(name, allowed: allowed.map(\.rawValue))))
                        continue
                    }
                    let parsed = template(byStatus[name], at: keyPath.appending(key: name))
                    if kind == .status { templates.status[status] = parsed } else { templates.decision[status] = parsed }
                }
            default:
                templates.other[kind] = template(object[key], at: keyPath)
            }
        }
        return (templates, problems)
    }

    /// Encodes the templates by post kind.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: AnyCodingKey.self)
        if !status.isEmpty {
            var nested = c.nestedContainer(keyedBy: AnyCodingKey.self, forKey: AnyCodingKey("status"))
            for (key, template) in status { try nested.encode(template, forKey: AnyCodingKey(key.rawValue)) }
        }
        if !decision.isEmpty {
            var nested = c.nestedContainer(keyedBy: AnyCodingKey.self, forKey: AnyCodingKey("decision"))
            for (key, template) in decision { try nested.encode(template, forKey: AnyCodingKey(key.rawValue)) }
        }
        for (kind, template) in other { try c.encode(template, forKey: AnyCodingKey(kind.rawValue)) }
        if !messages.isEmpty {
            var nested = c.nestedContainer(keyedBy: AnyCodingKey.self, forKey: AnyCodingKey("messages"))
            for (name, template) in messages { try nested.encode(template, forKey: AnyCodingKey(name)) }
        }
    }
}

/// Partner message templates for every locale, with a fallback.
///
/// A post for a partner with locale `de-AT` uses the first of `de-AT`, `de`, and the
/// ``defaultLocale`` that has a template for the post. The default locale must have a template
/// for every post the bridge sends (configuration validation checks it); other locales may
/// translate only some.
public struct TemplateCatalog: Hashable, Sendable {
    /// The locale used when the partner's has no template.
    public var defaultLocale: String
    /// Templates per BCP 47 locale tag.
    public var locales: [String: LocaleTemplates]

    /// Creates a catalog.
    public init(defaultLocale: String, locales: [String: LocaleTemplates]) {
        self.defaultLocale = defaultLocale
        self.locales = locales
    }

    /// The locales to try for a partner locale, most specific first, ending with the default.
    public func fallbackChain(for locale: String?) -> [String] {
        var chain: [String] = []
        if let locale {
            var parts = locale.split(separator: "-").map(String.init)
            while !parts.isEmpty {
                chain.append(parts.joined(separator: "-"))
                parts.removeLast()
            }
        }
        chain.append(defaultLocale)
        var seen = Set<String>()
        return chain.filter { seen.insert($0.lowercased()).inserted }
    }

    /// The template for a post, following the fallback chain (locale tags compare without case).
    public func template(for kind: PostKind, status: PartnerFacingStatus?, locale: String?) -> MessageTemplate? {
        for tag in fallbackChain(for: locale) {
            let match = locales.first { $0.key.lowercased() == tag.lowercased() }?.value
            if let template = match?.template(for: kind, status: status) { return template }
        }
        return nil
    }

    /// A named message for a partner locale, following the fallback chain.
    public func message(named name: String, locale: String?) -> MessageTemplate? {
        for tag in fallbackChain(for: locale) {
            if let template = locales.first(where: { $0.key.lowercased() == tag.lowercased() })?.value.messages[name] {
                return template
            }
        }
        return nil
    }

    /// The placeholders each post kind may use (a template using another is a configuration
    /// error: its value would always be empty).
    public static func allowedPlaceholders(for kind: PostKind) -> Set<TemplatePlaceholder> {
        let common: Set<TemplatePlaceholder> = [.caseId, .reference, .partnerName, .kind, .status, .team, .dueDate]
        switch kind {
        case .status: return common
        case .decision, .comment: return common.union([.text])
        case .document: return common.union([.documentName, .text])
        case .reminder: return common.union([.text, .noticeTitle, .documentName])
        case .notice: return [.partnerName, .noticeTitle, .text, .dueDate]
        case .onboardingStatus: return [.partnerName, .program, .percentComplete, .text, .dueDate]
        case .scorecard: return [.partnerName, .text]
        }
    }

    /// English templates for every post, used when the configuration has none.
    public static let standardEnglish: TemplateCatalog = {
        func t(_ text: String) -> MessageTemplate {
            // These literals are tested to parse; a failure here would be a programming error
            // caught by the test suite, so fall back to the raw text rather than trap.
            (try? MessageTemplate(parsing: text)) ?? MessageTemplate(unchecked: text)
        }
        let english = LocaleTemplates(
            status: [
                .received: t("We received your case {caseId} ({reference}) and will keep you updated here."),
                .inReview: t("Your case {caseId} ({reference}) is being reviewed by our {team} team."),
                .inProgress: t("We are working on your case {caseId} ({reference})."),
                .awaitingDocuments: t("To continue with case {caseId} ({reference}) we need documents from you. Please attach them to this thread."),
                .blocked: t("Case {caseId} ({reference}) is on hold until we hear back from you."),
                .escalated: t("Case {caseId} ({reference}) has been escalated for priority handling."),
                .approved: t("Your request {caseId} ({reference}) was approved."),
                .rejected: t("Your request {caseId} ({reference}) was not approved."),
                .resolved: t("Case {caseId} ({reference}) is resolved."),
                .closed: t("Case {caseId} ({reference}) is closed."),
            ],
            decision: [
                .approved: t("Your request {caseId} ({reference}) was approved. {text}"),
                .rejected: t("Your request {caseId} ({reference}) was not approved. {text}"),
            ],
            other: [
                .comment: t("Update on case {caseId}: {text}"),
                .document: t("We shared {documentName} on case {caseId}. {text}"),
                .reminder: t("Reminder about {caseId}: {text}"),
                .notice: t("{noticeTitle}: {text}"),
                .onboardingStatus: t("Onboarding ({program}): {percentComplete}% complete. {text}"),
                .scorecard: t("{text}"),
            ])
        return TemplateCatalog(defaultLocale: "en-US", locales: ["en-US": english])
    }()
}

extension MessageTemplate {
    /// A template made of one literal, for fallbacks that must not fail.
    init(unchecked text: String) {
        self.source = text
        self.segments = [.literal(text)]
    }
}
