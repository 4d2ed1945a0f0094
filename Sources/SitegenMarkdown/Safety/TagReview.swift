import SitegenCore

/// What one start tag of an article's raw HTML holds that could run script, load another page into this one, or
/// send readers' input away: the facts `content-unsafe-html` reports and `RawHTMLFilter` acts on.
struct TagReview {
    /// The tag's problems, one sentence each (`'<img>' has the event-handler attribute 'onerror', which runs script`).
    var reasons: [String] = []
    /// How to fix the first problem.
    var fixIt: String?
    /// The whole element is unsafe (`<script>`, `<base>`, `<form>`, `<meta http-equiv>`, an embed of a host not
    /// allowed, a tag left open).
    var unsafeTag = false
    /// Indices of the attributes that are unsafe themselves (`onerror`, `srcdoc`).
    var unsafeAttributes: Set<Int> = []
    /// Indices of URL-valued attributes with an unsafe URL, and those URLs (entities decoded; a `srcset` gives one
    /// per unsafe candidate).
    var unsafeURLs: [(index: Int, url: String)] = []
    /// The indices of `unsafeURLs` (sets: a hostile tag can have a hundred thousand attributes).
    var unsafeURLIndices: Set<Int> = []
    /// An `<iframe>` (or `<frame>`) of an allowed host: kept, and closed at once.
    var isAllowedEmbed = false

    var isClean: Bool { reasons.isEmpty && unsafeURLs.isEmpty }

    /// Attributes whose value is a URL a browser follows or loads.
    static let urlAttributes: Set<String> = [
        "href", "src", "action", "formaction", "data", "poster", "xlink:href", "background", "cite", "longdesc",
        "codebase", "manifest", "lowsrc", "dynsrc", "icon", "profile", "classid", "archive",
    ]
    /// SVG animation elements, which can set another attribute (an `href`, an event handler) to a value of theirs.
    static let animationTags: Set<String> = ["animate", "set", "animatemotion", "animatetransform"]
    /// Elements that show another document (their URL attribute).
    static let embedTags: [String: String] = ["iframe": "src", "frame": "src", "embed": "src", "object": "data"]

    /// Reviews the start tag `token` of `bytes`, whose lowercased name is `name`.
    init(_ token: HTMLToken, name: String, in bytes: UnsafeBufferPointer<UInt8>, embedHosts: EmbedHosts) {
        var handlers: [String] = []
        var attributeNames: [String] = []
        var values: [String?] = []
        for attribute in token.attributes {
            attributeNames.append(bytes.lowercasedText(attribute.nameRange))
            values.append(attribute.valueRange.map { HTMLAttributeScanner.decodeEntities(bytes.text($0)) })
        }
        func value(of wanted: String) -> String? {
            attributeNames.firstIndex(of: wanted).flatMap { values[$0] }
        }
        for (index, attribute) in attributeNames.enumerated() {
            let value = values[index] ?? ""
            if attribute.hasPrefix("on") {
                handlers.append(attribute)
                unsafeAttributes.insert(index)
            } else if attribute == "srcdoc" {
                unsafeAttributes.insert(index)
                add("'<\(name) srcdoc>' holds a page of HTML of its own, script included",
                    fixIt: "remove the srcdoc attribute")
            } else if attribute == "attributename", Self.animationTags.contains(name) {
                let target = String(value.lowercased().filter { !$0.isWhitespace })
                if target.hasPrefix("on") || target == "href" || target == "xlink:href" {
                    unsafeAttributes.insert(index)
                    add("'<\(name) attributeName=\"\(Self.shown(target))\">' can turn the element's \(target.hasPrefix("on") ? "event handler" : "link") into script",
                        fixIt: "remove the animation")
                }
            }
            if Self.urlAttributes.contains(attribute) {
                if SitegenCore.UnsafeURL.isUnsafe(value) { unsafeURLs.append((index, value)) }
            } else if attribute == "srcset" {
                for candidate in Self.srcsetURLs(value) where SitegenCore.UnsafeURL.isUnsafe(candidate) {
                    unsafeURLs.append((index, candidate))
                }
            } else if ["values", "to", "from", "by"].contains(attribute), Self.animationTags.contains(name) {
                for part in value.split(separator: ";") where SitegenCore.UnsafeURL.isUnsafe(String(part)) {
                    unsafeURLs.append((index, String(part)))
                }
            } else if attribute == "content", name == "meta", let url = Self.refreshURL(value),
                      SitegenCore.UnsafeURL.isUnsafe(url) {
                unsafeURLs.append((index, url))
            }
        }
        unsafeURLIndices = Set(unsafeURLs.map(\.index))
        if !handlers.isEmpty {
            var list = handlers.prefix(3).map { "'\(Self.shown($0))'" }.joined(separator: ", ")
            if handlers.count > 3 { list += " and \(handlers.count - 3) more" }
            reasons.insert(handlers.count == 1
                ? "'<\(name)>' has the event-handler attribute \(list), which runs script"
                : "'<\(name)>' has the event-handler attributes \(list), which run script", at: 0)
            fixIt = "remove the attribute" + (handlers.count == 1 ? "" : "s") + "; pages get their scripts from the theme"
        }
        switch name {
        case "script":
            unsafeTag = true
            add("'<script>' runs script in the page", fixIt: "remove it; pages get their scripts from the theme (templates/)",
                first: true)
        case "base":
            unsafeTag = true
            add("'<base>' changes where every relative link and form of the page leads", fixIt: "remove it", first: true)
        case "form":
            unsafeTag = true
            add("'<form>' sends what readers type to an address the article chooses",
                fixIt: "link to the page that holds the form instead", first: true)
        case "meta" where attributeNames.contains("http-equiv"):
            unsafeTag = true
            add("'<meta http-equiv>' can send readers to another page or change the page's security rules",
                fixIt: "remove it", first: true)
        case "applet":
            unsafeTag = true
            add("'<applet>' runs a program in the page", fixIt: "remove it", first: true)
        default:
            break
        }
        if let urlAttribute = Self.embedTags[name] {
            let url = value(of: urlAttribute)
            if let url, embedHosts.allows(url) {
                isAllowedEmbed = name == "iframe" || name == "frame"
            } else {
                unsafeTag = true
                let shownURL = url.map { "'\(Self.shown($0))'" }
                let reason = shownURL.map { "'<\(name)>' embeds \($0), whose host is not in markdown.embed_hosts" }
                    ?? "'<\(name)>' embeds a page without a \(urlAttribute) of a host in markdown.embed_hosts"
                add(reason, fixIt: "add the host to markdown.embed_hosts in sitegen.yml if you trust it, or link to the page",
                    first: true)
            }
        }
    }

