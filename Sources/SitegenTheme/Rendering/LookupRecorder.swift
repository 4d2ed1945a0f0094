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
///
/// The names are kept in a list with a cheap hash of each (`TemplateKey.hash`), not in a `Dictionary`: an
/// article page makes about twenty objects and looks names up about ninety times, and hashing each name with
/// the standard hasher, on insert and on every lookup, cost more than the lookups. The
/// compiled renderer hashes its names once, when a template is compiled; an object of many names also gets an
/// index.
final class RecordingObject: MustacheParent, @unchecked Sendable {
    private let keys: [String]
    private let hashes: [UInt64]
    private let items: [TemplateValue]
    /// Position of each name, for objects of more names than a list search suits.
    private let index: [String: Int]?
    /// Dotted path of this object from the root (`""` for the root), or nil for list items.
    let path: String?
    let recorder: LookupRecorder

    static let indexedCount = 24

    /// An object made of names and values in order; a repeated name keeps its last value, as in a dictionary.
    init(entries: [(String, TemplateValue)], path: String?, recorder: LookupRecorder) {
        var keys: [String] = []
        var hashes: [UInt64] = []
        var items: [TemplateValue] = []
        keys.reserveCapacity(entries.count)
        hashes.reserveCapacity(entries.count)
        items.reserveCapacity(entries.count)
        for (key, value) in entries {
            let hash = TemplateKey.hash(key)
            if let existing = Self.position(of: key, hash: hash, keys: keys, hashes: hashes) {
                items[existing] = value
                continue
            }
            keys.append(key)
            hashes.append(hash)
            items.append(value)
        }
        self.keys = keys
        self.hashes = hashes
        self.items = items
        self.index = keys.count > Self.indexedCount
            ? Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) }) : nil
        self.path = path
        self.recorder = recorder
    }

    /// An object of `keys.names`, with `items` in the same order: for objects made many times with the same names
    /// (a report's findings), whose names are hashed once and whose name lists are shared.
    init(keys: TemplateKeys, items: [TemplateValue], path: String?, recorder: LookupRecorder) {
        precondition(items.count == keys.names.count, "one value per name")
        self.keys = keys.names
        self.hashes = keys.hashes
        self.items = items
        self.index = keys.index
        self.path = path
        self.recorder = recorder
    }

    convenience init(values: [String: Any], path: String?, recorder: LookupRecorder) {
        self.init(entries: values.map { name, value in
            (name, TemplateValue(value, parentPath: path, name: name, recorder: recorder))
        }, path: path, recorder: recorder)
    }

    /// An object whose values are already converted (a copy of a prepared object with one value changed).
    convenience init(converted: [String: TemplateValue], path: String?, recorder: LookupRecorder) {
        self.init(entries: converted.map { ($0.key, $0.value) }, path: path, recorder: recorder)
    }

    private static func position(of name: String, hash: UInt64, keys: [String], hashes: [UInt64]) -> Int? {
        for position in hashes.indices where hashes[position] == hash && keys[position] == name { return position }
        return nil
    }

    /// The names and values, as a dictionary.
    var values: [String: TemplateValue] {
        Dictionary(zip(keys, items), uniquingKeysWith: { _, last in last })
    }

    /// The value named `name`, or nil (recorded as unknown, for the root and named objects).
    func value(named name: String) -> TemplateValue? {
        value(named: name, hash: TemplateKey.hash(name))
    }

    /// Same as `value(named:)`, with the name's `TemplateKey.hash` computed already.
    func value(named name: String, hash: UInt64) -> TemplateValue? {
        let found = if let index { index[name] } else { Self.position(of: name, hash: hash, keys: keys, hashes: hashes) }
        if let found { return items[found] }
        if let path { recorder.record(path.isEmpty ? name : "\(path).\(name)") }
        return nil
    }

    /// swift-mustache's lookup.
    func child(named name: String) -> Any? { value(named: name)?.anyValue }

    /// The values as plain Swift values (objects as `[String: Any]`, null as ""), which `TemplateValue` converts
    /// back into the same values, recording paths included.
    var plainValues: [String: Any] { values.mapValues(\.plainValue) }
}

/// The names of objects made many times over with the same names, hashed (and indexed) once. The names are
/// distinct.
struct TemplateKeys: Sendable {
    let names: [String]
    let hashes: [UInt64]
    let index: [String: Int]?

    init(_ names: [String]) {
        precondition(Set(names).count == names.count, "template keys must be distinct")
        self.names = names
        hashes = names.map(TemplateKey.hash)
        index = names.count > RecordingObject.indexedCount
            ? Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) }) : nil
    }
}

/// The hash the template objects keep of their names: FNV-1a over the UTF-8 bytes, a few instructions a byte.
/// Collisions cost only a string comparison; names come from the site's own templates and front matter.
enum TemplateKey {
    static func hash(_ name: String) -> UInt64 {
        var name = name
        return name.withUTF8 { bytes in
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in bytes {
                hash ^= UInt64(byte)
                hash &*= 0x0000_0100_0000_01b3
            }
            return hash
        }
    }
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
    /// inline `Any` made every template value 32 bytes, copied through a generic outlined copy at every lookup;
    /// boxed, a value is a string or one reference.
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
