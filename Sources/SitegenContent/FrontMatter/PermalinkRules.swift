import SitegenCore

/// What a permalink may contain.
enum PermalinkRules {
    /// A sentence describing what is wrong with `permalink`, or nil when it is a usable URL path.
    static func problem(in permalink: String) -> String? {
        // Every article has a permalink checked: ASCII ones (nearly all) are read byte by byte, without the
        // Character view and the array of parts the general reading makes. A test requires both readings to agree.
        // `permalink: true` is a mistake for a key that takes a path (YAML reads it as a boolean; sitegen reads
        // every scalar as text), and would publish the page at `/true/`.
        if permalink.utf8.count <= 5, ["true", "false"].contains(permalink.lowercased()) {
            return "is the YAML boolean '\(permalink)', not a path such as 'my-article/'"
        }
        return permalink.utf8.allSatisfy({ $0 < 0x80 }) ? asciiProblem(in: permalink) : generalProblem(in: permalink)
    }

    /// An invisible character in a path (a zero-width space pasted from a web page, a no-break space, a soft
    /// hyphen, a direction mark): the URL looks right and matches no link written by hand.
    static func invisibleProblem(in path: String) -> String? {
        var before = ""
        for scalar in path.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .format, .spaceSeparator, .lineSeparator, .paragraphSeparator, .control:
                let code = SourceExcerpt.codePoint(scalar.value)
                let name = scalar.properties.name.map { " (\($0.lowercased()))" } ?? ""
                return "contains \(code)\(name), an invisible character, " + (before.isEmpty ? "at its start" : "after '\(before)'")
            default:
                before.unicodeScalars.append(scalar)
            }
        }
        return nil
    }

    static let schemeProblem = "has a URL scheme; a permalink is a path such as 'my-article/'"
    static let hostProblem = "starts with '//', which browsers read as a host name"
    static let dotSegmentProblem = "contains a '.' or '..' segment"
    static let characterProblem = "contains characters that cannot appear in a URL path (spaces, '?', '#', '\\', quotes or a bad '%' escape)"

    /// A permalink that names the source file (`setup.md`, `setup/index.md`): the page would be published at
    /// `/how-to/setup.md/` (Jekyll: a file `setup.md`), where no link written for the article finds it.
    static func sourceExtensionProblem(in permalink: String) -> String? {
        var path = Substring(permalink)
        while path.hasSuffix("/") { path = path.dropLast() }
        let lower = path.lowercased()
        guard let ext = [".md", ".markdown"].first(where: { lower.hasSuffix($0) && lower.count > $0.count }) else { return nil }
        var page = path.dropLast(ext.count)
        if page.lowercased().hasSuffix("/index") { page = page.dropLast("index".count) }
        let suggestion = page.isEmpty || page.hasSuffix("/") ? String(page) : page + "/"
        return "ends in '\(ext)', the extension of a source file, not of a page; a permalink is the page's URL, "
            + "such as '\(suggestion.isEmpty ? "/" : suggestion)'"
    }

    static func generalProblem(in permalink: String) -> String? {
        if let colon = permalink.firstIndex(of: ":"),
           !permalink[..<colon].isEmpty, permalink[..<colon].allSatisfy({ $0.isLetter || $0 == "+" || $0 == "." || $0 == "-" }) {
            return schemeProblem
        }
        if permalink.hasPrefix("//") { return hostProblem }
        if permalink.split(separator: "/").contains(where: { $0 == ".." || $0 == "." }) { return dotSegmentProblem }
        if !SitePath.isValidPathText(permalink) { return characterProblem }
        return invisibleProblem(in: permalink) ?? sourceExtensionProblem(in: permalink)
    }

    static func asciiProblem(in permalink: String) -> String? {
        let bytes = permalink.utf8
        if let colon = bytes.firstIndex(of: UInt8(ascii: ":")), colon != bytes.startIndex,
           bytes[..<colon].allSatisfy({ $0.isASCIILetter || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }) {
            return schemeProblem
        }
        if bytes.starts(with: "//".utf8) { return hostProblem }
        if SitePath.hasDotSegment(bytes[...], countingEmpty: false) { return dotSegmentProblem }
        if !SitePath.isValidPathText(permalink) { return characterProblem }
        return sourceExtensionProblem(in: permalink)
    }
}
