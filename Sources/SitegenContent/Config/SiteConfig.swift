public import SitegenCore

/// Site-wide settings from `sitegen.yml`, after command-line overrides.
public struct SiteConfig: Sendable, Equatable {
    /// Site title shown in the header and page titles.
    public var title = "Help Center"
    /// URL path under which the site is published; always starts and ends with `/`.
    public var baseURL = "/how-to/"
    /// Where `baseURL` is set (the configuration's line, or `--baseurl`), for the findings about it; nil when it
    /// is the default.
    public var baseURLLocation: SourceLocation?
    /// Absolute site URL (`https://help.example.com`) for the sitemap and canonical links; empty when unknown.
    public var siteURL = ""
    /// Language code for `<html lang>`.
    public var language = "en"
    /// Prefix for "edit this article" links; the source path relative to the site root is appended.
    public var editURL = ""
    /// Folders, relative to the site root.
    public var contentFolder = "content"
    public var templatesFolder = "templates"
    public var outputFolder = "public"
    /// Glob patterns (relative to the content folder) of files to leave out.
    public var exclude: [String] = []
    /// Markdown rendering options.
    public var markdown = MarkdownSettings()
    /// Link checking: rule severities, ignore patterns, URL-valued front-matter fields.
    public var links = LinkCheckSettings()
    /// Folders of images and other files, each published under a URL below the baseurl and referenced from
    /// articles with `{% asset_path path %}`.
    public var assetFolders: [AssetFolder] = []
    /// Folder of the files `{% include name %}` inserts; empty for none.
    public var includesFolder = ""
    /// How Liquid in articles is expanded.
    public var liquid = LiquidSettings()

    /// How redirects (`redirect_from`, `aliases`, `redirect_to` in front matter) are written (`redirects` section).
    public var redirects = RedirectSettings()

    /// The search index written with the site (`search` section).
    public var search = SearchSettings()

    /// The `search` section.
    public struct SearchSettings: Sendable, Equatable {
        /// Whether the build writes a search index (and the theme shows its search box).
        public var enabled = true
        /// Glob patterns (relative to the content folder; `*` matches `/` too) of articles left out of the index.
        public var exclude: [String] = []

        public init() {}
    }

    /// The `redirects` section.
    public struct RedirectSettings: Sendable, Equatable {
        /// What is written for each redirect: `html` (a page at the old URL that sends browsers on; any static
        /// host), `netlify` (a `_redirects` file at the output's root) and `nginx` (a `map` include in
        /// `.sitegen/redirects.nginx.conf`). Only `html` unless configured.
        public var formats: Set<RedirectFormat> = [.html]

        public init() {}
    }

    /// A way of writing redirects (`redirects.formats`).
    public enum RedirectFormat: String, Sendable, Equatable, Hashable, CaseIterable {
        case html, netlify, nginx
    }

    /// The URL-stability guard (`stability` section): which published URLs a change removes.
    public var stability = StabilitySettings()

    /// The `stability` section.
    public struct StabilitySettings: Sendable, Equatable {
        /// What `check` and `build` compare the site with (`stability.baseline`): a sitemap.xml or URL-list file, a
        /// previous output folder, or `git:<revision>`; relative paths are relative to the site root. Nil: no
        /// comparison unless `--baseline` is given.
        public var baseline: String?
        /// Where `baseline` is written, for its errors and for the findings that have no file of their own.
        public var baselineLocation: SourceLocation?
        /// Least Jaccard similarity (0 to 1) of word shingles at which a current page is suggested for a removed
        /// URL that git's rename detection does not explain.
        public var similarity = 0.5

        public init() {}
    }

    /// What one article may cost (`limits` section): one file must never stall CI or the preview.
    public var limits = Limits()

    /// The `limits` section.
    public struct Limits: Sendable, Equatable {
        /// Largest article file, in bytes; a larger one is a `content-too-large` error, kept in the site by its
        /// front matter (its links resolve) but not parsed.
        public var articleBytes = 5 * 1024 * 1024
        /// Longest time the Markdown of one article may take to parse; past it the parse is given up
        /// (`content-too-complex`) and the build goes on.
        public var parseSeconds = 10.0
        /// Most cells a table may have (rows × the delimiter row's columns, as GFM fills short rows).
        public var tableCells = 200_000

        public init() {}
    }

    /// The `liquid` section.
    public struct LiquidSettings: Sendable, Equatable {
        /// HTML-escape the values `{{ site.x }}` and `{{ page.x }}` insert (`&`, `<`, `>`, `"`, `'`): a front-matter
        /// value is text, and unescaped it could add a tag or an attribute to the page. `false` inserts values as
        /// they are, as Jekyll does.
        public var escapesVariables = true

        public init() {}
    }
    /// Paths in the output folder (relative to it, without a trailing `/`) that survive every build, as in Jekyll:
    /// a deploy repository's `.git`, a `CNAME` written by a hosting service.
    public var keepFiles = SiteConfig.defaultKeepFiles

    /// `keep_files` when the configuration does not set it.
    public static let defaultKeepFiles = [".git", ".svn", "CNAME"]

    /// An asset folder and the URL it is published under.
    public struct AssetFolder: Sendable, Equatable {
        /// Folder relative to the site root (`_assets/img`).
        public var folder: String
        /// URL path relative to the baseurl, ending with `/` (`assets/`).
        public var url: String

        public init(folder: String, url: String = "assets/") {
            self.folder = folder
            self.url = url
        }
    }

    public init() {}

    /// Options passed to the Markdown renderer.
    public struct MarkdownSettings: Sendable, Equatable {
        /// Raw HTML in articles (real help-center articles contain HTML): kept (`true`, the default), replaced by a
        /// comment (`false`), or filtered through an allow-list (`sanitize`).
        public var rawHTML = RawHTMLMode.kept
        /// Hosts whose pages an article may embed (`<iframe>`, `<object>`, `<embed>`).
        public var embedHosts = EmbedHosts.defaults
        /// Curly quotes and dashes.
        public var smartPunctuation = false
        /// Render soft line breaks as `<br>`.
        public var hardBreaks = false
        /// Highlight fenced code in the languages SitegenHighlight knows, at build time.
        public var highlight = true

        public init() {}
    }
}
