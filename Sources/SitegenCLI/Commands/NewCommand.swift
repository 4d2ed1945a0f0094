import ArgumentParser
import SitegenAuthoring
import SitegenBuild

/// `sitegen new <product>/<slug> --title "..."`: creates an article from an article template.
struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Create an article with the schema's front matter from an article template.",
        discussion: """
            Writes content/<product>/<slug>.md with permalink <slug>/, the title (from --title, else made from the \
            slug), today's dates, the author (from --author or git's user.name) and the product's name (from \
            --product-name, else its other articles, else made from the folder name). The body comes \
            from the article template named by --type: task, concept or troubleshooting, or one of the site's \
            templates/archetypes/<name>.md. Refuses to overwrite a file or to reuse a URL. Prints the new file's path.
            """
    )

    @Argument(help: "<product>/<slug>, e.g. rackspace-email/reset-a-password.")
    var path: String

    @Option(name: .long, help: "The article's title (default: made from the slug, 'reset-a-password' → 'Reset a password').")
    var title: String?

    @Option(name: .long, help: "Article template: task, concept, troubleshooting, or a site archetype.")
    var type = "task"

    @Option(name: .long, help: "Author for created_by and last_modified_by (default: git config user.name).")
    var author: String?

    @Option(name: .customLong("product-name"), help: "Product display name (default: from the product's other articles).")
    var productName: String?

    @Option(name: [.customShort("s"), .long], help: "The site root: the folder with sitegen.yml and content/.")
    var source: String = "."

    @Option(name: .long, help: "Configuration file (default: <source>/sitegen.yml when it exists).")
    var config: String?

    func run() throws {
        let request = ArticleCreator.Request(siteRoot: source, configFile: config, path: path, title: title, type: type,
                                             author: author, productName: productName)
        switch ArticleCreator().create(request) {
        case .created(let file, let display, let url, let derived):
            Terminal.standardError.write("created \(display) (\(url))\n")
            for note in derived { Terminal.standardError.write("note: \(note)\n") }
            Terminal.standardOutput.write(file + "\n")
        case .refused(let problems):
            DiagnosticPrinter(colour: Terminal.standardError.isTerminal).print(problems, siteRoot: source)
            throw ExitCode(SitegenExitCode.contentErrors)
        }
    }
}
