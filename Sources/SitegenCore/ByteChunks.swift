/// What a large generated document (a report of tens of thousands of findings) is handed on in: chunks of about
/// `size` bytes, each passed to a `ByteChunks.Sink` as soon as it is made, rather than the whole document made first
/// and written after. A whole 64 MB report was 64 MB of fresh memory, every page of it zeroed by the kernel when
/// first written and then copied once more into the file, at the point of the run where memory peaks; a chunk's
/// buffer is reused for the next.
public enum ByteChunks {
    /// Bytes gathered before a chunk is handed on (a document's last chunk may be smaller, one entry's output may
    /// take a chunk past it).
    public static let size = 1 << 18

    /// Takes each chunk, in order; the bytes are valid only during the call.
    public typealias Sink = (UnsafeBufferPointer<UInt8>) -> Void

    /// Hands `bytes` to `sink` and empties them (keeping their memory for the next chunk) once they hold at least
    /// `size` bytes; with `size` 0, whatever they hold.
    public static func flush(_ bytes: inout [UInt8], ifAtLeast size: Int, to sink: Sink) {
        guard !bytes.isEmpty, bytes.count >= size else { return }
        bytes.withUnsafeBufferPointer(sink)
        bytes.removeAll(keepingCapacity: true)
    }

    /// Everything `produce` hands its sink, in one array.
    public static func collect(reserving capacity: Int = 0, _ produce: (Sink) -> Void) -> [UInt8] {
        var all: [UInt8] = []
        all.reserveCapacity(capacity)
        produce { all.append(contentsOf: $0) }
        return all
    }
}
