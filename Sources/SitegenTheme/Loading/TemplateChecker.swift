import SitegenCore

/// Checks the partial and inheritance graph of a set of templates before anything is rendered:
/// every `{{> name}}` and `{{< name}}` must name a template, and no template may include itself, directly or not.
enum TemplateChecker {
    static func check(_ sources: [String: TemplateSource]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var edges: [String: [(String, TemplateTag)]] = [:]
        for name in sources.keys.sorted() {
            let source = sources[name]!
            for tag in source.tags {
                let location = SourceLocation(file: source.displayPath, line: tag.line, column: tag.column)
                if tag.sigil == "=" {
                    diagnostics.append(.error(location, rule: "template-delimiters",
                                              "changing Mustache delimiters is not supported by sitegen's template checks"))
                }
                guard tag.sigil == ">" || tag.sigil == "<" else { continue }
                if tag.name.hasPrefix("*") {
                    diagnostics.append(.error(location, rule: "template-dynamic-partial",
                                              "dynamic partials ('\(tag.name)') cannot be checked and are not supported"))
                    continue
                }
                if sources[tag.name] == nil {
                    let kind = tag.sigil == ">" ? "partial" : "parent template"
                    let known = sources.keys.sorted().joined(separator: ", ")
                    diagnostics.append(.error(location, rule: "template-missing-partial",
                                              "\(kind) '\(tag.name)' does not exist; templates are: \(known)"))
                } else {
                    edges[name, default: []].append((tag.name, tag))
                }
            }
        }
        // Depth-first search for cycles; each cycle is reported once, at the tag that closes it.
        var state: [String: Int] = [:]  // 1 = on the stack, 2 = done
        var stack: [String] = []
        func visit(_ name: String) {
            state[name] = 1
            stack.append(name)
            for (target, tag) in edges[name] ?? [] {
                if state[target] == 1 {
                    let cycle = stack[stack.lastIndex(of: target)!...] + [target]
                    let source = sources[name]!
                    diagnostics.append(.error(SourceLocation(file: source.displayPath, line: tag.line, column: tag.column),
                                              rule: "template-recursive-partial",
                                              "template includes itself: \(cycle.joined(separator: " → "))"))
                } else if state[target] == nil {
                    visit(target)
                }
            }
            stack.removeLast()
            state[name] = 2
        }
        for name in sources.keys.sorted() where state[name] == nil { visit(name) }
        return diagnostics
    }
}
