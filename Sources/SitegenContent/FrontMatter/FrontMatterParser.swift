public import SitegenCore
import Yams

/// Front matter as read, with the problems found; see `FrontMatterParser.parse`.
public struct FrontMatterReading: Sendable {
    /// The front matter, or as much of it as could be recovered.
    public var frontMatter: FrontMatter
    public var diagnostics: [Diagnostic]
    /// True when the YAML could not be read as written (or had no title to read): the values come from the
    /// line-by-line reading, and the checks that judge them were skipped, since their findings would follow from
    /// the error already reported.
    public var isSalvaged: Bool
}

/// Decodes and checks front matter YAML against the help-center schema.
public enum FrontMatterParser {
    /// Largest front matter accepted, in bytes: help-center front matter is a dozen short lines.
    public static let maximumBytes = 64 * 1024
    /// Largest number of values the YAML may expand to; bounds alias expansion ("billion laughs").
    public static let maximumValues = 10_000

    /// Keys the schema knows; every other key passes through to templates.
    public static let knownKeys: Set<String> = [
        "title", "permalink", "type", "created_date", "last_modified_date", "audit_date",
        "created_by", "last_modified_by", "product", "product_url", "redirect_from", "aliases", "redirect_to",
    ]

    /// Keys that list a page's old URLs: jekyll-redirect-from's and Hugo's.
    public static let redirectSourceKeys = ["redirect_from", "aliases"]

    /// Parses `yaml` (which starts on `firstLine` of `file`) into front matter and every problem found.
    ///
    /// There is always a result: when the YAML cannot be read, or lacks a title, the front matter is what could be
    /// recovered (`isSalvaged`), so that the page keeps its best-effort route and its body is still checked; the
    /// error is reported once, and nothing that follows from it is.
    public static func parse(yaml: String, firstLine: Int, file: String) -> FrontMatterReading {
        parse(yaml: yaml, firstLine: firstLine, file: file, simpleLines: true)
    }

    /// `error`, and the front matter read line by line from YAML that cannot be read as a whole.
    public static func salvage(yaml: String, firstLine: Int, file: String, error: Diagnostic) -> FrontMatterReading {
        let entries = FrontMatterSalvage.entries(yaml, firstLine: firstLine)
        return FrontMatterReading(frontMatter: schema(entries, file: file, strict: false, itemLocations: [:]).frontMatter,
                                  diagnostics: [error], isSalvaged: true)
    }

    /// `simpleLines: false` always uses Yams (tests compare both readers).
    static func parse(yaml: String, firstLine: Int, file: String, simpleLines: Bool) -> FrontMatterReading {
        let fenceLocation = SourceLocation(file: file, line: 1, column: 1)
        func salvaged(_ error: Diagnostic) -> FrontMatterReading {
            salvage(yaml: yaml, firstLine: firstLine, file: file, error: error)
        }

        guard yaml.utf8.count <= maximumBytes else {
            return salvaged(.error(fenceLocation, rule: "front-matter-too-large",
                                   "front matter is \(yaml.utf8.count) bytes; the limit is \(maximumBytes)"))
        }
        var entries: [FrontMatterEntry] = []
        var diagnostics: [Diagnostic] = []
        /// Where each item of a `redirect_from` or `aliases` list is, so that a finding points at its line.
        var itemLocations: [String: [SourceLocation]] = [:]
        if simpleLines, let simple = SimpleFrontMatter.entries(yaml) {
            // Its keys are unique: it leaves duplicates to Yams.
            entries.reserveCapacity(simple.count)
            for entry in simple {
                entries.append(FrontMatterEntry(key: entry.key, value: entry.value, line: firstLine + entry.line,
                                                column: entry.column))
            }
        } else {
            let position = YAMLPosition(yaml: yaml, firstLine: firstLine, file: file)
            if let refusal = position.aliasRefusal(rule: "front-matter-too-large", limit: maximumValues,
                                                   what: "front matter") {
                return salvaged(refusal)
            }
            var root: Node?
            do {
                root = try compose(yaml)
            } catch {
                // Duplicate top-level keys: YAML readers that allow them (Jekyll's) keep the last value. Read it so,
                // with an error at each repeated key; any other problem leaves only the line-by-line reading.
                guard case YamlError.duplicatedKeysInMapping = error,
                      let deduplicated = FrontMatterSalvage.keepingLastOfDuplicates(yaml),
                      let reread = try? compose(deduplicated.yaml) else {
                    let (location, message) = position.describe(error)
                    let rule = message.hasPrefix("duplicate key") ? "front-matter-duplicate-key" : "front-matter-invalid-yaml"
                    return salvaged(.error(location, rule: rule, message))
                }
                root = reread
                for (line, previous) in deduplicated.repeats {
                    diagnostics.append(.error(SourceLocation(file: file, line: firstLine + line.line, column: line.keyColumn),
                                              rule: "front-matter-duplicate-key",
                                              "duplicate key '\(line.key)' in front matter (also on line \(firstLine + previous.line)); "
                                                  + "the last value is used",
                                              fixIt: "remove one of the two '\(line.key)' lines"))
                }
            }
            guard let root else {
                return FrontMatterReading(frontMatter: FrontMatter(title: "", file: file),
                                          diagnostics: [.error(fenceLocation, rule: "front-matter-missing-title",
                                                               "front matter is empty; add 'title: ...'")],
                                          isSalvaged: true)
            }
            guard let mapping = root.mapping else {
                return salvaged(.error(position.location(root.mark), rule: "front-matter-not-a-mapping",
                                       "front matter must be a mapping of 'key: value' lines"))
            }
            var budget = maximumValues
            var entryIndex: [String: Int] = [:]
            for (keyNode, valueNode) in mapping {
                guard let key = keyNode.scalar?.string else {
                    diagnostics.append(.error(position.location(keyNode.mark), rule: "front-matter-invalid-value",
                                              "front matter keys must be plain words"))
                    continue
                }
                guard let value = convert(valueNode, budget: &budget) else {
                    return salvaged(.error(position.location(valueNode.mark), rule: "front-matter-too-large",
                                           "front matter expands to more than \(maximumValues) values (YAML aliases?)"))
                }
                // Keys that Yams' duplicate check lets through as different nodes (`a` and `"a"`): the last one wins,
                // as in a dictionary.
                let location = position.location(valueNode.mark)
                if redirectSourceKeys.contains(key), let items = valueNode.sequence {
                    itemLocations[key] = items.map { position.location($0.mark) }
                }
                let entry = FrontMatterEntry(key: key, value: value, line: location.line, column: location.column)
                if let earlier = entryIndex[key] { entries[earlier] = entry } else {
                    entryIndex[key] = entries.count
                    entries.append(entry)
                }
            }
        }
        var checked = schema(entries, file: file, strict: true, itemLocations: itemLocations)
        checked.diagnostics = diagnostics + checked.diagnostics
        return checked
    }