    private mutating func add(_ reason: String, fixIt: String, first: Bool = false) {
        // A few reasons say enough (a hostile tag can repeat one a hundred thousand times).
        guard reasons.count < 4 || first else { return }
        if first {
            reasons.insert(reason, at: 0)
            self.fixIt = fixIt
        } else {
            reasons.append(reason)
            if self.fixIt == nil { self.fixIt = fixIt }
        }
    }

    /// One line: the problems joined, as the finding's message.
    var message: String { reasons.joined(separator: "; ") }

    /// A value as shown in a message: control characters visible, at most 80 characters.
    static func shown(_ text: String) -> String {
        let visible = SourceExcerpt.visible(text)
        return visible.count > 80 ? String(visible.prefix(79)) + "…" : visible
    }

    /// The URLs of a `srcset` value (`a.png 1x, b.png 2x`): each candidate's first word, commas around it removed.
    static func srcsetURLs(_ value: String) -> [String] {
        var urls: [String] = []
        var rest = Substring(value)
        while true {
            rest = rest.drop { $0.isWhitespace || $0 == "," }
            guard !rest.isEmpty else { break }
            let word = rest.prefix { !$0.isWhitespace }
            rest = rest.dropFirst(word.count)
            var url = word
            while url.hasSuffix(",") { url = url.dropLast() }
            urls.append(String(url))
            if url.count < word.count { continue }
            // The descriptors, up to the next comma.
            rest = rest.drop { $0 != "," }
        }
        return urls
    }

    /// The URL of a `<meta http-equiv=refresh>` content value (`0; url='/x'`), read as browsers do: after the
    /// delay and a `;` or `,`, an optional `url=`, and optional quotes. Nil when there is none.
    static func refreshURL(_ content: String) -> String? {
        let bytes = Array(content.utf8)
        var index = 0
        func skip(_ test: (UInt8) -> Bool) { while index < bytes.count, test(bytes[index]) { index += 1 } }
        skip(HTMLTokenizer.isSpace)
        skip { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: ".") }
        skip(HTMLTokenizer.isSpace)
        guard index < bytes.count else { return nil }
        if bytes[index] == UInt8(ascii: ";") || bytes[index] == UInt8(ascii: ",") { index += 1 }
        skip(HTMLTokenizer.isSpace)
        if index + 3 <= bytes.count, bytes[index..<(index + 3)].map(\.asciiLowercased) == Array("url".utf8) {
            var look = index + 3
            while look < bytes.count, HTMLTokenizer.isSpace(bytes[look]) { look += 1 }
            if look < bytes.count, bytes[look] == UInt8(ascii: "=") {
                index = look + 1
                skip(HTMLTokenizer.isSpace)
            }
        }
        var end = bytes.count
        if index < bytes.count, bytes[index] == UInt8(ascii: "'") || bytes[index] == UInt8(ascii: "\"") {
            let quote = bytes[index]
            index += 1
            end = bytes[index...].firstIndex(of: quote) ?? bytes.count
        }
        guard index < end else { return nil }
        return String(decoding: bytes[index..<end], as: UTF8.self)
    }
}
