import Foundation

/// A test oracle for "this page runs no script": what in an HTML page's tags (not its text) would run script or
/// hand the page to another site. Deliberately independent of sitegen's own HTML reading (a regular expression
/// over tags, and its own entity decoding), so that a mistake there does not blind the tests that use it.
public enum LiveScript {
    /// One line per problem found (`<img onerror>`, `<a href=javascript:>`); empty for a page that runs no script.
    public static func problems(in html: String, embedHosts: [String] = ["www.youtube.com", "www.youtube-nocookie.com",
                                                                        "player.vimeo.com"]) -> [String] {
        let tags = try! NSRegularExpression(pattern: "<([a-zA-Z][^\\s/>]*)((?:\"[^\"]*\"|'[^']*'|[^>\"'])*)>")
        let attributes = try! NSRegularExpression(
            pattern: "([^\\s\"'>/=]+)(?:\\s*=\\s*(\"[^\"]*\"|'[^']*'|[^\\s\"'=<>`]+))?")
        let range = NSRange(html.startIndex..., in: html)
        var problems: [String] = []
        for match in tags.matches(in: html, range: range) {
            let name = String(html[Range(match.range(at: 1), in: html)!]).lowercased()
            let rest = String(html[Range(match.range(at: 2), in: html)!])
            var values: [String: String] = [:]
            for attribute in attributes.matches(in: rest, range: NSRange(rest.startIndex..., in: rest)) {
                let key = String(rest[Range(attribute.range(at: 1), in: rest)!]).lowercased()
                var value = attribute.range(at: 2).location == NSNotFound ? "" : String(rest[Range(attribute.range(at: 2), in: rest)!])
                if value.hasPrefix("\"") || value.hasPrefix("'") { value = String(value.dropFirst().dropLast()) }
                if values[key] == nil { values[key] = decoded(value) }
                if key.hasPrefix("on") { problems.append("<\(name) \(key)>") }
                if key == "srcdoc" { problems.append("<\(name) srcdoc>") }
                let squeezed = String(decoded(value).unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F }
                    .map(Character.init)).lowercased()
                for scheme in ["javascript:", "vbscript:"] where squeezed.contains(scheme) {
                    problems.append("<\(name) \(key)=\(scheme)>")
                }
                if squeezed.hasPrefix("data:") || squeezed.contains(",data:") || squeezed.contains("url=data:"),
                   !["data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"].contains(where: { squeezed.hasPrefix($0) }) {
                    problems.append("<\(name) \(key)=data:>")
                }
            }
            // The scripts a sitegen page may have: the built-in theme's search and theme.js (its own files, from the
            // site), and the theme's inline line in <head> that applies the stored colour scheme, to the letter.
            if name == "script", isThemeSearchScript(values) || isThemeScript(values) { continue }
            if name == "script", values.isEmpty,
               html[Range(match.range, in: html)!.upperBound...].hasPrefix(themeSchemeScript + "</script>") { continue }
            switch name {
            case "script", "base", "form", "object", "embed", "applet", "frame", "frameset":
                problems.append("<\(name)>")
            case "meta" where values["http-equiv"] != nil:
                problems.append("<meta http-equiv>")
            case "iframe":
                let source = values["src"] ?? ""
                let host = URLComponents(string: source.hasPrefix("//") ? "https:" + source : source)?.host?.lowercased() ?? ""
                if !embedHosts.contains(host) { problems.append("<iframe src=\(source)>") }
            default:
                break
            }
        }
        return problems
    }

    /// The built-in theme's inline script (base.mustache): reads one key of localStorage, sets one data attribute.
    public static let themeSchemeScript = #"try{var t=localStorage.getItem("sitegen-theme");if(t==="light"||t==="dark")document.documentElement.dataset.theme=t}catch(e){}"#

    /// `<script src="/<baseurl>assets/theme.js" defer>`, and nothing else.
    private static func isThemeScript(_ values: [String: String]) -> Bool {
        guard Set(values.keys) == ["src", "defer"], let source = values["src"] else { return false }
        return source.hasPrefix("/") && !source.hasPrefix("//") && source.hasSuffix("/assets/theme.js")
            && !source.contains(":") && values["defer"] == ""
    }

    /// `<script src="/<baseurl>assets/search.js" data-index="/<baseurl>assets/search/" defer>`, and nothing else.
    private static func isThemeSearchScript(_ values: [String: String]) -> Bool {
        guard Set(values.keys) == ["src", "data-index", "defer"], let source = values["src"] else { return false }
        return source.hasPrefix("/") && !source.hasPrefix("//") && source.hasSuffix("/assets/search.js")
            && !source.contains(":") && values["defer"] == ""
    }

    /// Numeric character references and the named ones that spell URL syntax.
    private static func decoded(_ value: String) -> String {
        var text = value
        for (name, replacement) in [("&colon;", ":"), ("&Tab;", "\t"), ("&NewLine;", "\n"), ("&amp;", "&")] {
            text = text.replacingOccurrences(of: name, with: replacement)
        }
        let numeric = try! NSRegularExpression(pattern: "&#([xX][0-9a-fA-F]+|[0-9]+);?")
        var result = ""
        var last = text.startIndex
        for match in numeric.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            let whole = Range(match.range, in: text)!
            let digits = String(text[Range(match.range(at: 1), in: text)!])
            let code = digits.hasPrefix("x") || digits.hasPrefix("X") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
            result += text[last..<whole.lowerBound]
            result += code.flatMap(Unicode.Scalar.init).map { String(Character($0)) } ?? "\u{FFFD}"
            last = whole.upperBound
        }
        return result + text[last...]
    }
}