    /// UTF-8 explicitly: the default encoding reads the process environment on every call.
    /// The basic resolver: sitegen reads every scalar as the text written (dates, numbers and null are judged by
    /// the schema), and the default resolver matches each plain scalar against Yams' regular expressions, which
    /// Yams' duplicate-key check repeats while hashing every key: much of the front-matter time.
    private static func compose(_ yaml: String) throws -> Node? {
        try Yams.compose(yaml: yaml, .basic, .default, .utf8)
    }

    /// The schema's fields from `entries`. `strict: false` (salvaged front matter, whose error is already
    /// reported) drops what does not fit without a word: a second finding would only follow from the first.
    private static func schema(_ entries: [FrontMatterEntry], file: String, strict: Bool,
                               itemLocations: [String: [SourceLocation]]) -> FrontMatterReading {
        var diagnostics: [Diagnostic] = []
        let parsed = FrontMatter(title: "", entries: entries, file: file)
        let fields = parsed.fields, locations = parsed.locations
        func text(_ key: String) -> String? {
            guard let value = fields[key] else { return nil }
            switch value {
            case .null: return nil
            case .string(let text): return text.isEmpty ? nil : text
            case .list, .map:
                if strict {
                    diagnostics.append(.error(locations[key]!, rule: "front-matter-invalid-value",
                                              "'\(key)' must be a single value, not a list or mapping"))
                }
                return nil
            }
        }
        func date(_ key: String) -> String? {
            guard let value = text(key) else { return nil }
            if ISODate.isValid(value) {
                guard let year = ISODate.year(value), !ISODate.plausibleYears.contains(year) else { return value }
                if strict {
                    diagnostics.append(.warning(locations[key]!, rule: "front-matter-invalid-date",
                                                "'\(key)' is '\(value)', a date no article was written on (years "
                                                    + "\(ISODate.plausibleYears.lowerBound)–\(ISODate.plausibleYears.upperBound)); it is ignored"))
                }
                return nil
            }
            if strict { diagnostics.append(invalidDate(key, value, locations[key]!)) }
            return nil
        }

        let title = text("title")?.trimmingWhitespace
        var frontMatter = parsed
        frontMatter.title = title ?? ""
        frontMatter.type = text("type")
        frontMatter.createdBy = text("created_by")
        frontMatter.lastModifiedBy = text("last_modified_by")
        frontMatter.product = text("product")
        frontMatter.productURL = text("product_url")
        frontMatter.createdDate = date("created_date")
        frontMatter.lastModifiedDate = date("last_modified_date")
        frontMatter.auditDate = date("audit_date")

        if let permalink = text("permalink") {
            if let problem = PermalinkRules.problem(in: permalink) {
                if strict {
                    diagnostics.append(.error(locations["permalink"]!, rule: "front-matter-invalid-permalink",
                                              "permalink '\(permalink)' \(problem)"))
                }
            } else {
                frontMatter.permalink = permalink
                if strict, permalink.containsBytes(of: "//") {
                    let single = URLMapper.collapsingSlashes(permalink)
                    diagnostics.append(.warning(locations["permalink"]!, rule: "front-matter-url-spelling",
                                                "permalink '\(permalink)' repeats a '/'; it is read as '\(single)'",
                                                fixIt: "write 'permalink: \(single)'"))
                }
            }
        }

        redirects(fields: fields, locations: locations, itemLocations: itemLocations, strict: strict,
                  into: &frontMatter, diagnostics: &diagnostics)

        // A title that is a list or mapping has its own error above. A page that only redirects needs none.
        if strict, title?.isEmpty ?? true, !isCollection(fields["title"]), frontMatter.redirectTo == nil {
            let location = locations["title"] ?? SourceLocation(file: file, line: 1, column: 1)
            diagnostics.append(.error(location, rule: "front-matter-missing-title",
                                      fields["title"] == nil ? "front matter has no 'title'" : "'title' is empty"))
        }
        return FrontMatterReading(frontMatter: frontMatter, diagnostics: diagnostics, isSalvaged: false)
    }

