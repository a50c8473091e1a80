import BridgeConnectors
import BridgeMapping
import BridgeModels

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A request as the fake's handlers see it, whether it came alone or inside a `$batch`.
struct PlannerFakeRequest: Sendable {
    var method: String
    /// The path below `/v1.0`, e.g. `/planner/tasks/abc`, still percent-encoded.
    var path: String
    var query: [String: String]
    var fields: HTTPFields
    var body: [UInt8]
    var inBatch: Bool

    /// The path's segments, percent-decoded.
    var segments: [String] {
        // PlannerWire's reference-key decoding is exactly "decode every %XX once".
        path.split(separator: "/").map { PlannerWire.url(fromReferenceKey: String($0)) }
    }
}

/// An answer of the fake: a status, header fields and a JSON body.
struct PlannerFakeResponse: Sendable {
    var status: Int
    var fields: HTTPFields = [:]
    var body: JSONValue?

    var isSuccess: Bool { (200...299).contains(status) }
}

/// A refusal with a Graph error body: `{"error": {"code", "message", "innerError"}}`.
struct PlannerFakeRefusal: Error, Sendable {
    var status: Int
    var code: String
    var message: String
    var fields: HTTPFields = [:]

    static func badRequest(_ message: String) -> PlannerFakeRefusal {
        PlannerFakeRefusal(status: 400, code: "BadRequest", message: message)
    }

    static let notFound = PlannerFakeRefusal(status: 404, code: "NotFound", message: "The requested item is not found.")

    func response(requestId: Int, now: Date) -> PlannerFakeResponse {
        var inner = JSONObject()
        inner.insert(.string(RFC3339.wholeSecondString(from: now)), forKey: "date")
        let digits = String(requestId)
        let requestIdText =
            "00000000-0000-4000-8000-" + String(repeating: "0", count: max(0, 12 - digits.count)) + digits
        inner.insert(.string(requestIdText), forKey: "request-id")
        var error = JSONObject()
        error.insert(.string(code), forKey: "code")
        error.insert(.string(message), forKey: "message")
        error.insert(.object(inner), forKey: "innerError")
        var body = JSONObject()
        body.insert(.object(error), forKey: "error")
        var fields = self.fields
        fields[.contentType] = "application/json"
        return PlannerFakeResponse(status: status, fields: fields, body: .object(body))
    }
}

/// Checks of request bodies, as Graph makes them (planner-api.md §3–§5 and the request profiles
/// of graph-planner.schema.json).
enum PlannerFakeRules {
    typealias Refusal = PlannerFakeRefusal

    /// The body as a JSON object.
    static func object(_ body: [UInt8]) throws(Refusal) -> JSONObject {
        let value: JSONValue
        do {
            value = try StrictJSONParser().parse(body)
        } catch {
            throw .badRequest("Invalid request body was sent: \(error.reasonDescription)")
        }
        guard case .object(let object) = value else { throw .badRequest("The request body must be a JSON object.") }
        return object
    }

    /// Refuses members that are read-only or unknown on `type`; OData annotations (`@…`) pass.
    static func checkMembers(_ object: JSONObject, allowed: Set<String>, readOnly: Set<String>, type: String)
        throws(Refusal)
    {
        for key in object.keys where !key.hasPrefix("@") {
            if readOnly.contains(key) {
                throw .badRequest("The property '\(key)' is read-only and cannot be set in this request.")
            }
            guard allowed.contains(key) else {
                throw .badRequest(
                    "The property '\(key)' does not exist on type 'microsoft.graph.\(type)'. Make sure to only use property names that are defined by the type or mark the type as open type."
                )
            }
        }
    }

    static func string(_ value: JSONValue, _ name: String) throws(Refusal) -> String {
        guard case .string(let text) = value else {
            throw .badRequest("Cannot convert the value of '\(name)' to the expected type 'Edm.String'.")
        }
        return text
    }

    static func bool(_ value: JSONValue, _ name: String) throws(Refusal) -> Bool {
        guard case .bool(let flag) = value else {
            throw .badRequest("Cannot convert the value of '\(name)' to the expected type 'Edm.Boolean'.")
        }
        return flag
    }

    static func int(_ value: JSONValue, _ name: String, in range: ClosedRange<Int>) throws(Refusal) -> Int {
        guard case .number(let literal) = value, let number = Int(literal) else {
            throw .badRequest("Cannot convert the value of '\(name)' to the expected type 'Edm.Int32'.")
        }
        guard range.contains(number) else {
            throw .badRequest("The value of '\(name)' must be within \(range.lowerBound)-\(range.upperBound).")
        }
        return number
    }

    /// A DateTimeOffset, or `nil` for `null`.
    static func date(_ value: JSONValue, _ name: String) throws(Refusal) -> Date? {
        if value == .null { return nil }
        let text = try string(value, name)
        do {
            return try RFC3339.parse(text)
        } catch {
            throw .badRequest("Cannot convert the value of '\(name)' to the expected type 'Edm.DateTimeOffset'.")
        }
    }

