import Foundation
import Mustache

/// Notes the names a template asked for that the context does not have.
///
/// swift-mustache renders an unknown variable as an empty string; sitegen wraps the context so that a lookup
/// that fails everywhere is recorded and reported (a warning, an error with `--strict`).
final class LookupRecorder {
    /// Names looked up at the root that nothing provided, and dotted names (`page.titel`) whose last part was missing.
    var misses: Set<String> = []
}

/// A dictionary as swift-mustache sees it, recording failed lookups.
///
/// Only the root and named objects (`site`, `page.x`) record: list items do not, because a name missing from an
/// item is looked up again in the enclosing contexts, down to the root, which records it if it fails there too.
struct RecordingObject: MustacheParent {
    let values: [String: Any]
    /// Dotted path of this object from the root (`""` for the root), or nil for list items.
    let path: String?
    let recorder: LookupRecorder

    func child(named name: String) -> Any? {
        guard let value = values[name] else {
            if let path { recorder.misses.insert(path.isEmpty ? name : "\(path).\(name)") }
            return nil
        }
        return wrap(value, childPath: path.map { $0.isEmpty ? name : "\($0).\(name)" })
    }

    private func wrap(_ value: Any, childPath: String?) -> Any {
        switch value {
        case let dictionary as [String: Any]:
            return RecordingObject(values: dictionary, path: childPath, recorder: recorder)
        case let list as [[String: Any]]:
            return list.map { RecordingObject(values: $0, path: nil, recorder: recorder) }
        case let list as [Any]:
            return list.map { item -> Any in
                if let dictionary = item as? [String: Any] {
                    return RecordingObject(values: dictionary, path: nil, recorder: recorder)
                }
                return item
            }
        case let text as String where text.isEmpty:
            // swift-mustache treats "" as true in sections; an empty value must hide `{{#x}}` blocks.
            return NSNull()
        default:
            return value
        }
    }
}
