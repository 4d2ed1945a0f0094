/// The `id` and `name` attribute values of an HTML page: the targets a `#fragment` can reach.
///
/// Hand-written, one pass over the bytes: an HTML parser is not among the dependencies, and only these two
/// attributes matter (a tolerant scan of tags, quoted and unquoted values; comments and scripts are not skipped,
/// which can only add anchors, never report a working fragment as missing).
enum HTMLAnchors {
    static func scan(_ bytes: [UInt8]) -> Set<String> {
        var anchors: Set<String> = []
        var index = 0
        let count = bytes.count
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C }
        func lower(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte | 0x20 : byte }
        while index < count {
            guard bytes[index] == UInt8(ascii: "<") else { index += 1; continue }
            index += 1
            // Inside a tag: attribute names preceded by whitespace, up to `>`.
            while index < count, bytes[index] != UInt8(ascii: ">") {
                guard isSpace(bytes[index]) else {
                    if bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") {
                        // A stray quoted run: skip it whole.
                        let quote = bytes[index]
                        index += 1
                        while index < count, bytes[index] != quote { index += 1 }
                    }
                    index += 1
                    continue
                }
                while index < count, isSpace(bytes[index]) { index += 1 }
                let nameStart = index
                while index < count, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: "="), bytes[index] != UInt8(ascii: ">") {
                    index += 1
                }
                let name = bytes[nameStart..<index].map(lower)
                var at = index
                while at < count, isSpace(bytes[at]) { at += 1 }
                guard at < count, bytes[at] == UInt8(ascii: "=") else { continue }
                at += 1
                while at < count, isSpace(bytes[at]) { at += 1 }
                guard at < count else { break }
                var valueStart = at
                var valueEnd: Int
                if bytes[at] == UInt8(ascii: "\"") || bytes[at] == UInt8(ascii: "'") {
                    let quote = bytes[at]
                    valueStart = at + 1
                    valueEnd = valueStart
                    while valueEnd < count, bytes[valueEnd] != quote { valueEnd += 1 }
                    index = min(count, valueEnd + 1)
                } else {
                    valueEnd = at
                    while valueEnd < count, !isSpace(bytes[valueEnd]), bytes[valueEnd] != UInt8(ascii: ">") { valueEnd += 1 }
                    index = valueEnd
                }
                if name == Array("id".utf8) || name == Array("name".utf8), valueEnd > valueStart {
                    anchors.insert(String(decoding: bytes[valueStart..<valueEnd], as: UTF8.self))
                }
            }
        }
        return anchors
    }
}