    /// An order hint: printable ASCII (32–126).
    static func orderHint(_ value: JSONValue, _ name: String) throws(Refusal) -> String {
        let text = try string(value, name)
        guard text.utf8.allSatisfy({ $0 >= 0x20 && $0 <= 0x7E }) else {
            throw .badRequest("The order hint '\(name)' has characters outside the printable ASCII range.")
        }
        return text
    }

    /// The `@odata.type` of a complex value in an open type: required, naming `typeName`
    /// (with or without `#`).
    static func checkODataType(_ object: JSONObject, typeNames: [String], property: String) throws(Refusal) {
        guard let value = object["@odata.type"] else {
            throw .badRequest("The complex value of the open-type property '\(property)' must declare its @odata.type.")
        }
        let text = try string(value, "@odata.type")
        let bare = text.hasPrefix("#") ? String(text.dropFirst()) : text
        guard typeNames.contains(bare) else {
            throw .badRequest("A type named '\(text)' could not be resolved by the model for '\(property)'.")
        }
    }

    /// The complex types of Planner's open-type dictionaries.
    enum OpenTypeValue {
        case assignment, checklistItem, reference

        /// The property holding the dictionary.
        var property: String {
            switch self {
            case .assignment: return "assignments"
            case .checklistItem: return "checklist"
            case .reference: return "references"
            }
        }
        /// The `@odata.type` names accepted for a value (planner-api.md §3, §4).
        var typeNames: [String] {
            switch self {
            case .assignment: return ["microsoft.graph.plannerAssignment"]
            case .checklistItem: return ["microsoft.graph.plannerChecklistItem"]
            case .reference: return ["microsoft.graph.plannerExternalReference", "microsoft.graph.externalReference"]
            }
        }
        /// The value type's writable members, its read-only ones, and its name.
        var members: (allowed: Set<String>, readOnly: Set<String>, type: String) {
            switch self {
            case .assignment: return (["orderHint"], ["assignedBy", "assignedDateTime"], "plannerAssignment")
            case .checklistItem:
                return (
                    ["title", "isChecked", "orderHint"], ["lastModifiedBy", "lastModifiedDateTime"],
                    "plannerChecklistItem"
                )
            case .reference:
                return (
                    ["alias", "type", "previewPriority"], ["lastModifiedBy", "lastModifiedDateTime"],
                    "plannerExternalReference"
                )
            }
        }
    }

    /// The members of an open-type dictionary (`assignments`, `checklist`, `references`): each
    /// key checked with `isValidKey`, `nil` for a `null` member (a removal), else the value
    /// object with its `@odata.type` and members checked.
    static func openTypeMembers(
        _ value: JSONValue, kind: OpenTypeValue, isValidKey: (String) -> Bool, keyProblem: String
    ) throws(Refusal) -> [(key: String, value: JSONObject?)] {
        guard case .object(let dictionary) = value else { throw .badRequest("'\(kind.property)' must be an object.") }
        var members: [(key: String, value: JSONObject?)] = []
        for key in dictionary.keys where !key.hasPrefix("@") {
            guard isValidKey(key) else { throw .badRequest("The key '\(key)' of '\(kind.property)' \(keyProblem).") }
            guard let entry = dictionary[key], entry != .null else {
                members.append((key, nil))
                continue
            }
            guard case .object(let object) = entry else {
                throw .badRequest("The value of '\(key)' must be an object.")
            }
            try checkODataType(object, typeNames: kind.typeNames, property: key)
            let rules = kind.members
            try checkMembers(object, allowed: rules.allowed, readOnly: rules.readOnly, type: rules.type)
            members.append((key, object))
        }
        return members
    }

    /// Lowercase or uppercase 8-4-4-4-12 hexadecimal text.
    static func isGUID(_ text: String) -> Bool {
        let groups = text.split(separator: "-", omittingEmptySubsequences: false)
        return groups.map(\.utf8.count) == [8, 4, 4, 4, 12]
            && groups.allSatisfy { $0.utf8.allSatisfy(\.isPlannerFakeHexDigit) }
    }

    /// A reference property name: `http(s)%3A//…` with `.` `:` `@` `#` `%` percent-encoded
    /// (plannerexternalreferences.md).
    static func isEncodedReferenceURL(_ key: String) -> Bool {
        let lower = key.lowercased()
        let scheme = lower.hasPrefix("https%3a//") ? 10 : lower.hasPrefix("http%3a//") ? 9 : 0
        let bytes = Array(key.utf8)
        guard scheme > 0, bytes.count > scheme else { return false }
        var index = scheme
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "."), UInt8(ascii: ":"), UInt8(ascii: "@"), UInt8(ascii: "#"):
                return false
            case UInt8(ascii: "%"):
                guard index + 2 < bytes.count, bytes[index + 1].isPlannerFakeHexDigit,
                    bytes[index + 2].isPlannerFakeHexDigit
                else { return false }
                index += 3
            default:
                index += 1
            }
        }
        return true
    }
}

extension UInt8 {
    fileprivate var isPlannerFakeHexDigit: Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(self)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(self)
    }
}
