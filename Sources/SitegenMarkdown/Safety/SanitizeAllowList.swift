/// What `markdown.raw_html: sanitize` keeps: the tags and attributes of formatted text, tables, images, media and
/// disclosure widgets, and nothing that runs script, loads a document, submits data or restyles the page (no `style`
/// attribute: `position: fixed` can cover the site with a fake one). Every URL kept is checked like any other.
enum SanitizeAllowList {
    /// Tags kept (lowercase). `iframe` is kept only for the hosts of `markdown.embed_hosts`.
    static let tags: Set<String> = [
        "a", "abbr", "audio", "b", "bdi", "bdo", "blockquote", "br", "caption", "center", "cite", "code", "col",
        "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "font", "h1", "h2",
        "h3", "h4", "h5", "h6", "hr", "i", "iframe", "img", "ins", "kbd", "li", "mark", "ol", "p", "picture", "pre", "q",
        "rp", "rt", "ruby", "s", "samp", "small", "source", "span", "strike", "strong", "sub", "summary", "sup", "table",
        "tbody", "td", "tfoot", "th", "thead", "time", "tr", "track", "tt", "u", "ul", "var", "video", "wbr",
    ]

    /// Attributes kept on every tag.
    static let globalAttributes: Set<String> = [
        "align", "alt", "class", "dir", "height", "hidden", "id", "lang", "role", "title", "translate", "valign", "width",
    ]

    /// Attributes kept on some tags only (URL-valued ones are checked for their scheme).
    static let tagAttributes: [String: Set<String>] = [
        "a": ["href", "name", "target", "rel", "hreflang", "download"],
        "img": ["src", "srcset", "sizes", "loading", "border", "usemap"],
        "source": ["src", "srcset", "sizes", "media", "type"],
        "video": ["src", "poster", "controls", "autoplay", "loop", "muted", "playsinline", "preload"],
        "audio": ["src", "controls", "autoplay", "loop", "muted", "preload"],
        "track": ["src", "kind", "srclang", "label", "default"],
        "iframe": ["src", "allow", "allowfullscreen", "frameborder", "loading", "referrerpolicy"],
        "blockquote": ["cite"], "q": ["cite"], "del": ["cite", "datetime"], "ins": ["cite", "datetime"],
        "time": ["datetime"], "ol": ["start", "reversed", "type"], "ul": ["type"], "li": ["value", "type"],
        "details": ["open"], "table": ["border", "cellpadding", "cellspacing", "summary"],
        "td": ["colspan", "rowspan", "headers", "abbr", "nowrap"], "th": ["colspan", "rowspan", "headers", "abbr", "scope"],
        "col": ["span"], "colgroup": ["span"], "font": ["color", "face", "size"], "abbr": ["title"],
    ]

    /// True when sanitize keeps attribute `name` (lowercase) on `tag`.
    static func keeps(_ name: String, on tag: String) -> Bool {
        if globalAttributes.contains(name) || name.hasPrefix("aria-") { return true }
        return tagAttributes[tag]?.contains(name) ?? false
    }

    /// Tags whose content is code, not text for readers: sanitize removes it with them.
    static let codeContainers: Set<String> = ["script", "style"]
}
