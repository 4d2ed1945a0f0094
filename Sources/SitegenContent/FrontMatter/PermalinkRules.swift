import SitegenCore

/// What a permalink may contain.
enum PermalinkRules {
    /// A sentence describing what is wrong with `permalink`, or nil when it is a usable URL path.
    static func problem(in permalink: String) -> String? {
        if let colon = permalink.firstIndex(of: ":"),
           !permalink[..<colon].isEmpty, permalink[..<colon].allSatisfy({ $0.isLetter || $0 == "+" || $0 == "." || $0 == "-" }) {
            return "has a URL scheme; a permalink is a path such as 'my-article/'"
        }
        if permalink.hasPrefix("//") { return "starts with '//', which browsers read as a host name" }
        if permalink.split(separator: "/").contains(where: { $0 == ".." || $0 == "." }) {
            return "contains a '.' or '..' segment"
        }
        if !SitePath.isValidPathText(permalink) {
            return "contains characters that cannot appear in a URL path (spaces, '?', '#', '\\', quotes or a bad '%' escape)"
        }
        return nil
    }
}
