import Foundation
import SitegenCore
import SitegenTestSupport
import Testing
@testable import SitegenTheme

/// The theme reads templates and assets only inside the site: a symbolic link in `templates/` never puts a file
/// from elsewhere into every page, or publishes it.
@Suite("Theme files stay inside the site")
struct ThemeContainmentTests {
    func link(_ path: String, _ target: String) throws {
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
    }

    @Test("a template that is a link to /etc/passwd is an error at the template, and the theme is not used")
    func templateOutside() throws {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.path + "/templates", withIntermediateDirectories: true)
        try link(folder.path + "/templates/footer.mustache", "/etc/passwd")
        let (theme, diagnostics) = Theme.load(folder: folder.path + "/templates", displayFolder: "templates",
                                              boundary: SiteBoundary(root: folder.path))
        #expect(theme == nil)
        let passwd = try #require(SiteBoundary.canonicalPath("/etc/passwd"))
        #expect(diagnostics.map(\.formatted) == [
            "templates/footer.mustache: error: this symbolic link leads outside the site, to '\(passwd)'; it is not read [path-outside-site]",
        ])
    }

    @Test("theme assets: a link to /etc/passwd and a link to a folder outside are errors and not published; links inside work")
    func assets() throws {
        let folder = try TemporaryFolder()
        try folder.write("templates/assets/site.css", "body{}")
        try folder.write("templates/assets/img/logo.svg", "<svg/>")
        try folder.write("brand/colors.css", ":root{}")
        try folder.write("secret/key.txt", "SECRET")
        try link(folder.path + "/templates/assets/leak.txt", "/etc/passwd")
        try link(folder.path + "/templates/assets/private", folder.path + "/secret")
        try link(folder.path + "/templates/assets/colors.css", "../../brand/colors.css")
        try link(folder.path + "/templates/assets/brand", "../../brand")
        let (loaded, diagnostics) = Theme.load(folder: folder.path + "/templates", displayFolder: "templates",
                                               boundary: SiteBoundary(root: folder.path + "/templates"))
        let passwd = try #require(SiteBoundary.canonicalPath("/etc/passwd"))
        let secret = try #require(SiteBoundary.canonicalPath(folder.path + "/secret"))
        let brand = try #require(SiteBoundary.canonicalPath(folder.path + "/brand/colors.css"))
        let brandFolder = try #require(SiteBoundary.canonicalPath(folder.path + "/brand"))
        #expect(diagnostics.filter { $0.rule == "path-outside-site" }.map(\.formatted) == [
            "templates/assets/brand: error: this symbolic link leads outside the site, to '\(brandFolder)'; it is not read [path-outside-site]",
            "templates/assets/colors.css: error: this symbolic link leads outside the site, to '\(brand)'; it is not read [path-outside-site]",
            "templates/assets/leak.txt: error: this symbolic link leads outside the site, to '\(passwd)'; it is not read [path-outside-site]",
            "templates/assets/private: error: this symbolic link leads outside the site, to '\(secret)'; it is not read [path-outside-site]",
        ])
        #expect(loaded == nil, "an error in the theme stops the build")

        // With the whole folder as the site, the links to brand/ stay inside and are published.
        try FileManager.default.removeItem(atPath: folder.path + "/templates/assets/leak.txt")
        try FileManager.default.removeItem(atPath: folder.path + "/templates/assets/private")
        let (theme, problems) = Theme.load(folder: folder.path + "/templates", displayFolder: "templates",
                                           boundary: SiteBoundary(root: folder.path))
        #expect(problems.filter { $0.severity == .error }.isEmpty, "\(problems)")
        let assets = try #require(theme).assets
        #expect(assets["site.css"] == Array("body{}".utf8))
        #expect(assets["img/logo.svg"] == Array("<svg/>".utf8))
        #expect(assets["colors.css"] == Array(":root{}".utf8))
        #expect(assets["brand/colors.css"] == Array(":root{}".utf8))
        #expect(!assets.values.contains { String(decoding: $0, as: UTF8.self).contains("SECRET") })
    }

    @Test("archetypes: a link to /etc/passwd is refused with an error and replaces no built-in; a link inside the site is read")
    func archetypes() throws {
        let folder = try TemporaryFolder()
        try folder.write("templates/archetypes/faq.md", "FAQ {{title}}\n")
        try folder.write("library/howto.md", "How to {{title}}\n")
        try link(folder.path + "/templates/archetypes/task.md", "/etc/passwd")
        try link(folder.path + "/templates/archetypes/leak.md", "/etc/passwd")
        try link(folder.path + "/templates/archetypes/howto.md", "../../library/howto.md")
        let loaded = Archetypes.load(templatesFolder: folder.path + "/templates", boundary: SiteBoundary(root: folder.path))
        let passwd = try #require(SiteBoundary.canonicalPath("/etc/passwd"))
        #expect(loaded.refused.mapValues(\.formatted) == [
            "leak": "templates/archetypes/leak.md: error: this symbolic link leads outside the site, to '\(passwd)'; it is not read [path-outside-site]",
            "task": "templates/archetypes/task.md: error: this symbolic link leads outside the site, to '\(passwd)'; it is not read [path-outside-site]",
        ])
        #expect(loaded.templates.keys.sorted() == ["concept", "faq", "howto", "troubleshooting"])
        #expect(loaded.templates["howto"] == "How to {{title}}\n")
        #expect(!loaded.templates.values.contains { $0.contains("root:") })
    }
}