    /// `redirect_from` and `aliases` (a path or a list of paths) and `redirect_to` (a path or an http(s) URL).
    /// Where each entry leads is decided with the site's other URLs (`Redirects` in the build); here only its shape.
    private static func redirects(fields: FrontMatterFields, locations: FrontMatterLocations,
                                  itemLocations: [String: [SourceLocation]], strict: Bool, into frontMatter: inout FrontMatter,
                                  diagnostics: inout [Diagnostic]) {
        func invalid(_ location: SourceLocation, _ message: String) {
            if strict { diagnostics.append(.error(location, rule: "front-matter-invalid-value", message)) }
        }
        for key in redirectSourceKeys {
            guard let value = fields[key], let keyLocation = locations[key] else { continue }
            let items: [(FrontMatterValue, SourceLocation)]
            switch value {
            case .null: continue
            case .string: items = [(value, keyLocation)]
            case .list(let list):
                let places = itemLocations[key] ?? []
                items = list.enumerated().map { ($1, $0 < places.count ? places[$0] : keyLocation) }
            case .map:
                invalid(keyLocation, "'\(key)' must be a path or a list of paths, not a mapping")
                continue
            }
            for (item, location) in items {
                guard case .string(let raw) = item else {
                    if item != .null { invalid(location, "each '\(key)' entry must be a path such as '/old-article/'") }
                    continue
                }
                let text = raw.trimmingWhitespace
                if text.isEmpty { continue }
                if let problem = PermalinkRules.problem(in: text) {
                    invalid(location, "'\(key)' entry '\(text)' is not a path of this site: it \(problem)")
                    continue
                }
                frontMatter.redirectFrom.append(RedirectEntry(key: key, text: text, line: location.line, column: location.column))
            }
        }
        guard let value = fields["redirect_to"], let location = locations["redirect_to"] else { return }
        switch value {
        case .null: return
        case .list, .map:
            invalid(location, "'redirect_to' must be a single path or URL")
        case .string(let raw):
            let text = raw.trimmingWhitespace
            guard !text.isEmpty else { return }
            if let problem = redirectTargetProblem(text) {
                invalid(location, "'redirect_to' is '\(text)', which \(problem)")
                return
            }
            frontMatter.redirectTo = RedirectEntry(key: "redirect_to", text: text, line: location.line, column: location.column)
        }
    }

    /// What makes `target` unusable as `redirect_to`, or nil: a path of the site (with an optional `#fragment`), or
    /// an `http(s)` URL of another site. Any other scheme (`javascript:` among them) is refused.
    static func redirectTargetProblem(_ target: String) -> String? {
        let lowered = target.lowercased()
        if lowered.hasPrefix("http://") || lowered.hasPrefix("https://") {
            return target.utf8.contains(where: { $0 <= 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") })
                ? "contains spaces, quotes or angle brackets" : nil
        }
        let parts = target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let path = parts[0]
        if path.isEmpty { return "has no path" }
        if parts.count > 1, !SitePath.isValidPathText(parts[1]) { return PermalinkRules.characterProblem }
        if let problem = PermalinkRules.problem(in: path) {
            return problem == PermalinkRules.schemeProblem
                ? "is not a path or an http(s) URL" : problem.replacingOccurrences(of: "permalink", with: "path")
        }
        return nil
    }

    private static func isCollection(_ value: FrontMatterValue?) -> Bool {
        switch value {
        case .list?, .map?: true
        default: false
        }
    }

    /// An invalid ISO date is a warning (the page is still built, without that date).
    private static func invalidDate(_ key: String, _ value: String, _ location: SourceLocation) -> Diagnostic {
        let fix = ISODate.normalized(value)
        return .warning(location, rule: "front-matter-invalid-date",
                        "'\(key)' is '\(value)', not a date in the form YYYY-MM-DD" + (fix.map { "; did you mean '\($0)'?" } ?? ""),
                        fixIt: fix)
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
