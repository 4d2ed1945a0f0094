import Foundation
import Mustache
import Synchronization

/// Notes the names a template asked for that the context does not have.
///
/// swift-mustache renders an unknown variable as an empty string; sitegen wraps the context so that a lookup
/// that fails everywhere is recorded and reported (a warning, an error with `--strict`). Thread-safe: the
/// `site.*` objects prepared once per build are shared by pages rendered in parallel.
final class LookupRecorder: Sendable {
    private let storage = Mutex<Set<String>>([])

    /// Names looked up at the root that nothing provided, and dotted names (`page.titel`) whose last part was missing.
    var misses: Set<String> { storage.withLock { $0 } }

    func record(_ name: String) { storage.withLock { _ = $0.insert(name) } }
}

/// A dictionary as swift-mustache sees it, recording failed lookups.
///
/// The values are converted once, when the object is made: every lookup is then a dictionary access, with no
/// dynamic casts (which the profile showed to be most of a page's rendering time). Only the root and named
/// objects (`site`, `page.x`) record: list items do not, because a name missing from an item is looked up again
/// in the enclosing contexts, down to the root, which records it if it fails there too.
final class RecordingObject: MustacheParent, @unchecked Sendable {
    let values: [String: Any]
    /// Dotted path of this object from the root (`""` for the root), or nil for list items.
    let path: String?
    let recorder: LookupRecorder

    init(values: [String: Any], path: String?, recorder: LookupRecorder) {
        self.path = path
        self.recorder = recorder
        var converted: [String: Any] = [:]
        converted.reserveCapacity(values.count)
        for (name, value) in values {
            converted[name] = Self.convert(value, parentPath: path, name: name, recorder: recorder)
        }
        self.values = converted
    }

    /// An object whose values are already converted (a copy of a prepared object with one value changed).
    init(converted: [String: Any], path: String?, recorder: LookupRecorder) {
        self.values = converted
        self.path = path
        self.recorder = recorder
    }

    func child(named name: String) -> Any? {
        if let value = values[name] { return value }
        if let path { recorder.record(path.isEmpty ? name : "\(path).\(name)") }
        return nil
    }

    /// The value as swift-mustache should see it. Empty strings become `NSNull`: swift-mustache treats "" as
    /// true in sections, and an empty value must hide `{{#x}}` blocks.
    /// `parentPath` and `name` give the child's dotted path, built only for objects (the rare case).
    static func convert(_ value: Any, parentPath: String?, name: String, recorder: LookupRecorder) -> Any {
        // Dispatch on the dynamic type: a failing `as?` cast to String, Array or Dictionary goes through the
        // runtime's bridging checks, which the profile showed costing more than the rendering itself.
        let type = Swift.type(of: value)
        if type == String.self {
            let text = value as! String
            return text.isEmpty ? NSNull() : text
        }
        if type == Bool.self || type == Int.self || type == NSNull.self || type == RecordingObject.self { return value }
        if type == PreparedItems.self { return (value as! PreparedItems).items }
        if type == [String: Any].self {
            let childPath = parentPath.map { $0.isEmpty ? name : "\($0).\(name)" }
            return RecordingObject(values: value as! [String: Any], path: childPath, recorder: recorder)
        }
        if type == [[String: Any]].self {
            return (value as! [[String: Any]]).map { RecordingObject(values: $0, path: nil, recorder: recorder) }
        }
        if type == [RecordingObject].self { return value }
        if type == [Any].self {
            return (value as! [Any]).map { convert($0, parentPath: nil, name: "", recorder: recorder) }
        }
        // Anything else (other numbers, other collections): the general, slower casts.
        switch value {
        case let text as String:
            return text.isEmpty ? NSNull() : text
        case let dictionary as [String: Any]:
            let childPath = parentPath.map { $0.isEmpty ? name : "\($0).\(name)" }
            return RecordingObject(values: dictionary, path: childPath, recorder: recorder)
        case let list as [[String: Any]]:
            return list.map { RecordingObject(values: $0, path: nil, recorder: recorder) }
        case let list as [Any]:
            return list.map { convert($0, parentPath: nil, name: "", recorder: recorder) }
        default:
            return value
        }
    }
}

/// A list of objects converted once for every page of a build (the products and their articles in `site.*`).
final class PreparedItems: @unchecked Sendable {
    let items: [RecordingObject]

    init(_ list: [[String: Any]], recorder: LookupRecorder) {
        items = list.map { RecordingObject(values: $0, path: nil, recorder: recorder) }
    }
}
