import Foundation
import SitegenTestSupport
import Testing
@testable import SitegenBuild

/// The build's spill file: what waits there between stages comes back byte for byte.
@Suite struct SpillTests {
    @Test func bytesAndTextComeBackAsStored() throws {
        let folder = try TemporaryFolder()
        let spill = try #require(BodySpill(near: folder.path))
        let bytes: [UInt8] = (0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let big = try #require(spill.store(bytes))
        let empty = try #require(spill.store([UInt8]()))
        let text = try #require(spill.store("<p>Café ✓</p>"))
        #expect(spill.loadBytes(big) == bytes)
        #expect(spill.loadBytes(empty) == [])
        #expect(spill.load(text) == "<p>Café ✓</p>")
        // The file has no name: nothing is left in the folder.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func searchFilesAreTheSameSpilledOrInMemory() throws {
        let folder = try TemporaryFolder()
        let spilled = SearchFiles(spill: BodySpill(near: folder.path))
        let held = SearchFiles(spill: nil)
        for (number, files) in [spilled, held].enumerated() {
            files.store("t/0.json", Array("{\"terms\":[]}".utf8))
            files.store("d/0.json", [])
            #expect(files.bytes("t/0.json") == Array("{\"terms\":[]}".utf8), "store \(number)")
            #expect(files.bytes("d/0.json") == [], "store \(number)")
            #expect(files.bytes("meta.json") == [], "a file the index does not have is empty (store \(number))")
        }
    }
}
