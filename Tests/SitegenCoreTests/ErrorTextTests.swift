import Foundation
import SitegenCore
import Testing

@Suite("Error text")
struct ErrorTextTests {
    @Test("Foundation's file errors give the system's reason and the path, never 'NSCocoaErrorDomain error 512'")
    func foundationErrors() throws {
        let folder = NSTemporaryDirectory() + "sitegen-error-text-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        do {
            try Data("x".utf8).write(to: URL(fileURLWithPath: folder + "/missing/file.txt"))
            Issue.record("the write succeeded")
        } catch {
            let text = ErrorText.describe(error)
            #expect(text == "'\(folder)/missing/file.txt': No such file or directory (ENOENT)")
            #expect(!text.contains("NSCocoaErrorDomain"))
        }
        #expect(ErrorText.describe(CocoaError(.fileWriteUnknown)) == "the write failed for an unknown reason")
        #expect(ErrorText.describe(CocoaError(.fileWriteUnknown, userInfo: [NSUnderlyingErrorKey: NSError(domain: NSPOSIXErrorDomain, code: Int(ENOSPC)),
                                                                           NSFilePathErrorKey: "/out/a.html"]))
            == "'/out/a.html': No space left on device (ENOSPC)")
    }

    @Test("POSIX errors and sitegen's own errors")
    func otherErrors() {
        #expect(ErrorText.describe(POSIXError(.EACCES)) == "Permission denied (EACCES)")
        struct Own: Error, CustomStringConvertible { var description: String { "own words" } }
        #expect(ErrorText.describe(Own()) == "own words")
    }
}
