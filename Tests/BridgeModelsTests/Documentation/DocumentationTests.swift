import BridgeModels
import Foundation
import Testing

/// The ```json blocks of a Markdown file.
func jsonBlocks(inMarkdown path: String) throws -> [String] {
    let text = try String(contentsOf: repositoryRoot.appendingPathComponent(path), encoding: .utf8)
    var blocks: [String] = []
    var current: [Substring]?
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
        if current == nil, line.trimmingCharacters(in: .whitespaces) == "```json" {
            current = []
        } else if current != nil, line.trimmingCharacters(in: .whitespaces) == "```" {
            blocks.append(current!.joined(separator: "\n"))
            current = nil
        } else {
            current?.append(line)
        }
    }
    return blocks
}

@Suite struct DocumentationExamplesTests {
    @Test func everyEventExampleInTheGuideDecodes() throws {
        let blocks = try jsonBlocks(inMarkdown: "Documentation/CommunityEvents.md").filter { $0.contains("\"occurredAt\"") }
        let events = try blocks.map { try CommunityEventDecoder().decode($0) }
        #expect(Set(events.map(\.type)) == Set(CommunityEventType.allCases))
        #expect(events.count == CommunityEventType.allCases.count)
        // The guide shows exactly the shipped example file.
        let shipped = try exampleEventLines().map { try CommunityEventDecoder().decode($0) }
        #expect(events == shipped)
    }

    @Test func filesTheGuideNamesExist() throws {
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("Documentation/CommunityEvents.md"), encoding: .utf8)
        let regex = try NSRegularExpression(pattern: "`((?:Tests|Sources|Examples)/[^`]+)`")
        let paths = regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            Range(match.range(at: 1), in: text).map { String(text[$0]) }
        }
        #expect(!paths.isEmpty)
        for path in paths {
            #expect(FileManager.default.fileExists(atPath: repositoryRoot.appendingPathComponent(path).path), "\(path)")
        }
    }

    @Test func thePostExampleInTheGuideDecodesWithItsDeterministicID() throws {
        let block = try #require(try jsonBlocks(inMarkdown: "Documentation/CommunityEvents.md").first { $0.contains("\"partnerId\"") })
        let post = try StrictJSONDecoder().decode(PartnerPost.self, from: block)
        let rebuilt = PartnerPost(
            partnerId: post.partnerId, threadId: post.threadId, caseId: post.caseId, kind: post.kind, status: post.status,
            text: post.text, documents: post.documents, cause: post.cause)
        #expect(rebuilt.id == post.id)
    }
}

/// Walks the community event JSON Schema the way a validator would, far enough to answer
/// "is this member required here?".
struct SchemaNavigator {
    let root: [String: Any]

