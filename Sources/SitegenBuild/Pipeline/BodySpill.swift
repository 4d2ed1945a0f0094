#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// Where a one-shot build keeps the rendered HTML of its article bodies between the parse and the render stage:
/// an unnamed temporary file rather than the heap.
///
/// Every body is rendered while parsing (the parse and the HTML come from one cmark-gfm tree), but a page can only be
/// written once the whole site is indexed and checked. Held in memory, the bodies of a large help center are a third
/// of the build's peak memory (as large as the Markdown itself); here the kernel's page cache holds them, which it
/// can write out under memory pressure and drops when the build ends. The file has no name (it is unlinked as soon as it is
/// made), so a build that is killed leaves nothing behind.
///
/// Hand-written: a few system calls (`pwrite`/`pread` at reserved offsets, so that the parse workers never wait on
/// each other for I/O); no package here offers an append-only spill store. The preview does not use it: it keeps its
/// parses for the next edit, and its pages in memory anyway.
package final class BodySpill: Sendable {
    /// A body's place in the file.
    package struct Slot: Sendable {
        let offset: Int
        let length: Int
    }

    private let descriptor: Int32
    /// The end of the file: each store reserves its bytes here, then writes them without the lock.
    private let end = Mutex(0)

    /// A spill file in `directory` (the output folder's parent, so that it is on a disk and not in a memory-backed
    /// /tmp), or in the system's temporary folder; nil when neither can be made, and the bodies stay in memory.
    package init?(near directory: String?) {
        var candidates: [String] = []
        if let directory { candidates.append(directory) }
        candidates.append(FileManager.default.temporaryDirectory.path)
        for folder in candidates {
            if let made = Self.unnamedFile(in: folder) {
                descriptor = made
                return
            }
        }
        return nil
    }

    deinit { close(descriptor) }

    private static func unnamedFile(in folder: String) -> Int32? {
        // A named file, unlinked at once: from then on only the descriptor reaches it.
        var template = Array((folder + "/.sitegen-bodies-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard made >= 0 else { return nil }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        return made
    }

    /// Writes `html` and returns its slot; nil when the write failed (a full disk), and the caller keeps the body.
    package func store(_ html: String) -> Slot? {
        var html = html
        return html.withUTF8 { store(UnsafeRawBufferPointer($0)) }
    }

    /// Writes `bytes` and returns their slot; nil when the write failed, and the caller keeps them.
    package func store(_ bytes: [UInt8]) -> Slot? {
        bytes.withUnsafeBytes { store($0) }
    }

    private func store(_ bytes: UnsafeRawBufferPointer) -> Slot? {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return Slot(offset: 0, length: 0) }
        let offset = end.withLock { end -> Int in
            defer { end += bytes.count }
            return end
        }
        var written = 0
        while written < bytes.count {
            let result = pwrite(descriptor, base + written, bytes.count - written, off_t(offset + written))
            if result < 0, errno == EINTR { continue }
            guard result > 0 else { return nil }
            written += result
        }
        return Slot(offset: offset, length: bytes.count)
    }

    /// The bytes stored at `slot`; nil when they cannot be read back (an I/O error).
    package func loadBytes(_ slot: Slot) -> [UInt8]? {
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: slot.length) { buffer, count in
            var read = 0
            while read < slot.length {
                let result = pread(descriptor, buffer.baseAddress! + read, slot.length - read, off_t(slot.offset + read))
                if result < 0, errno == EINTR { continue }
                guard result > 0 else { failed = true; break }
                read += result
            }
            count = failed ? 0 : read
        }
        return failed ? nil : bytes
    }

    /// The body stored at `slot`; nil when it cannot be read back (an I/O error).
    package func load(_ slot: Slot) -> String? {
        if slot.length == 0 { return "" }
        var failed = false
        let text = String(unsafeUninitializedCapacity: slot.length) { buffer in
            var read = 0
            while read < slot.length {
                let result = pread(descriptor, buffer.baseAddress! + read, slot.length - read, off_t(slot.offset + read))
                if result < 0, errno == EINTR { continue }
                guard result > 0 else { failed = true; return 0 }
                read += result
            }
            return read
        }
        return failed ? nil : text
    }
}
