public import BridgeModels

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One HTTP request a tracker connector will send, described as a value: method, URL, headers
/// in order, body, and the placeholders whose values are only known at run time.
///
/// BridgeMapping plans requests; it never sends them. The Planner and ClickUp clients in
/// `BridgeConnectors` send exactly these requests after resolving the placeholders, and
/// `tgbridge map` prints them. A plan is an ordered list: a placeholder such as `{taskId}` is
/// filled from the response of an earlier request of the same plan (see ``Placeholder/Source``).
///
/// The `Authorization` header always carries ``redactedAuthorization``; the connector puts the
/// real credential in when it sends the request, and ``description`` and
/// ``rendered(prettyJSON:)`` print `<redacted>` whatever the header holds.
public struct PlannedRequest: Hashable, Sendable, CustomStringConvertible {
    /// Why a request is sent, e.g. ``createTask``.
    public struct Purpose: RawRepresentable, Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
        /// The purpose's name.
        public let rawValue: String
        /// Creates a purpose.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// Creates a purpose from a literal.
        public init(stringLiteral value: String) { self.rawValue = value }
        /// The name.
        public var description: String { rawValue }

        /// Create the task.
        public static let createTask: Purpose = "createTask"
        /// Read a task.
        public static let readTask: Purpose = "readTask"
        /// Read a page of the tasks in a Planner plan or a ClickUp list.
        public static let listTasks: Purpose = "listTasks"
        /// Change task fields.
        public static let updateTask: Purpose = "updateTask"
        /// Read a Planner task's details (for their own ETag).
        public static let readTaskDetails: Purpose = "readTaskDetails"
        /// Change a Planner task's details (description, checklist, references).
        public static let updateTaskDetails: Purpose = "updateTaskDetails"
        /// Upload one document as a ClickUp task attachment.
        public static let uploadAttachment: Purpose = "uploadAttachment"
        /// Set one ClickUp custom field.
        public static let setCustomField: Purpose = "setCustomField"
        /// Add a tag to a ClickUp task.
        public static let addTag: Purpose = "addTag"
        /// Remove a tag from a ClickUp task.
        public static let removeTag: Purpose = "removeTag"
        /// Post a comment on a ClickUp task.
        public static let addComment: Purpose = "addComment"
        /// Read a ClickUp list (its statuses).
        public static let readList: Purpose = "readList"
    }

    /// One header field.
    public struct Header: Hashable, Sendable {
        /// The field name, e.g. `If-Match`.
        public var name: String
        /// The field value.
        public var value: String

        /// Creates a header field.
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// A document to upload as one part of a `multipart/form-data` body.
    public struct MultipartFile: Hashable, Sendable {
        /// The form field name (ClickUp: `attachment`).
        public var fieldName: String
        /// The file name for the part's `Content-Disposition` (cleaned of control characters;
        /// the connector quotes it).
        public var fileName: String
        /// The part's media type, when known.
        public var mediaType: String?
        /// The community document whose bytes the connector streams into the part.
        public var documentId: DocumentID
        /// The document's size in bytes, when known.
        public var size: Int64?

        /// Creates a file part.
        public init(fieldName: String, fileName: String, mediaType: String?, documentId: DocumentID, size: Int64?) {
            self.fieldName = fieldName
            self.fileName = fileName
            self.mediaType = mediaType
            self.documentId = documentId
            self.size = size
        }
    }

    /// A request body.
    public enum Body: Hashable, Sendable {
        /// Encoded JSON (UTF-8, object keys sorted, no insignificant whitespace).
        case json([UInt8])
        /// A `multipart/form-data` body with one file part, streamed from the community at run
        /// time.
        case multipart(MultipartFile)

        /// Encodes a value as a JSON body with `StableJSON`.
        ///
        /// - Throws: the encoder's error, which the bridge's own body types never raise.
        public static func encodedJSON<T: Encodable>(_ value: T) throws -> Body {
            .json(Array(try StableJSON.encode(value)))
        }

        /// The JSON text of a ``json(_:)`` body, or `nil` for other bodies.
        public var jsonText: String? {
            guard case .json(let bytes) = self else { return nil }
            return String(decoding: bytes, as: UTF8.self)
        }

        /// The parsed JSON of a ``json(_:)`` body, or `nil` for other bodies.
        ///
        /// - Throws: `InputError` when the bytes are not valid JSON (never for bodies the
        ///   bridge planned).
        public func jsonValue() throws(InputError) -> JSONValue? {
            guard case .json(let bytes) = self else { return nil }
            return try StrictJSONParser().parse(bytes)
        }
    }

    /// A value the request needs that is only known at run time, written into the URL or a
    /// header as ``token`` (`{name}`).
    public struct Placeholder: Hashable, Sendable, CustomStringConvertible {
        /// Where the value comes from.
        public enum Source: Hashable, Sendable {
            /// A field of the JSON response to an earlier request of the same plan, e.g. the
            /// `id` of the ``Purpose/createTask`` response.
            case responseField(of: Purpose, at: JSONPath)
            /// Supplied by the connector from what it knows (a stored ETag, the multipart
            /// boundary it generates); the text says what.
            case connector(String)
        }

        /// The name inside the braces, e.g. `taskId`.
        public var name: String
        /// Where the value comes from.
        public var source: Source

        /// Creates a placeholder.
        public init(name: String, source: Source) {
            self.name = name
            self.source = source
        }

        /// `{name}`, as it appears in the URL or a header.
        public var token: String { "{" + name + "}" }

        /// `{name} ← <source>`.
        public var description: String {
            switch source {
            case .responseField(let purpose, let path): return "\(token) ← \(path) of the \(purpose) response"
            case .connector(let what): return "\(token) ← \(what)"
            }
        }

        /// The id of the task created by the plan's ``Purpose/createTask`` request (`$.id` of
        /// its response; Planner and ClickUp both return the new task there).
        public static let taskId = Placeholder(name: "taskId", source: .responseField(of: .createTask, at: [.key("id")]))
        /// The Planner task details' ETag (`@odata.etag` of the ``Purpose/readTaskDetails``
        /// response), for `If-Match` on the details PATCH. It differs from the task's ETag.
        public static let detailsETag = Placeholder(
            name: "detailsEtag", source: .responseField(of: .readTaskDetails, at: [.key("@odata.etag")]))
        /// The Planner task's last known ETag, which the connector stores from its last read
        /// or write of the task, for `If-Match` on a task PATCH.
        public static let taskETag = Placeholder(
            name: "taskEtag", source: .connector("the task's last known @odata.etag (stored by the connector)"))
        /// The `multipart/form-data` boundary the connector chooses when it streams the body.
        public static let multipartBoundary = Placeholder(
            name: "multipartBoundary", source: .connector("the multipart boundary the connector generates"))
    }

    /// The literal value of every planned `Authorization` header.
    public static let redactedAuthorization = "<redacted>"

    /// The tracker the request goes to.
    public var tracker: Tracker
    /// Why it is sent.
    public var purpose: Purpose
    /// The HTTP method, e.g. `POST`.
    public var method: String
    /// The absolute URL, possibly with placeholder tokens in path segments.
    public var url: String
    /// The header fields, in the order to send them.
    public var headers: [Header]
    /// The body, if any.
    public var body: Body?
    /// The placeholders used in ``url`` and ``headers``, in order of first use.
    public var placeholders: [Placeholder]

    /// Creates a request.
    public init(
        tracker: Tracker, purpose: Purpose, method: String, url: String, headers: [Header], body: Body? = nil,
        placeholders: [Placeholder] = []
    ) {
        self.tracker = tracker
        self.purpose = purpose
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.placeholders = placeholders
    }

    /// The value of the first header named `name` (compared case-insensitively).
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }

    /// The request with placeholder tokens replaced by `values` (keyed by placeholder name).
    ///
    /// Values placed in the URL are percent-encoded as one path segment; values placed in a
    /// header must not contain control characters (a CR or LF would inject header lines).
    ///
    /// - Throws: `InputError` at `$.<name>` with `InputError/Reason/missing` for a
    ///   placeholder without a value, or `InputError/Reason/forbiddenCharacter(scalar:)` for a
    ///   header value with a control character.
    public func resolving(_ values: [String: String]) throws(InputError) -> PlannedRequest {
        var resolved = self
        for placeholder in placeholders {
            guard let value = values[placeholder.name] else {
                throw InputError(path: JSONPath.root.appending(key: placeholder.name), reason: .missing)
            }
            resolved.url = resolved.url.replacingAll(of: placeholder.token, with: PathSegment.encode(value))
            for index in resolved.headers.indices where resolved.headers[index].value.contains(placeholder.token) {
                if let bad = value.unicodeScalars.first(where: { TextRules.isControl($0) }) {
                    throw InputError(
                        path: JSONPath.root.appending(key: placeholder.name), reason: .forbiddenCharacter(scalar: bad.value))
                }
                resolved.headers[index].value = resolved.headers[index].value.replacingAll(
                    of: placeholder.token, with: value)
            }
        }
        resolved.placeholders = []
        return resolved
    }

    /// `METHOD URL (purpose)`, safe to log.
    public var description: String { "\(method) \(url) (\(purpose))" }

    /// The request as HTTP-like text: request line, headers (credentials shown as
    /// `<redacted>`), an empty line and the body (JSON indented when `prettyJSON`; a multipart
    /// body as a one-line summary).
    public func rendered(prettyJSON: Bool = true) -> String {
        var lines = ["\(method) \(url)"]
        for header in headers {
            lines.append("\(header.name): \(PlannedRequest.isCredential(header.name) ? PlannedRequest.redactedAuthorization : header.value)")
        }
        switch body {
        case .none:
            break
        case .json(let bytes):
            lines.append("")
            if let value = try? StrictJSONParser().parse(bytes) {
                lines.append(JSONText.string(value, pretty: prettyJSON))
            } else {
                lines.append(String(decoding: bytes, as: UTF8.self))
            }
        case .multipart(let file):
            lines.append("")
            var summary = "[multipart/form-data: part \"\(file.fieldName)\" = community document \(file.documentId), file \"\(file.fileName)\""
            if let mediaType = file.mediaType { summary += ", \(mediaType)" }
            if let size = file.size { summary += ", \(size) bytes" }
            lines.append(summary + "]")
        }
        return lines.joined(separator: "\n")
    }

    static func isCredential(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower == "authorization" || lower == "proxy-authorization"
    }
}

extension String {
    /// Replaces every occurrence of `target` (a non-empty string) with `replacement`.
    func replacingAll(of target: String, with replacement: String) -> String {
        let needle = Array(target.utf8)
        let haystack = Array(utf8)
        guard !needle.isEmpty, haystack.count >= needle.count else { return self }
        var out: [UInt8] = []
        out.reserveCapacity(haystack.count)
        var index = 0
        while index < haystack.count {
            if index + needle.count <= haystack.count && haystack[index..<index + needle.count].elementsEqual(needle) {
                out.append(contentsOf: replacement.utf8)
                index += needle.count
            } else {
                out.append(haystack[index])
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
