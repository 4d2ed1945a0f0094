import Foundation
import SitegenTestSupport
import Testing
@testable import SitegenOutput

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
