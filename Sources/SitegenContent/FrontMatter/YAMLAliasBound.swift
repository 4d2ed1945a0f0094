// Coupling: CYaml is the libyaml copy inside Yams, a target of that package that it does not publish as a product.
// Yams is pinned exactly in Package.swift for this reason, and `YAMLAliasBound.selfCheck` runs at first use.
internal import CYaml

/// How many nodes a YAML text has once every alias is expanded, counted from libyaml's events before Yams
/// composes it.
///
/// Why this exists: Yams expands an alias by sharing the anchored node, which is cheap, but its duplicate-key check
/// hashes each mapping key whole, aliases expanded. Nine anchors that each alias the previous one nine times make a
/// key of 9⁹ nodes out of 351 bytes: composing took minutes before any limit of sitegen's could apply. Counting
/// events is linear in the text, whatever the aliases do, so the front matter (or configuration) is refused first.
/// Hand-written because neither Yams nor libyaml offers a bound on alias expansion.
enum YAMLAliasBound {
    /// Where counting stopped.
    struct Overflow: Equatable {
        /// 1-based line and column (in Unicode scalars, as libyaml counts) of the node that crossed the limit.
        let line: Int
        let column: Int
    }

    enum Verdict: Equatable {
        /// At most `limit` nodes with aliases expanded (or not valid YAML: Yams then reports the error itself).
        case withinLimit
        case tooLarge(Overflow)
        /// The text has a `*` and the start-up probe failed: aliases cannot be bounded with this libyaml.
        case uncheckable
    }

    static func verdict(for yaml: String, limit: Int) -> Verdict {
        // Without a `*` there is no alias, and a node without one is at least a byte of the text.
        guard yaml.utf8.contains(UInt8(ascii: "*")) else { return .withinLimit }
        guard selfCheckPasses else { return .uncheckable }
        return count(yaml, limit: limit).overflow.map(Verdict.tooLarge) ?? .withinLimit
    }

    /// The message for `.uncheckable`.
    static let uncheckableMessage = "this sitegen's YAML reader failed its start-up check, so YAML aliases ('*name') "
        + "cannot be bounded and are refused; write the values out, or report this with `sitegen --version`"

    /// The count (capped at `limit + 1`) and where it crossed `limit`.
    static func count(_ yaml: String, limit: Int) -> (nodes: Int, overflow: Overflow?) {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return (0, nil) }
        defer { yaml_parser_delete(&parser) }
        var bytes = Array(yaml.utf8)
        return bytes.withUnsafeMutableBufferPointer { buffer -> (Int, Overflow?) in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            /// Expanded sizes of anchored nodes, by anchor name (a later anchor of the same name replaces it).
            var anchored: [String: Int] = [:]
            /// Open collections: their size so far (themselves included) and their anchor.
            var open: [(size: Int, anchor: String?)] = []
            var total = 0
            func add(_ size: Int, line: Int, column: Int) -> Overflow? {
                let capped = min(size, limit + 1)
                if open.isEmpty {
                    total = min(total + capped, limit + 1)
                    return total > limit ? Overflow(line: line, column: column) : nil
                }
                open[open.count - 1].size = min(open[open.count - 1].size + capped, limit + 1)
                return open[open.count - 1].size > limit ? Overflow(line: line, column: column) : nil
            }
            func name(_ anchor: UnsafeMutablePointer<yaml_char_t>?) -> String? {
                anchor.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
            }
            var event = yaml_event_t()
            while yaml_parser_parse(&parser, &event) == 1 {
                defer { yaml_event_delete(&event) }
                let line = Int(event.start_mark.line) + 1, column = Int(event.start_mark.column) + 1
                var overflow: Overflow?
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return (total, nil)
                case YAML_SCALAR_EVENT:
                    if let anchor = name(event.data.scalar.anchor) { anchored[anchor] = 1 }
                    overflow = add(1, line: line, column: column)
                case YAML_ALIAS_EVENT:
                    overflow = add(name(event.data.alias.anchor).flatMap { anchored[$0] } ?? 1, line: line, column: column)
                case YAML_SEQUENCE_START_EVENT:
                    open.append((1, name(event.data.sequence_start.anchor)))
                case YAML_MAPPING_START_EVENT:
                    open.append((1, name(event.data.mapping_start.anchor)))
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    guard let closed = open.popLast() else { return (total, nil) }
                    if let anchor = closed.anchor { anchored[anchor] = closed.size }
                    overflow = add(closed.size, line: line, column: column)
                default:
                    break
                }
                if let overflow { return (limit + 1, overflow) }
            }
            return (total, nil)
        }
    }

    /// The probe: the mapping, key `a`, `&a [x, x]` (3), key `b`, `&b [*a, *a]` (7), `*b` as a key (7) and `y`.
    static let probe = "a: &a [x, x]\nb: &b [*a, *a]\n? *b\n: y\n"
    static let probeNodes = 21

    /// Whether libyaml's events are the ones this counter knows: checked once, on the probe.
    static let selfCheckPasses: Bool = count(probe, limit: 1_000).nodes == probeNodes
}
