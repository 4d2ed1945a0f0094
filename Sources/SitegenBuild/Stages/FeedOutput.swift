import SitegenContent
import SitegenCore

/// The Atom feeds (RFC 4287): one for the whole site at `<baseurl>feed.xml`, one per product at
/// `<product URL>feed.xml`. Written by hand, not through the theme: a feed is a data format whose every element is
/// fixed by the RFC, and a theme's change could only break it.
enum FeedOutput {
    /// At most this many entries, newest first: a feed reader polls the feed and only needs what is new.
    static let entryLimit = 50

    /// The entries of a feed: the articles with a date (`last_modified_date`, else `created_date`), newest first,
    /// then by title; nil when none has one (Atom requires a feed's `updated`, and the build has no clock to use).
    static func entries(_ positions: [Int], _ index: SiteIndex) -> [(position: Int, date: String)]? {
        var dated: [(position: Int, date: String)] = []
        for position in positions {
            let matter = index.articles[position].article.frontMatter
            if let date = matter.lastModifiedDate ?? matter.createdDate { dated.append((position, date)) }
        }
        guard !dated.isEmpty else { return nil }
        // The first 50 of the order "newest first, then by title, then by URL", without sorting all n by title: the
        // title comparison (Foundation's locale-aware `localizedStandardCompare`) is costly, and the site-wide feed
        // of 50,000 articles sorted them all. Dates alone (plain byte comparison of YYYY-MM-DD) find the cut: the
        // 50th newest date. Every entry after the first 50 is older than the cut or shares its date, so the
        // entries at least as new as the cut hold the first 50 of the whole order; only those are sorted fully.
        if dated.count > entryLimit {
            var dates = dated.map(\.date)
            dates.sort(by: >)
            let cut = dates[entryLimit - 1]
            dated.removeAll { $0.date < cut }
        }
        dated.sort { lhs, rhs in
            if lhs.date != rhs.date { return lhs.date > rhs.date }
            let left = index.articles[lhs.position].article, right = index.articles[rhs.position].article
            let order = index.titleOrder.compare(left.frontMatter.title, right.frontMatter.title)
            return order == .orderedSame ? left.url < right.url : order == .orderedAscending
        }
        return Array(dated.prefix(entryLimit))
    }

    /// The articles a feed lists: those of `product`, or every article page of the site.
    static func positions(product: Int?, _ index: SiteIndex) -> [Int] {
        if let product { return index.products[product].articles }
        return index.files.compactMap { if case .article(let position) = $0.producer { position } else { nil } }
    }

    /// The feed's XML. `url` is the feed's own site-relative URL; `page` the page it stands for (home or product).
    static func atom(title: String, url: String, page: String, entries: [(position: Int, date: String)],
                     index: SiteIndex, config: SiteConfig) -> [UInt8] {
        let site = config.siteURL
        func text(_ value: String) -> String { HTMLEscaping.attribute(value) }
        var xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="\(text(config.language))">
              <title>\(text(title))</title>
              <link rel="self" type="application/atom+xml" href="\(text(site + url))"/>
              <link rel="alternate" type="text/html" href="\(text(site + page))"/>
              <id>\(text(site + url))</id>
              <updated>\(rfc3339(entries.first?.date ?? ""))</updated>
              <author><name>\(text(config.title))</name></author>
              <generator version="\(text(SitegenVersion.current))">sitegen</generator>

            """
        for entry in entries {
            let article = index.articles[entry.position].article
            let matter = article.frontMatter
            xml += "  <entry>\n"
            xml += "    <title>\(text(matter.title))</title>\n"
            xml += "    <link rel=\"alternate\" type=\"text/html\" href=\"\(text(site + article.url.value))\"/>\n"
            xml += "    <id>\(text(site + article.url.value))</id>\n"
            xml += "    <updated>\(rfc3339(entry.date))</updated>\n"
            if let created = matter.createdDate { xml += "    <published>\(rfc3339(created))</published>\n" }
            if let author = matter.lastModifiedBy ?? matter.createdBy, !author.isEmpty {
                xml += "    <author><name>\(text(author))</name></author>\n"
            }
            if let slug = article.productSlug, let product = index.productPosition(slug) {
                xml += "    <category term=\"\(text(index.products[product].name))\"/>\n"
            }
            xml += "  </entry>\n"
        }
        xml += "</feed>\n"
        return Array(xml.utf8)
    }

    /// A front matter date (`YYYY-MM-DD`, checked when parsed) as an RFC 3339 date-time: midnight UTC.
    static func rfc3339(_ date: String) -> String { date + "T00:00:00Z" }
}
