/// The theme compiled into the binary, so a content repository needs no `templates/` folder.
/// The files live in `Sources/SitegenTheme/DefaultTheme/` and are embedded by SwiftPM (`.embedInCode`).
enum DefaultTheme {
    /// Template name (file name without `.mustache`) → template text.
    static let templates: [String: String] = [
        "base": text(PackageResources.base_mustache),
        "header": text(PackageResources.header_mustache),
        "footer": text(PackageResources.footer_mustache),
        "article": text(PackageResources.article_mustache),
        "product": text(PackageResources.product_mustache),
        "home": text(PackageResources.home_mustache),
        "all-articles": text(PackageResources.all_articles_mustache),
        "not-found": text(PackageResources.not_found_mustache),
        "sitemap": text(PackageResources.sitemap_mustache),
        "robots": text(PackageResources.robots_mustache),
        "link-report": text(PackageResources.link_report_mustache),
        "all-articles-list": text(PackageResources.all_articles_list_mustache),
    ]

    /// Theme asset path (under the theme's `assets/` URL) → bytes.
    static let assets: [String: [UInt8]] = [
        "style.css": PackageResources.style_css,
        "search.js": ScriptCompaction.compact(PackageResources.search_js),
        "theme.js": ScriptCompaction.compact(PackageResources.theme_js),
    ]

    private static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
}
