import Foundation
import SitegenCore
import Yams

/// The text of a new article: front matter in the help-center schema (the keys and order of the reference
/// article) followed by a body.
public struct ArticleScaffold: Sendable {
    public var title: String
    /// The file name without `.md`, also the permalink (`<slug>/`).
    public var slug: String
    /// Product display name and folder.
    public var product: String
    public var productFolder: String
    /// `YYYY-MM-DD`.
    public var date: String
    public var author: String
    public var type = "article"

    public init(title: String, slug: String, product: String, productFolder: String, date: String, author: String) {
        self.title = title
        self.slug = slug
        self.product = product
        self.productFolder = productFolder
        self.date = date
        self.author = author
    }

    /// Front matter and body, ending with a newline.
    public func text(body: String) -> String {
        let lines = [
            "---",
            "permalink: \(Self.scalar(slug + "/"))",
            "audit_date:",
            "title: \(Self.scalar(title))",
            "type: \(Self.scalar(type))",
            "created_date: '\(date)'",
            "created_by: \(Self.scalar(author))",
            "last_modified_date: '\(date)'",
            "last_modified_by: \(Self.scalar(author))",
            "product: \(Self.scalar(product))",
            "product_url: \(Self.scalar(productFolder))",
            "---",
        ]
        var body = body
        while body.hasPrefix("\n") { body.removeFirst() }
        if !body.hasSuffix("\n") { body += "\n" }
        return lines.joined(separator: "\n") + "\n" + body
    }

    /// A YAML scalar: plain when YAML reads it back as the same string, quoted otherwise.
    static func scalar(_ text: String) -> String {
        let dumped = (try? Yams.dump(object: text, width: -1)) ?? "'\(text.replacingOccurrences(of: "'", with: "''"))'"
        var result = dumped
        while result.hasSuffix("\n") { result.removeLast() }
        if result.hasSuffix("...") { result = String(result.dropLast(3)).trimmingCharacters(in: .whitespacesAndNewlines) }
        return result
    }
}
