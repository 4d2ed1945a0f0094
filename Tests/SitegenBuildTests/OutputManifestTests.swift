import Foundation
import SitegenTestSupport
import Testing
@testable import SitegenBuild

@Suite("Output manifest")
struct OutputManifestTests {
    @Test("a manifest reads back as written; a damaged or foreign file reads as none")
    func roundTrip() throws {
        var manifest = OutputManifest()
        manifest.files["how-to/a/index.html"] = .init(
            stamp: .init(device: 1, inode: 2, changeSeconds: 3, changeNanoseconds: 4), size: 5, hash: .max)
        manifest.files["robots.txt"] = .init(
            stamp: .init(device: 9, inode: 8, changeSeconds: -7, changeNanoseconds: 6), size: 0, hash: 0)
        manifest.folders["how-to/a"] = .init(device: 1, inode: 20, changeSeconds: 30, changeNanoseconds: 40)
        let bytes = manifest.encoded()
        #expect(OutputManifest(decoding: bytes) == manifest)
        #expect(OutputManifest(decoding: Array(bytes.dropLast())) == nil)
        #expect(OutputManifest(decoding: Array(bytes.dropLast(bytes.count - OutputManifest.header.count))) == OutputManifest())
        #expect(OutputManifest(decoding: Array("not a manifest\n".utf8)) == nil)
        #expect(OutputManifest(decoding: []) == nil)
    }

    @Test("the content hash tells apart lengths, trailing zeros and single changed bytes, and is the same every run")
    func contentHash() {
        let page = Array(String(repeating: "<p>Help article text.</p>\n", count: 40).utf8)
        var changed = page
        changed[517] ^= 1
        let hashes = [ContentHash.of([]), ContentHash.of([0]), ContentHash.of([0, 0]), ContentHash.of(page),
                      ContentHash.of(changed), ContentHash.of(page + [0]), ContentHash.of(Array(page.dropLast()))]
        #expect(Set(hashes).count == hashes.count)
        #expect(ContentHash.of(page) == ContentHash.of(Array(page)))
        // Fixed: a manifest written by one build is read by another process.
        #expect(ContentHash.of(Array("sitegen".utf8)) == 0x7e1e40049d65dc13)
    }

    @Test("stamps changed within the margin before the end of the build are not trusted")
    func settle() {
        var manifest = OutputManifest()
        let old = OutputManifest.Stamp(device: 1, inode: 1, changeSeconds: 1_000, changeNanoseconds: 0)
        let recent = OutputManifest.Stamp(device: 1, inode: 2, changeSeconds: 1_999, changeNanoseconds: 990_000_000)
        manifest.files["old.html"] = .init(stamp: old, size: 1, hash: 1)
        manifest.files["recent.html"] = .init(stamp: recent, size: 1, hash: 1)
        manifest.folders["recent"] = recent
        manifest.settle(now: timespec(tv_sec: 2_000, tv_nsec: 0), margin: 0.05)
        #expect(manifest.files["old.html"]?.stamp == old)
        #expect(manifest.files["recent.html"]?.stamp.isKnown == false)
        #expect(manifest.folders["recent"]?.isKnown == false)
    }

    @Test("a folder unchanged since the manifest is not listed; a folder changed since is")
    func sweepTrustsUnchangedFolders() throws {
        let folder = try TemporaryFolder()
        try folder.write("how-to/a/index.html", "a")
        try folder.write("how-to/b/index.html", "b")
        var manifest = OutputManifest()
        manifest.folders["how-to"] = .init(entryStatus(folder.path + "/how-to"))
        manifest.folders["how-to/a"] = .init(entryStatus(folder.path + "/how-to/a"))
        manifest.folders["how-to/b"] = .init(entryStatus(folder.path + "/how-to/b"))
        manifest.files["how-to/a/index.html"] = .init(stamp: .init(entryStatus(folder.path + "/how-to/a/index.html")), size: 1, hash: 0)
        manifest.files["how-to/b/index.html"] = .init(stamp: .init(entryStatus(folder.path + "/how-to/b/index.html")), size: 1, hash: 0)
        // A stale file in each folder. a/ is stamped after it (so the manifest, which does not list it, is
        // trusted: no real build leaves a folder so); b/'s recorded stamp is made to differ, as a change would.
        try folder.write("how-to/a/stale.png", "x")
        try folder.write("how-to/b/stale.png", "x")
        manifest.folders["how-to/a"] = .init(entryStatus(folder.path + "/how-to/a"))
        manifest.folders["how-to/b"]?.changeNanoseconds += 1
        let known = FastFiles.KnownFolders(manifest)
        let kept: Set<String> = ["how-to/a/index.html", "how-to/b/index.html"]
        let swept = try FastFiles.sweep(folder.path, known: known) { relative, isFolder in
            if isFolder { return .descend }
            return kept.contains(relative) ? .keep : .remove
        }
        #expect(folder.read("how-to/a/stale.png") == "x")
        #expect(folder.read("how-to/b/stale.png") == nil)
        let stamps = Dictionary(uniqueKeysWithValues: swept.map { ($0.path, $0.stamp) })
        #expect(stamps["how-to/a"] == .some(manifest.folders["how-to/a"]))
        #expect(stamps["how-to/b"] == .some(nil), "a folder something was removed from has no stamp")
    }

    @Test("a page whose file matches its manifest entry is neither read nor written; any other is written")
    func sinkTrustsUnchangedFiles() throws {
        let root = try TemporaryFolder()
        let output = OutputFolder(target: root.path + "/public")
        try output.prepareStaging()
        try FileManager.default.createDirectory(atPath: output.staging + "/p", withIntermediateDirectories: true)
        try Data("old".utf8).write(to: URL(fileURLWithPath: output.staging + "/p/same.html"))
        try Data("old".utf8).write(to: URL(fileURLWithPath: output.staging + "/p/other.html"))
        let new = Array("new".utf8)
        // The entries claim the files hold "new": trusted for same.html (stamp matches), not for other.html.
        let sameStamp = OutputManifest.Stamp(entryStatus(output.staging + "/p/same.html"))
        var otherStamp = OutputManifest.Stamp(entryStatus(output.staging + "/p/other.html"))
        otherStamp.changeNanoseconds += 1
        let recorder = ManifestRecorder()
        let sink = FolderSink(output: output, existingFolders: ["p"],
                              previousFiles: ["p/same.html": .init(stamp: sameStamp, size: 3, hash: ContentHash.of(new)),
                                              "p/other.html": .init(stamp: otherStamp, size: 3, hash: ContentHash.of(new))],
                              recorder: recorder)
        try sink.write(new, to: "p/same.html")
        try sink.write(new, to: "p/other.html")
        try sink.write(new, to: "p/created.html")
        #expect(String(decoding: try Data(contentsOf: URL(fileURLWithPath: output.staging + "/p/same.html")), as: UTF8.self) == "old")
        #expect(String(decoding: try Data(contentsOf: URL(fileURLWithPath: output.staging + "/p/other.html")), as: UTF8.self) == "new")
        #expect(recorder.files["p/same.html"]?.stamp == sameStamp)
        #expect(recorder.files["p/other.html"]?.stamp == .init(entryStatus(output.staging + "/p/other.html")))
        #expect(recorder.files["p/created.html"]?.hash == ContentHash.of(new))
        #expect(recorder.touched == ["p"], "only creating a file changes its folder")
        output.discard()
    }
}

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
