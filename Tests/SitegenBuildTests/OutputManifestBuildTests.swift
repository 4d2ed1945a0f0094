import Foundation
import SitegenTestSupport
import Testing
@testable import SitegenBuild
@testable import SitegenOutput

@Suite("Site builder: the output manifest across builds")
struct OutputManifestBuildTests {
    func makeSite() throws -> TemporaryFolder {
        let site = try TemporaryFolder()
        try site.write("content/p/a.md", "---\ntitle: A\npermalink: a/\n---\nOne.\n")
        try site.write("content/p/b.md", "---\ntitle: B\npermalink: b/\n---\nTwo [A](/how-to/a/).\n")
        return site
    }

    func build(_ site: TemporaryFolder, _ output: String = "public") {
        let result = SiteBuilder().build(BuildOptions(siteRoot: site.path, outputFolder: output))
        #expect(result.outcome == .succeeded, "\(result.diagnostics.map(\.formatted))")
    }

    @Test("the manifests sit beside the output folders, and each describes its tree")
    func besideTheOutput() throws {
        let site = try makeSite()
        for _ in 0..<3 { build(site) }
        #expect(!fileTree(under: site.path + "/public").keys.contains { $0.contains("manifest") })
        for (manifestPath, tree) in [(".public.sitegen-manifest", "public"),
                                     (".public.sitegen-previous-manifest", ".public.sitegen-previous")] {
            let manifest = try #require(OutputManifest.read(site.path + "/" + manifestPath))
            let files = fileTree(under: site.path + "/" + tree)
            #expect(Set(manifest.files.keys) == Set(files.keys).subtracting([OutputFolder.markerName]))
            for (path, data) in files where path != OutputFolder.markerName {
                #expect(manifest.files[path]?.hash == ContentHash.of([UInt8](data)), "\(tree)/\(path)")
                #expect(manifest.files[path]?.size == data.count)
            }
            #expect(manifest.folders["how-to/a"] != nil)
        }
    }

    @Test("what a person changes in the output is put right by the build that reuses that tree")
    func editsInTheOutputAreRepaired() throws {
        let site = try makeSite()
        build(site)
        build(site)
        // A small site is written within the last 50 ms of its build, so its stamps are all untrusted; stamp
        // them as a longer build would have, then change things in a later clock tick.
        let manifestPath = site.path + "/.public.sitegen-manifest"
        var manifest = try #require(OutputManifest.read(manifestPath))
        for path in manifest.files.keys { manifest.files[path]?.stamp = .init(entryStatus(site.path + "/public/" + path)) }
        for path in manifest.folders.keys { manifest.folders[path] = .init(entryStatus(site.path + "/public/" + path)) }
        try manifest.write(to: manifestPath)
        usleep(100_000)
        // public/ is reused by the build after next: change a page (same length), add files, drop a page.
        let page = site.path + "/public/how-to/a/index.html"
        let original = try #require(site.read("public/how-to/a/index.html"))
        let edited = String(original.reversed())
        try Data(edited.utf8).write(to: URL(fileURLWithPath: page))
        try site.write("public/how-to/a/notes.txt", "mine")
        try site.write("public/how-to/extra/index.html", "mine")
        try FileManager.default.removeItem(atPath: site.path + "/public/how-to/b/index.html")
        let untouched = entryStatus(site.path + "/public/robots.txt")
        build(site)
        build(site)
        build(site, "fresh")
        #expect(fileTree(under: site.path + "/public") == fileTree(under: site.path + "/fresh"))
        // A file nobody changed was left alone.
        #expect(OutputManifest.Stamp(entryStatus(site.path + "/public/robots.txt")) == .init(untouched))
    }

    @Test("a damaged manifest costs nothing but time")
    func damagedManifest() throws {
        let site = try makeSite()
        build(site)
        build(site)
        try site.write(".public.sitegen-previous-manifest", "sitegen output manifest 1\ngarbage")
        try site.write("content/p/a.md", "---\ntitle: A\npermalink: a/\n---\nOne, changed.\n")
        build(site)
        build(site, "fresh")
        #expect(fileTree(under: site.path + "/public") == fileTree(under: site.path + "/fresh"))
    }
}
