import Foundation
import Mustache
public import SitegenCore

/// Article templates for `sitegen new`: the body written after the front matter, per article type. The theme
/// ships `task`, `concept` and `troubleshooting`; a site adds or replaces them in `templates/archetypes/<name>.md`.
/// They are Mustache templates with `title`, `lowercase_title`, `product`, `product_url`, `product_page`, `slug`,
/// `date` and `author`.
public struct Archetypes: Sendable {
    /// Archetype name → template text.
    public let templates: [String: String]

    static let builtIn: [String: String] = [
        "task": String(decoding: PackageResources.task_md, as: UTF8.self),
        "concept": String(decoding: PackageResources.concept_md, as: UTF8.self),
        "troubleshooting": String(decoding: PackageResources.troubleshooting_md, as: UTF8.self),
    ]

    /// The built-in archetypes and those in `<templatesFolder>/archetypes/` (read only inside `boundary`).
    public static func load(templatesFolder: String, boundary: SiteBoundary) -> Archetypes {
        var templates = builtIn
        let walk = SiteFolderWalk(root: templatesFolder + "/archetypes", boundary: boundary)
        let entries = (try? walk.top()).flatMap { try? walk.entries(of: $0) } ?? []
        for case .file(let name, let path) in entries where name.hasSuffix(".md") {
            if let bytes = try? boundary.read(path), let text = String(validating: bytes, as: UTF8.self) {
                templates[String(name.dropLast(3))] = text
            }
        }
        return Archetypes(templates: templates)
    }

    /// The body for an article of type `name`, or nil when there is no such archetype. Values are not
    /// HTML-escaped: the result is Markdown.
    public func render(_ name: String, values: [String: String]) throws -> String? {
        guard let text = templates[name] else { return nil }
        let template = try MustacheTemplate(string: "{{%CONTENT_TYPE:TEXT}}" + text)
        return template.render(values)
    }
}
