import SitegenCore
import Yams

/// Decodes and checks front matter YAML against the help-center schema.
public enum FrontMatterParser {
    /// Largest front matter accepted, in bytes: help-center front matter is a dozen short lines.
    public static let maximumBytes = 64 * 1024
    /// Largest number of values the YAML may expand to; bounds alias expansion ("billion laughs").
    public static let maximumValues = 10_000

    /// Keys the schema knows; every other key passes through to templates.
    public static let knownKeys: Set<String> = [
        "title", "permalink", "type", "created_date", "last_modified_date", "audit_date",
        "created_by", "last_modified_by", "product", "product_url",
    ]

    /// Parses `yaml` (which starts on `firstLine` of `file`) and returns the front matter, or nil when it cannot
    /// be used (invalid YAML, no title), together with every problem found.
    public static func parse(yaml: String, firstLine: Int, file: String) -> (FrontMatter?, [Diagnostic]) {
        parse(yaml: yaml, firstLine: firstLine, file: file, simpleLines: true)
    }

    /// `simpleLines: false` always uses Yams (tests compare both readers).
    static func parse(yaml: String, firstLine: Int, file: String, simpleLines: Bool) -> (FrontMatter?, [Diagnostic]) {
        let fenceLocation = SourceLocation(file: file, line: 1, column: 1)
        var diagnostics: [Diagnostic] = []

        guard yaml.utf8.count <= maximumBytes else {
            return (nil, [.error(fenceLocation, rule: "front-matter-too-large",
                                 "front matter is \(yaml.utf8.count) bytes; the limit is \(maximumBytes)")])
        }
        var entries: [FrontMatterEntry] = []
        if simpleLines, let simple = SimpleFrontMatter.entries(yaml) {
            // Its keys are unique: it leaves duplicates to Yams.
            entries.reserveCapacity(simple.count)
            for entry in simple {
                entries.append(FrontMatterEntry(key: entry.key, value: entry.value, line: firstLine + entry.line,
                                                column: entry.column))
            }
        } else {
            let position = YAMLPosition(yaml: yaml, firstLine: firstLine, file: file)
            let root: Node?
            do {
                // UTF-8 explicitly: the default encoding reads the process environment on every call.
                // The basic resolver: sitegen reads every scalar as the text written (dates, numbers and null are
                // judged by the schema below), and the default resolver matches each plain scalar against Yams'
                // regular expressions, which Yams' duplicate-key check repeats while hashing every key: that was
                // about half of the front-matter time in the profile of a 10,000-article build.
                root = try Yams.compose(yaml: yaml, .basic, .default, .utf8)
            } catch {
                let (location, message) = position.describe(error)
                let rule = message.hasPrefix("duplicate key") ? "front-matter-duplicate-key" : "front-matter-invalid-yaml"
                return (nil, [.error(location, rule: rule, message)])
            }
            guard let root else {
                return (nil, [.error(fenceLocation, rule: "front-matter-missing-title",
                                     "front matter is empty; add 'title: ...'")])
            }
            guard let mapping = root.mapping else {
                return (nil, [.error(position.location(root.mark), rule: "front-matter-not-a-mapping",
                                     "front matter must be a mapping of 'key: value' lines")])
            }
            var budget = maximumValues
            for (keyNode, valueNode) in mapping {
                guard let key = keyNode.scalar?.string else {
                    diagnostics.append(.error(position.location(keyNode.mark), rule: "front-matter-invalid-value",
                                              "front matter keys must be plain words"))
                    continue
                }
                guard let value = convert(valueNode, budget: &budget) else {
                    return (nil, [.error(position.location(valueNode.mark), rule: "front-matter-too-large",
                                         "front matter expands to more than \(maximumValues) values (YAML aliases?)")])
                }
                // Keys that Yams' duplicate check lets through as different nodes (`a` and `"a"`): the last one wins,
                // as in a dictionary.
                let location = position.location(valueNode.mark)
                let entry = FrontMatterEntry(key: key, value: value, line: location.line, column: location.column)
                if let earlier = entries.firstIndex(where: { $0.key == key }) { entries[earlier] = entry } else { entries.append(entry) }
            }
        }

        let parsed = FrontMatter(title: "", entries: entries, file: file)
        let fields = parsed.fields, locations = parsed.locations
        func text(_ key: String) -> String? {
            guard let value = fields[key] else { return nil }
            switch value {
            case .null: return nil
            case .string(let text): return text.isEmpty ? nil : text
            case .list, .map:
                diagnostics.append(.error(locations[key]!, rule: "front-matter-invalid-value",
                                          "'\(key)' must be a single value, not a list or mapping"))
                return nil
            }
        }

        let title = text("title")?.trimmingWhitespace
        var frontMatter = parsed
        frontMatter.title = title ?? ""
        frontMatter.type = text("type")
        frontMatter.createdBy = text("created_by")
        frontMatter.lastModifiedBy = text("last_modified_by")
        frontMatter.product = text("product")
        frontMatter.productURL = text("product_url")
        frontMatter.createdDate = date("created_date", text("created_date"), locations, &diagnostics)
        frontMatter.lastModifiedDate = date("last_modified_date", text("last_modified_date"), locations, &diagnostics)
        frontMatter.auditDate = date("audit_date", text("audit_date"), locations, &diagnostics)

        if let permalink = text("permalink") {
            if let problem = PermalinkRules.problem(in: permalink) {
                diagnostics.append(.error(locations["permalink"]!, rule: "front-matter-invalid-permalink",
                                          "permalink '\(permalink)' \(problem)"))
            } else {
                frontMatter.permalink = permalink
            }
        }

        guard let title, !title.isEmpty else {
            let location = locations["title"] ?? fenceLocation
            diagnostics.append(.error(location, rule: "front-matter-missing-title",
                                      fields["title"] == nil ? "front matter has no 'title'" : "'title' is empty"))
            return (nil, diagnostics)
        }
        return (frontMatter, diagnostics)
    }

    /// Validates an ISO date; an invalid one is a warning (the page is still built, without that date).
    private static func date(_ key: String, _ value: String?, _ locations: FrontMatterLocations,
                             _ diagnostics: inout [Diagnostic]) -> String? {
        guard let value else { return nil }
        if ISODate.isValid(value) { return value }
        let fix = ISODate.normalized(value)
        diagnostics.append(.warning(locations[key]!, rule: "front-matter-invalid-date",
                                    "'\(key)' is '\(value)', not a date in the form YYYY-MM-DD"
                                        + (fix.map { "; did you mean '\($0)'?" } ?? ""),
                                    fixIt: fix))
        return nil
    }

    /// Converts a YAML node into a template value, spending one unit of `budget` per node; nil when it runs out.
    private static func convert(_ node: Node, budget: inout Int) -> FrontMatterValue? {
        budget -= 1
        guard budget >= 0 else { return nil }
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain, ["", "~", "null", "Null", "NULL"].contains(scalar.string) { return .null }
            return .string(scalar.string)
        case .sequence(let sequence):
            var items: [FrontMatterValue] = []
            for item in sequence {
                guard let value = convert(item, budget: &budget) else { return nil }
                items.append(value)
            }
            return .list(items)
        case .mapping(let mapping):
            var entries: [String: FrontMatterValue] = [:]
            for (key, value) in mapping {
                guard let converted = convert(value, budget: &budget) else { return nil }
                entries[key.string ?? ""] = converted
            }
            return .map(entries)
        case .alias:
            return .null
        }
    }
}

extension String {
    var trimmingWhitespace: String {
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view = view.dropFirst() }
        while let last = view.last, last.isWhitespace { view = view.dropLast() }
        return String(view)
    }
}
