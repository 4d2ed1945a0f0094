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

/// A dictionary as the templates see it, recording failed lookups.
///
/// The values are converted once, when the object is made, into `TemplateValue`s: the compiled renderer then
/// dispatches on an enum instead of casting `Any` (the profile showed dynamic casts to be most of a page's
/// rendering time), and swift-mustache gets them back as the `Any` values it knows. Only the root and named
/// objects (`site`, `page.x`) record: list items do not, because a name missing from an item is looked up again
/// in the enclosing contexts, down to the root, which records it if it fails there too.
final class RecordingObject: MustacheParent, @unchecked Sendable {
    let values: [String: TemplateValue]
    /// Dotted path of this object from the root (`""` for the root), or nil for list items.
    let path: String?
    let recorder: LookupRecorder

    init(values: [String: Any], path: String?, recorder: LookupRecorder) {
        self.path = path
        self.recorder = recorder
        var converted: [String: TemplateValue] = [:]
        converted.reserveCapacity(values.count)
        for (name, value) in values {
            converted[name] = TemplateValue(value, parentPath: path, name: name, recorder: recorder)
        }
        self.values = converted
    }

    /// An object whose values are already converted (a copy of a prepared object with one value changed).
    init(converted: [String: TemplateValue], path: String?, recorder: LookupRecorder) {
        self.values = converted
        self.path = path
        self.recorder = recorder
    }

    /// The value named `name`, or nil (recorded as unknown, for the root and named objects).
    func value(named name: String) -> TemplateValue? {
        if let value = values[name] { return value }
        if let path { recorder.record(path.isEmpty ? name : "\(path).\(name)") }
        return nil
    }

    /// swift-mustache's lookup.
    func child(named name: String) -> Any? { value(named: name)?.anyValue }

    /// The values as plain Swift values (objects as `[String: Any]`, null as ""), which `TemplateValue` converts
    /// back into the same values, recording paths included.
    var plainValues: [String: Any] { values.mapValues(\.plainValue) }
}

/// A template value, converted once from the `Any` values of a page's context.
///
/// Empty strings become `null` (`NSNull` for swift-mustache): swift-mustache treats "" as true in sections, and an
/// empty value must hide `{{#x}}` blocks. Dictionaries become `RecordingObject`s, lists of them `objects`.
enum TemplateValue {
    case string(String)
    case null
    case bool(Bool)
    case int(Int)
    case object(RecordingObject)
    case objects([RecordingObject])
    case list([TemplateValue])
    /// Any other value (a number that is not an `Int`, a date...), left to swift-mustache's rules. Boxed: an
    /// inline `Any` made every template value 32 bytes, copied through a generic outlined copy at every lookup
    /// (callgrind: about 130 instructions a copy); boxed, a value is a string or one reference.
    indirect case other(Any)

    /// `parentPath` and `name` give the child's dotted path, built only for objects (the rare case).
    init(_ value: Any, parentPath: String?, name: String, recorder: LookupRecorder) {
        // Dispatch on the dynamic type: a failing `as?` cast to String, Array or Dictionary goes through the
        // runtime's bridging checks, which the profile showed costing more than the rendering itself.
        let type = Swift.type(of: value)
        if type == String.self {
            let text = value as! String
            self = text.isEmpty ? .null : .string(text)
        } else if type == Bool.self {
            self = .bool(value as! Bool)
        } else if type == Int.self {
            self = .int(value as! Int)
        } else if type == NSNull.self {
            self = .null
        } else if type == RecordingObject.self {
            self = .object(value as! RecordingObject)
        } else if type == [RecordingObject].self {
            self = .objects(value as! [RecordingObject])
        } else if type == [String: Any].self {
            self = .object(Self.object(value as! [String: Any], parentPath: parentPath, name: name, recorder: recorder))
        } else if type == [[String: Any]].self {
            self = .objects((value as! [[String: Any]]).map { RecordingObject(values: $0, path: nil, recorder: recorder) })
        } else if type == [Any].self {
            self = .list((value as! [Any]).map { TemplateValue($0, parentPath: nil, name: "", recorder: recorder) })
        } else {
            // Anything else (other numbers, other collections): the general, slower casts.
            switch value {
            case let text as String:
                self = text.isEmpty ? .null : .string(text)
            case let dictionary as [String: Any]:
                self = .object(Self.object(dictionary, parentPath: parentPath, name: name, recorder: recorder))
            case let list as [[String: Any]]:
                self = .objects(list.map { RecordingObject(values: $0, path: nil, recorder: recorder) })
            case let list as [Any]:
                self = .list(list.map { TemplateValue($0, parentPath: nil, name: "", recorder: recorder) })
            default:
                self = .other(value)
            }
        }
    }

    private static func object(_ values: [String: Any], parentPath: String?, name: String,
                               recorder: LookupRecorder) -> RecordingObject {
        let childPath = parentPath.map { $0.isEmpty ? name : "\($0).\(name)" }
        return RecordingObject(values: values, path: childPath, recorder: recorder)
    }

    /// A text value: an empty one is `null`, as when converted from `Any`.
    static func text(_ text: String) -> TemplateValue { text.isEmpty ? .null : .string(text) }

    /// The value as plain Swift values (see `RecordingObject.plainValues`).
    var plainValue: Any {
        switch self {
        case .string(let text): text
        case .null: ""
        case .bool(let flag): flag
        case .int(let number): number
        case .object(let object): object.plainValues
        case .objects(let objects): objects.map(\.plainValues)
        case .list(let list): list.map(\.plainValue)
        case .other(let value): value
        }
    }

    /// The value as swift-mustache knows it.
    var anyValue: Any {
        switch self {
        case .string(let text): text
        case .null: NSNull()
        case .bool(let flag): flag
        case .int(let number): number
        case .object(let object): object
        case .objects(let objects): objects
        case .list(let list): list.map(\.anyValue)
        case .other(let value): value
        }
    }
}
