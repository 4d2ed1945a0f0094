import Foundation
import SitegenBuild
import SitegenCore

/// What the preview adds to HTML responses (never to files on disk): the live-reload script, the panel of the
/// page's own link and content problems, and the overlay of build errors.
enum PageDecorations {
    /// The path of the event stream.
    static let eventsPath = "/_sitegen/events"

    /// Adds the decorations before `</body>` (or at the end when there is none).
    static func decorate(_ html: [UInt8], version: String, pageProblems: [Diagnostic], externalLinks: [ExternalPreview.Link] = [],
                         failure: [Diagnostic], failureContext: FailureContext = .pagesFailed(lastGood: nil),
                         watcherProblem: String?, sourceLines: (SourceLocation) -> String?) -> [UInt8] {
        var insert = ""
        if !failure.isEmpty || watcherProblem != nil {
            insert += overlay(failure, context: failureContext, watcherProblem: watcherProblem, sourceLines: sourceLines)
        }
        if !pageProblems.isEmpty || !externalLinks.isEmpty {
            insert += panel(pageProblems, externalLinks: externalLinks, sourceLines: sourceLines)
        }
        if !insert.isEmpty { insert = style + insert }
        insert += script(version: version)
        let closing = Array("</body>".utf8)
        var result = html
        if let range = lastRange(of: closing, in: html) {
            result.insert(contentsOf: Array(insert.utf8), at: range.lowerBound)
        } else {
            result += Array(insert.utf8)
        }
        return result
    }

    private static func lastRange(of pattern: [UInt8], in bytes: [UInt8]) -> Range<Int>? {
        guard bytes.count >= pattern.count else { return nil }
        var index = bytes.count - pattern.count
        while index >= 0 {
            if bytes[index] == pattern[0], bytes[index..<(index + pattern.count)].elementsEqual(pattern) {
                return index..<(index + pattern.count)
            }
            index -= 1
        }
        return nil
    }

    /// Reloads on `reload`, swaps stylesheets on `css`, and reloads after a reconnect when the server's version
    /// changed (a restart or a build while disconnected). EventSource reconnects by itself.
    static func script(version: String) -> String {
        """
        <script id="sitegen-live">(()=>{const v=\(json(version));const es=new EventSource(\(json(eventsPath)));\
        es.addEventListener('hello',e=>{if(e.data!==v)location.reload()});\
        es.addEventListener('reload',()=>location.reload());\
        es.addEventListener('css',()=>{document.querySelectorAll('link[rel="stylesheet"]').forEach(l=>{\
        const u=new URL(l.href,location.href);u.searchParams.set('sitegen',Date.now());l.href=u.href})});})();</script>

        """
    }

    static let style = """
        <style id="sitegen-style">
        #sitegen-panel{position:fixed;right:1rem;bottom:1rem;max-width:min(42rem,calc(100vw - 2rem));max-height:60vh;overflow:auto;z-index:2147483646;background:#fff;color:#1b1f24;border:1px solid #c9ced6;border-radius:8px;box-shadow:0 6px 24px rgba(0,0,0,.18);font:14px/1.45 system-ui,sans-serif}
        #sitegen-panel summary{cursor:pointer;padding:.5rem .8rem;font-weight:600}
        #sitegen-panel ol{margin:0;padding:0 .8rem .6rem 2rem}#sitegen-panel li{margin:.4rem 0}
        #sitegen-panel pre,#sitegen-overlay pre{margin:.2rem 0;padding:.3rem .5rem;background:#f3f4f6;border-radius:4px;overflow-x:auto;font:12px/1.4 ui-monospace,monospace;white-space:pre}
        .sitegen-sev{display:inline-block;padding:0 .35em;border-radius:3px;color:#fff;font-size:11px;font-weight:700;text-transform:uppercase}
        .sitegen-error{background:#b3261e}.sitegen-warning{background:#8a5a00}.sitegen-note{background:#2a5db0}
        .sitegen-rule,.sitegen-pos{color:#57606a;font-size:12px}.sitegen-fix{color:#1a7f37}
        #sitegen-panel ul{margin:0;padding:0 .8rem .6rem 1.2rem;list-style:none}.sitegen-ext-title{margin:.4rem .8rem}
        .sitegen-ext{display:inline-block;padding:0 .35em;border-radius:3px;font-size:11px;font-weight:700;background:#e5e7eb;color:#1b1f24}
        .sitegen-ext-ok{background:#1a7f37;color:#fff}.sitegen-ext-dead,.sitegen-ext-tls{background:#b3261e;color:#fff}
        .sitegen-ext-moved,.sitegen-ext-flaky{background:#8a5a00;color:#fff}.sitegen-ext-blocked{background:#2a5db0;color:#fff}
        #sitegen-overlay{position:fixed;inset:0;z-index:2147483647;background:rgba(20,20,24,.92);color:#f6f8fa;overflow:auto;padding:2rem;font:15px/1.5 system-ui,sans-serif}
        #sitegen-overlay h2{margin:0 0 .3rem;color:#ff8182;font-size:1.3rem}#sitegen-overlay pre{background:#2d333b;color:#e6edf3}
        #sitegen-overlay li{margin:.6rem 0}#sitegen-overlay .sitegen-rule,#sitegen-overlay .sitegen-pos{color:#adbac7}
        </style>

        """

    /// What the page under the overlay is, so that the overlay says it truthfully.
    enum FailureContext: Equatable {
        /// Nothing was ever built: there is no good version to show.
        case nothingBuilt
        /// The site as a whole cannot be built (its configuration, its content folder); the pages shown are from
        /// the last build that succeeded, finished at `lastGood`.
        case siteFailed(lastGood: Date)
        /// Pages failed to build; the page shown is from the last build that succeeded (finished at `lastGood`).
        case pagesFailed(lastGood: Date?)
    }

