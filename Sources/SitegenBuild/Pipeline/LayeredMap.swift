/// A dictionary that is cheap to copy after a few changes: a shared base plus a small layer of the keys changed
/// since, folded into a new base only once the layer has grown to a fraction of it.
///
/// The preview keeps every output file and every file's findings of a 50,000-article site, and publishes a new
/// snapshot after each edit while requests are still served from the last one. With a plain dictionary each
/// publication copied all 50,000 entries (the old snapshot still shares them); here it copies the layer, so an
/// edit costs what it changed, and the occasional fold is paid back over the edits before it.
package struct LayeredMap<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private var base: [Key: Value]
    /// Changes since `base`: a value, or nil for a removed key.
    private var layer: [Key: Value?] = [:]
    /// Keys in `base` that `layer` removes, and keys `layer` adds, so that `count` stays exact.
    private var removed = 0, added = 0

    package init(_ base: [Key: Value] = [:]) { self.base = base }

    package subscript(key: Key) -> Value? {
        get {
            if let changed = layer[key] { return changed }
            return base[key]
        }
        set {
            let inBase = base[key] != nil
            let before = layer[key]
            let wasPresent = before.map { $0 != nil } ?? inBase
            layer[key] = .some(newValue)
            let isPresent = newValue != nil
            if wasPresent != isPresent {
                if inBase { removed += isPresent ? -1 : 1 } else { added += isPresent ? 1 : -1 }
            }
            if layer.count > 1_024, layer.count * 8 > base.count { fold() }
        }
    }

    package var count: Int { base.count - removed + added }

    /// Every key and value, in no set order.
    package var entries: [(key: Key, value: Value)] {
        var result: [(key: Key, value: Value)] = []
        result.reserveCapacity(count)
        for (key, value) in base where layer[key] == nil { result.append((key, value)) }
        for (key, value) in layer { if let value { result.append((key, value)) } }
        return result
    }

    package var keys: [Key] { entries.map(\.key) }

    /// A plain dictionary of the same entries.
    package var dictionary: [Key: Value] {
        var result = base
        for (key, value) in layer { result[key] = value }
        return result
    }

    private mutating func fold() {
        base = dictionary
        layer = [:]
        removed = 0
        added = 0
    }
}

extension LayeredMap: Equatable where Value: Equatable {
    package static func == (lhs: LayeredMap, rhs: LayeredMap) -> Bool { lhs.dictionary == rhs.dictionary }
}
