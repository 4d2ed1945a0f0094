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
    /// Archetype name → the `path-outside-site` error of a file in `archetypes/` that was not read (a link that
    /// leads outside the site); such a name is not in `templates`, and a built-in one of that name is not used.
    public let refused: [String: Diagnostic]

    static let builtIn: [String: String] = [
        "task": String(decoding: PackageResources.task_md, as: UTF8.self),
        "concept": String(decoding: PackageResources.concept_md, as: UTF8.self),
        "troubleshooting": String(decoding: PackageResources.troubleshooting_md, as: UTF8.self),
    ]

    /// The built-in archetypes and those in `<templatesFolder>/archetypes/` (read only inside `boundary`; shown
    /// under `displayFolder`).
    public static func load(templatesFolder: String, displayFolder: String = "templates", boundary: SiteBoundary) -> Archetypes {
        var templates = builtIn
        var refused: [String: Diagnostic] = [:]
        let walk = SiteFolderWalk(root: templatesFolder + "/archetypes", boundary: boundary)
        let entries = (try? walk.top()).flatMap { try? walk.entries(of: $0) } ?? []
        func refuse(_ name: String, _ refusal: SiteBoundary.Refusal, subject: String) {
            let location = SourceLocation(file: displayFolder + "/archetypes/" + name)
            guard let diagnostic = boundary.diagnostic(for: refusal, at: location, subject: subject) else { return }
            // Not the built-in of the same name either: the site meant its own, and `sitegen new` says why it stops.
            templates[String(name.dropLast(3))] = nil
            refused[String(name.dropLast(3))] = diagnostic
        }
        for entry in entries {
            switch entry {
            case .file(let name, let path) where name.hasSuffix(".md"):
                do {
                    if let text = String(validating: try boundary.read(path), as: UTF8.self) {
                        templates[String(name.dropLast(3))] = text
                    }
                } catch {
                    refuse(name, error, subject: "this file")
                }
            case .refused(let name, let refusal) where name.hasSuffix(".md"):
                refuse(name, refusal, subject: "this symbolic link")
            default:
                continue
            }
        }
        return Archetypes(templates: templates, refused: refused)
    }

    /// The body for an article of type `name`, or nil when there is no such archetype. Values are not
    /// HTML-escaped: the result is Markdown.
    public func render(_ name: String, values: [String: String]) throws -> String? {
        guard let text = templates[name] else { return nil }
        if let deep = TemplateTags.firstTooDeep(TemplateTags.scan(text), limit: Theme.maximumSectionDepth) {
            throw TooDeep(line: deep.line, column: deep.column)
        }
        let template = try onThread(stackSize: TemplateParsing.stackSize) {
            Result { try MustacheTemplate(string: "{{%CONTENT_TYPE:TEXT}}" + text) }
        }.get()
        return template.render(values)
    }

    /// An article template whose sections nest past `Theme.maximumSectionDepth`.
    public struct TooDeep: Error, CustomStringConvertible {
        public let line: Int
        public let column: Int
        public var description: String {
            "sections are nested more than \(Theme.maximumSectionDepth) deep at line \(line), column \(column)"
        }
    }
}
