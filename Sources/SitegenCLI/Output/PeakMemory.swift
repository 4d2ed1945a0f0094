import Foundation

/// The process's peak resident memory, for the summary's `time:` line.
///
/// Read from `VmHWM` in `/proc/self/status`: the high-water mark of this process's own address space. `getrusage`'s
/// `ru_maxrss` is not used: Linux carries it across `exec`, so a process started with `posix_spawn` (a vfork that shares
/// its parent's memory until the exec) reports at least its parent's peak, e.g. a test runner's.
enum PeakMemory {
    /// Bytes, or nil where `/proc` has no such line (not Linux).
    static func bytes(status path: String = "/proc/self/status") -> Int? {
        // Read to the end rather than by the file's size: `/proc` files say they are empty.
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.readToEnd() else { return nil }
        return parse(status: String(decoding: data, as: UTF8.self))
    }

    /// The `VmHWM:\t   41092 kB` line of a `/proc/<pid>/status` text, in bytes.
    static func parse(status text: String) -> Int? {
        for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let fields = line.dropFirst("VmHWM:".count).split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let value = fields.first.flatMap({ Int($0) }), fields.dropFirst().first == "kB" else { return nil }
            return value * 1024
        }
        return nil
    }

    /// `41 MB`, `1.07 GB` (decimal units, as the benchmarks' tables).
    static func text(_ bytes: Int) -> String {
        let megabytes = Double(bytes) / 1_000_000
        return megabytes >= 1000 ? String(format: "%.2f GB", megabytes / 1000) : String(format: "%.0f MB", megabytes)
    }
}