    static func overlay(_ failure: [Diagnostic], context: FailureContext = .pagesFailed(lastGood: nil), watcherProblem: String?,
                        sourceLines: (SourceLocation) -> String?) -> String {
        var html = "<div id=\"sitegen-overlay\" role=\"alertdialog\" aria-label=\"Build errors\">"
        if let watcherProblem {
            html += "<h2>File watching stopped</h2><p>\(escape(watcherProblem)). Changes are no longer picked up; restart <code>sitegen serve</code>.</p>"
        }
        if !failure.isEmpty {
            switch context {
            case .nothingBuilt:
                html += "<h2>The site cannot be built</h2><p>Nothing has been built yet, so there is no page to show. "
                    + "Fix these problems and save; this page reloads when the site builds:</p><ol>"
            case .siteFailed(let lastGood):
                html += "<h2>The site cannot be built</h2><p>What you see is from the last build that succeeded, at "
                    + "\(time(lastGood)); no page changes until these problems are fixed:</p><ol>"
            case .pagesFailed(let lastGood):
                html += "<h2>The last build failed</h2><p>You are seeing the last good version of this page"
                    + (lastGood.map { ", built at \(time($0))" } ?? "") + ". Fix these problems and save:</p><ol>"
            }
            html += failure.map { item($0, sourceLines: sourceLines) }.joined()
            html += "</ol>"
        }
        return html + "</div>\n"
    }

    /// `<time datetime="2026-12-05T15:30:00Z">15:30:00</time>`, the clock time in the local time zone.
    static func time(_ date: Date) -> String {
        let shown = DateFormatter()
        shown.dateFormat = "HH:mm:ss"
        return "<time datetime=\"\(ISO8601DateFormatter().string(from: date))\">\(shown.string(from: date))</time>"
    }

    static func panel(_ problems: [Diagnostic], externalLinks: [ExternalPreview.Link] = [],
                      sourceLines: (SourceLocation) -> String?) -> String {
        let errors = problems.count(of: .error), warnings = problems.count(of: .warning)
        // `1 problem on this page (0 errors, 1 warning)`, `2 external links on this page (1 failing)`, or
        // `1 problem on this page (0 errors, 1 warning); 2 external links (1 failing)`.
        var summary = ""
        let failing = externalLinks.filter { ["dead", "flaky", "tls"].contains($0.kind ?? "") }.count
        if !problems.isEmpty {
            summary = "\(counted(problems.count, "problem")) on this page"
            if errors > 0 || warnings > 0 { summary += " (\(counted(errors, "error")), \(counted(warnings, "warning")))" }
        }
        if !externalLinks.isEmpty {
            summary += (summary.isEmpty ? "" : "; ") + counted(externalLinks.count, "external link")
            if problems.isEmpty { summary += " on this page" }
            if failing > 0 { summary += " (\(failing) failing)" }
        }
        // Open when the page has an error or any link problem (a broken link reported as a warning, as in Jekyll
        // mode, is what the writer needs to see first); closed for notes and other warnings only.
        let opens = errors > 0 || failing > 0 || problems.contains { $0.rule.hasPrefix("link-") && $0.severity != .note }
        var html = "<details id=\"sitegen-panel\"\(opens ? " open" : "")><summary>\(escape(summary))</summary>"
        if !problems.isEmpty { html += "<ol>" + problems.map { item($0, sourceLines: sourceLines) }.joined() + "</ol>" }
        if !externalLinks.isEmpty { html += external(externalLinks) }
        return html + "</details>\n"
    }

    /// The page's external links with the class the cache holds for each (the preview never fetches them).
    static func external(_ links: [ExternalPreview.Link]) -> String {
        var html = "<p class=\"sitegen-ext-title\">External links, as of the last <code>sitegen check --external</code>:</p><ul>"
        for link in links {
            let kind = link.kind ?? "not checked"
            html += "<li><span class=\"sitegen-ext sitegen-ext-\(link.kind ?? "none")\">\(escape(kind))</span> "
            html += "<span class=\"sitegen-pos\">\(link.line):\(link.column)</span> \(escape(link.destination))"
            if let checked = link.checked {
                if link.kind != "ok", !link.reason.isEmpty { html += ": \(escape(link.reason))" }
                html += " <span class=\"sitegen-rule\">(checked \(checked.utcDay))</span>"
            }
            html += "</li>"
        }
        return html + "</ul>"
    }

    private static func item(_ diagnostic: Diagnostic, sourceLines: (SourceLocation) -> String?) -> String {
        var html = "<li><span class=\"sitegen-sev sitegen-\(diagnostic.severity.rawValue)\">\(diagnostic.severity.rawValue)</span> "
        html += "<span class=\"sitegen-pos\">\(escape(diagnostic.location.description))</span> \(escape(diagnostic.message)) "
        html += "<span class=\"sitegen-rule\">[\(escape(diagnostic.rule))]</span>"
        if let line = sourceLines(diagnostic.location), !line.allSatisfy(\.isWhitespace) { html += "<pre>\(escape(line))</pre>" }
        if let fix = diagnostic.fixIt { html += "<div class=\"sitegen-fix\">fix: \(escape(fix))</div>" }
        return html + "</li>"
    }

    static func escape(_ text: String) -> String { HTMLEscaping.attribute(text) }

    /// A JavaScript string literal that is also safe inside `<script>`.
    static func json(_ text: String) -> String {
        let data = (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self).replacingOccurrences(of: "<", with: "\\u003c")
    }
}
