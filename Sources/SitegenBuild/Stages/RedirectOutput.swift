import SitegenContent
import SitegenCore

/// What is written for the site's redirects: a page at each old URL, and the server maps `redirects.formats` asks
/// for. Written by hand, not through the theme: the page is the same small file on every site (as
/// jekyll-redirect-from writes it, without its script), and the maps are server configuration.
enum RedirectOutput {
    /// The page at an old URL: an immediate meta refresh, the target as canonical URL (absolute when the site's
    /// `url` is known), `noindex`, and a link for readers whose browser does not follow the refresh, in a `main`
    /// landmark (screen readers jump to it; axe-core's landmark-one-main and region rules).
    static func page(_ redirect: Redirect, config: SiteConfig) -> [UInt8] {
        let target = redirect.writtenURL
        let canonical = target.hasPrefix("/") && !config.siteURL.isEmpty ? config.siteURL + target : target
        let href = HTMLEscaping.attribute(target)
        let html = """
            <!DOCTYPE html>
            <html lang="\(HTMLEscaping.attribute(config.language))">
            <meta charset="utf-8">
            <title>Redirecting&hellip;</title>
            <link rel="canonical" href="\(HTMLEscaping.attribute(canonical))">
            <meta http-equiv="refresh" content="0; url=\(href)">
            <meta name="robots" content="noindex">
            <main>
            <h1>Redirecting&hellip;</h1>
            <a href="\(href)">Click here if you are not redirected.</a>
            </main>
            </html>

            """
        return Array(html.utf8)
    }

    /// Every redirect that leads somewhere, in a server's format, sorted by old URL; each is permanent (301).
    static func map(_ redirects: [Redirect], format: SiteConfig.RedirectFormat) -> [UInt8] {
        let pairs = redirects.compactMap { redirect in redirect.final.map { (source: redirect.source.value, target: $0) } }
            .sorted { $0.source.utf8Precedes($1.source) }
        var text = ""
        switch format {
        case .html:
            return []
        case .netlify:
            // https://docs.netlify.com/routing/redirects/: `from to status`, one per line, separated by blanks (the
            // URLs are percent-encoded, so they hold none).
            text = "# Written by sitegen from the articles' redirect_from, aliases and redirect_to: old URL, new URL, 301.\n"
            for pair in pairs { text += "\(pair.source)  \(pair.target)  301\n" }
        case .nginx:
            // `$uri` is the decoded path, so the keys are decoded; a page's old URL is matched with and without its
            // trailing slash. A `$` in a value would be read as a variable: written as `%24`, the same URL.
            text = """
                # Written by sitegen from the articles' redirect_from, aliases and redirect_to.
                # In the http block:    include /path/to/redirects.nginx.conf;
                # In the server block:  if ($sitegen_redirect) { return 301 $sitegen_redirect; }
                map $uri $sitegen_redirect {
                    default "";

                """
            let sources = Set(pairs.map { $0.source.removingPercentEncodingStrict ?? $0.source })
            for pair in pairs {
                let key = pair.source.removingPercentEncodingStrict ?? pair.source
                let value = nginxQuoted(pair.target.replacingOccurrences(of: "$", with: "%24"))
                text += "    \(nginxQuoted(key)) \(value);\n"
                if key.hasSuffix("/"), key.count > 1, !sources.contains(String(key.dropLast())) {
                    text += "    \(nginxQuoted(String(key.dropLast()))) \(value);\n"
                }
            }
            text += "}\n"
        }
        return Array(text.utf8)
    }

    /// A double-quoted nginx string: `"` and `\` escaped.
    private static func nginxQuoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
