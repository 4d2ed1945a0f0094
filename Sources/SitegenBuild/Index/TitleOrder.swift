import Foundation

/// The order of titles as people read them, the order of every list of articles (a product's, its groups, a feed's
/// ties): numbers by value (`Step 9` before `Step 10`), letter case and width ignored, and the letters in the order
/// of the site's `language` (in Danish `Aa` comes after `Z`, in Swedish `Ä` does).
///
/// Foundation's `localizedStandardCompare` does the same with the locale of the machine that builds: the same site
/// listed its articles in one order in CI and in another on a writer's Mac set to Danish. Here the site's language
/// decides, so the output does not depend on the machine. A language Foundation does not know compares as its root
/// collation does, the same everywhere.
struct TitleOrder: Sendable {
    let locale: Locale

    /// The order of the site language `language` (`en`, `da`, `pt-BR`; `SiteConfig.language`).
    init(language: String) {
        locale = Locale(identifier: language)
    }

    /// The options of `localizedStandardCompare`, as Foundation documents them.
    private static let options: String.CompareOptions = [.caseInsensitive, .numeric, .widthInsensitive, .forcedOrdering]

    /// How `left` compares with `right`.
    func compare(_ left: String, _ right: String) -> ComparisonResult {
        left.compare(right, options: Self.options, range: nil, locale: locale)
    }
}
