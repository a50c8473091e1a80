#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import BridgeModels

/// Why an event's requests cannot be previewed.
public enum PreviewError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The configuration cannot resolve a reference for the event.
    case translation(TranslationError)
    /// A work item cannot be turned into requests (a destination setting or value the tracker
    /// refuses), with its path.
    case request(InputError)

    /// A log-safe description.
    public var description: String {
        switch self {
        case .translation(let error): return error.description
        case .request(let error): return error.description
        }
    }
}

/// Every HTTP request, in order, that creating the work for an event takes, exactly as the
/// connectors send it: what `tgbridge map` prints and what hosts compare against golden files.
///
/// Values only known at run time stay as placeholder tokens (`{taskId}`, `{detailsEtag}`,
/// `{multipartBoundary}`), and the credential is shown as `<redacted>`.
public struct MappingPreview: Sendable {
    /// The configuration.
    public var configuration: BridgeConfiguration

    /// Creates a preview.
    public init(configuration: BridgeConfiguration) {
        self.configuration = configuration
    }

    /// The requests for an event, task by task, each task's plan in order.
    ///
    /// - Parameters:
    ///   - event: The event.
    ///   - tracker: The tracker to preview (every routed team must have a destination there), or
    ///     `nil` for each route's own choice.
    ///   - slaStart: When SLA clocks start; `nil` starts them at the event's `occurredAt`.
    /// - Throws: ``PreviewError``.
    public func requests(for event: CommunityEvent, tracker: Tracker?, slaStart: Date? = nil) throws(PreviewError) -> [PlannedRequest] {
        let translator = WorkTranslator(configuration: configuration, trackerOverride: tracker)
        let work: [AssignedWork]
        do {
            work = try translator.assignedWork(for: event, slaStart: slaStart)
        } catch {
            throw .translation(error)
        }
        var requests: [PlannedRequest] = []
        for (item, assignment) in work.map({ ($0.item, $0.assignment) }) {
            let team = configuration.teams[assignment.team]
            do throws(InputError) {
                switch assignment.tracker {
                case .planner:
                    guard let destination = team?.planner else { throw InputError(path: .root, reason: .missing) }
                    requests += try PlannerRequests.creating(item, in: destination)
                case .clickUp:
                    guard let destination = team?.clickUp else { throw InputError(path: .root, reason: .missing) }
                    requests += try ClickUpRequests.creating(item, in: destination)
                }
            } catch {
                throw .request(error)
            }
        }
        return requests
    }

    /// `{"requests": [{"method", "url", "headers", "body"}, …]}`: headers as an object (the
    /// credential `<redacted>`), a JSON body as JSON, a multipart body as
    /// `{"multipart": {"field", "documentId", "fileName", "mediaType", "size"}}`, no body as `null`.
    public static func json(_ requests: [PlannedRequest]) -> JSONValue {
        var list: [JSONValue] = []
        for request in requests {
            var object = JSONObject()
            object.insert(.string(request.method), forKey: "method")
            object.insert(.string(request.url), forKey: "url")
            var headers = JSONObject()
            for header in request.headers {
                let value = PlannedRequest.isCredential(header.name) ? PlannedRequest.redactedAuthorization : header.value
                headers.insert(.string(value), forKey: header.name)
            }
            object.insert(.object(headers), forKey: "headers")
            switch request.body {
            case .none:
                object.insert(.null, forKey: "body")
            case .json:
                object.insert((try? request.body?.jsonValue()) ?? .null, forKey: "body")
            case .multipart(let file):
                var part = JSONObject()
                part.insert(.string(file.fieldName), forKey: "field")
                part.insert(.string(file.documentId.rawValue), forKey: "documentId")
                part.insert(.string(file.fileName), forKey: "fileName")
                if let mediaType = file.mediaType { part.insert(.string(mediaType), forKey: "mediaType") }
                if let size = file.size { part.insert(.number(String(size)), forKey: "size") }
                var multipart = JSONObject()
                multipart.insert(.object(part), forKey: "multipart")
                object.insert(.object(multipart), forKey: "body")
            }
            list.append(.object(object))
        }
        var root = JSONObject()
        root.insert(.array(list), forKey: "requests")
        return .object(root)
    }
}
