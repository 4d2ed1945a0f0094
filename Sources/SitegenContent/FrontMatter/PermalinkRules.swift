import SitegenCore

/// What a permalink may contain.
enum PermalinkRules {
    /// A sentence describing what is wrong with `permalink`, or nil when it is a usable URL path.
    static func problem(in permalink: String) -> String? {
        // Every article has a permalink checked: ASCII ones (nearly all) are read byte by byte, without the
        // Character view and the array of parts the general reading makes. A test requires both readings to agree.
        permalink.utf8.allSatisfy({ $0 < 0x80 }) ? asciiProblem(in: permalink) : generalProblem(in: permalink)
    }

    static let schemeProblem = "has a URL scheme; a permalink is a path such as 'my-article/'"
    static let hostProblem = "starts with '//', which browsers read as a host name"
    static let dotSegmentProblem = "contains a '.' or '..' segment"
    static let characterProblem = "contains characters that cannot appear in a URL path (spaces, '?', '#', '\\', quotes or a bad '%' escape)"

    static func generalProblem(in permalink: String) -> String? {
        if let colon = permalink.firstIndex(of: ":"),
           !permalink[..<colon].isEmpty, permalink[..<colon].allSatisfy({ $0.isLetter || $0 == "+" || $0 == "." || $0 == "-" }) {
            return schemeProblem
        }
        if permalink.hasPrefix("//") { return hostProblem }
        if permalink.split(separator: "/").contains(where: { $0 == ".." || $0 == "." }) { return dotSegmentProblem }
        if !SitePath.isValidPathText(permalink) { return characterProblem }
        return nil
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
        return nil
    }
}
