import Mustache
public import SitegenCore

/// Pre-renders the partials whose output is the same on every page, once per build.
///
/// Most of rendering an article page went to the header's product menu, which depends on `site.*` only. A partial that names nothing but `site.*` (and, inside a
/// `{{#site.…}}` section, the items' own fields) renders the same text on every page, so it is rendered once and
/// registered as plain text. Anything else (a page variable, a nested partial, `is_current`) keeps it dynamic.
extension Theme {
    /// Names that make a partial depend on the page.
    private static let pageRoots = ["page", "article", "product", "home", "sitemap", "report", "include"]

    static func isSiteOnly(_ source: TemplateSource) -> Bool {
        var siteSections = 0
        var otherSections: [Bool] = []
        for tag in source.tags {
            switch tag.sigil {
            case "!", "=":
                continue
            case ">", "<", "$":
                return false
            case "/":
                if let last = otherSections.popLast(), last { siteSections -= 1 }
                continue
            default:
                break
            }
            let name = tag.name
            let root = name.split(separator: ".").first.map(String.init) ?? name
            let isSite = root == "site"
            if name == "is_current" || pageRoots.contains(root) { return false }
            if !isSite, siteSections == 0, name != "." { return false }
            if tag.sigil == "#" || tag.sigil == "^" {
                otherSections.append(isSite || siteSections > 0)
                if isSite || siteSections > 0 { siteSections += 1 }
            }
        }
        return true
    }

    /// A theme whose site-only partials are plain text rendered from `site`; the second value lists their
    /// unknown variables (they would be the same on every page).
    public func specialized(for site: PreparedSiteValues) -> (Theme, [Diagnostic]) {
        var library = self.library
        var diagnostics: [Diagnostic] = []
        var texts: [String] = []
        let pageTemplates = Set(PageKind.allCases.map(\.templateName))
        for (name, source) in sources.sorted(by: { $0.key < $1.key })
        where !pageTemplates.contains(name) && name != "base" && Self.isSiteOnly(source) {
            let (text, problems) = render(template: name, ["site": site.object])
            // Text with `{{` would be read as tags again; such a partial stays dynamic.
            guard !text.contains("{{"), let template = try? MustacheTemplate(string: text) else { continue }
            library.register(template, named: name)
            diagnostics += problems
            if !text.isEmpty { texts.append(text) }
        }
        return (Theme(sources: sources, assets: assets, library: library, tagNames: tagNames, siteOnlyTexts: texts),
                diagnostics)
    }
}