    init() throws {
        let data = try Data(contentsOf: repositoryRoot.appendingPathComponent("Documentation/schemas/community-event.schema.json"))
        root = try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    var definitions: [String: Any] { root["$defs"] as? [String: Any] ?? [:] }

    /// Follows `$ref` and merges `allOf` members (properties, required, dependentRequired).
    func resolve(_ node: [String: Any]) -> [String: Any] {
        var merged = node
        if let ref = node["$ref"] as? String, let name = ref.split(separator: "/").last,
            let target = definitions[String(name)] as? [String: Any]
        {
            merged = merge(resolve(target), node.filter { $0.key != "$ref" })
        }
        if let parts = node["allOf"] as? [[String: Any]] {
            for part in parts { merged = merge(merged, resolve(part)) }
        }
        return merged
    }

    private func merge(_ a: [String: Any], _ b: [String: Any]) -> [String: Any] {
        var out = a
        for (key, value) in b {
            switch key {
            case "properties":
                var properties = out["properties"] as? [String: Any] ?? [:]
                for (name, schema) in value as? [String: Any] ?? [:] where properties[name] == nil { properties[name] = schema }
                out["properties"] = properties
            case "required":
                out["required"] = (out["required"] as? [String] ?? []) + (value as? [String] ?? [])
            case "dependentRequired":
                var dependent = out["dependentRequired"] as? [String: [String]] ?? [:]
                for (name, list) in value as? [String: [String]] ?? [:] { dependent[name, default: []] += list }
                out["dependentRequired"] = dependent
            default:
                if out[key] == nil { out[key] = value }
            }
        }
        return out
    }

    /// The event definition whose `type` const is `type`.
    func eventSchema(type: String) -> [String: Any]? {
        for case let option as [String: Any] in root["oneOf"] as? [Any] ?? [] {
            let resolved = resolve(option)
            let properties = resolved["properties"] as? [String: Any] ?? [:]
            if let typeSchema = properties["type"] as? [String: Any], typeSchema["const"] as? String == type {
                return resolved
            }
        }
        return nil
    }

    func property(_ name: String, of node: [String: Any]) -> [String: Any]? {
        (node["properties"] as? [String: Any])?[name].flatMap { $0 as? [String: Any] }.map(resolve)
    }

    func items(of node: [String: Any]) -> [String: Any]? {
        (node["items"] as? [String: Any]).map(resolve)
    }

    /// Whether `name` must be present in an object validated by `node` whose other members are
    /// `siblings`.
    func isRequired(_ name: String, in node: [String: Any], siblings: [String: Any]) -> Bool {
        if (node["required"] as? [String] ?? []).contains(name) { return true }
        let dependent = node["dependentRequired"] as? [String: [String]] ?? [:]
        return dependent.contains { trigger, needed in siblings[trigger] != nil && needed.contains(name) }
    }
}

@Suite struct SchemaAgreementTests {
    @Test func theSchemaListsExactlyTheEventTypes() throws {
        let navigator = try SchemaNavigator()
        for type in CommunityEventType.allCases {
            #expect(navigator.eventSchema(type: type.rawValue) != nil, "\(type)")
        }
        #expect((navigator.root["oneOf"] as? [Any])?.count == CommunityEventType.allCases.count)
    }

    /// Removes every member of every object of every example in turn: the decoder must refuse
    /// the event with `missing` at exactly that path if and only if the schema requires it.
    @Test(arguments: try exampleEventLines())
    func requiredFieldsAgree(_ line: String) throws {
        let navigator = try SchemaNavigator()
        let event = try jsonObject(line)
        let type = try #require(event["type"] as? String)
        let schema = try #require(navigator.eventSchema(type: type))
        var checked = 0
        func visit(_ value: Any, schema: [String: Any], path: [JSONPath.Component]) throws {
            if let object = value as? [String: Any] {
                for key in object.keys.sorted() {
                    let memberPath = path + [.key(key)]
                    let required = navigator.isRequired(key, in: schema, siblings: object.filter { $0.key != key })
                    let edited = try removing(memberPath, from: event)
                    checked += 1
                    let text = try jsonText(edited)
                    do throws(InputError) {
                        _ = try CommunityEventDecoder().decode(text)
                        #expect(!required, "schema requires \(JSONPath(memberPath)) but the decoder accepts its absence")
                    } catch {
                        #expect(required, "decoder refuses absent \(JSONPath(memberPath)) (\(error)) but the schema does not require it")
                        if required {
                            #expect(error.path == JSONPath(memberPath) && error.reason == .missing, "\(error)")
                        }
                    }
                    if key != "type", let child = navigator.property(key, of: schema) {
                        try visit(object[key]!, schema: child, path: memberPath)
                    }
                }
            } else if let array = value as? [Any], let itemSchema = navigator.items(of: schema) {
                for (index, element) in array.enumerated() {
                    try visit(element, schema: itemSchema, path: path + [.index(index)])
                }
            }
        }
        try visit(event, schema: schema, path: [])
        #expect(checked >= 5)
    }

    func removing(_ path: [JSONPath.Component], from value: Any) throws -> Any {
        guard let first = path.first else { return value }
        let rest = Array(path.dropFirst())
        switch first {
        case .key(let key):
            var object = try #require(value as? [String: Any])
            if rest.isEmpty {
                object.removeValue(forKey: key)
            } else {
                object[key] = try removing(rest, from: try #require(object[key]))
            }
            return object
        case .index(let index):
            var array = try #require(value as? [Any])
            array[index] = try removing(rest, from: array[index])
            return array
        }
    }
}
