import Foundation
import Mustache
import SitegenCore

/// Renders templates that swift-mustache parsed, with swift-mustache's rendering rules, several times faster, for
/// the values sitegen's page contexts hold (strings, numbers, booleans, lists, objects and other plain values such
/// as front matter dates). Lambdas and templates as values, which sitegen never passes, are not supported.
///
/// Why hand-written: swift-mustache's renderer was a third of a build's CPU time. Per tag it splits the dotted
/// name again, makes a string per token and joins
/// them, and makes several dynamic protocol casts per lookup step (custom representation, parent, lambda, custom
/// renderable, sequence), which the Swift runtime answers through a global conformance cache. No listed package
/// renders Mustache faster. swift-mustache stays the parser (its errors and positions are what authors see), the
/// fallback, and the reference: this renderer walks swift-mustache's own parsed tokens (read once per theme with
/// `Mirror`, since they are not public), splits names once, writes into one byte buffer, and tests the value types
/// sitegen's contexts hold before falling back to swift-mustache's casts for anything else.
///
/// It declines (returns nil, and swift-mustache renders everything) when a template uses what it does not
/// implement: transforms (`{{uppercased(x)}}`), dynamic partials (`{{>*x}}`), or a token layout it does not know,
/// as a new swift-mustache version might bring. A test requires the built-in theme to be compiled, and compares
/// the two renderers on the built-in theme and on templates chosen for their edge cases.
struct CompiledLibrary: Sendable {
    private let templates: [String: CompiledTemplate]

    /// Why a theme could not be compiled: the template, and what in it the compiled renderer does not implement.
    struct Refusal: Error, Equatable {
        var template: String
        var reason: String
    }

    /// Compiles the templates `names` of `library`, or says which one cannot be, and why.
    static func compile(_ library: MustacheLibrary, names: some Sequence<String>) -> Result<CompiledLibrary, Refusal> {
        var templates: [String: CompiledTemplate] = [:]
        for name in names.sorted() {
            guard let template = library.getTemplate(named: name) else { continue }
            do {
                templates[name] = try CompiledTemplate(template)
            } catch {
                return .failure(Refusal(template: name, reason: error.reason))
            }
        }
        return .success(CompiledLibrary(templates: templates))
    }

    private init(templates: [String: CompiledTemplate]) {
        self.templates = templates
    }

    /// The template `name` rendered with `object` as its context, or nil when there is no such template
    /// (as `MustacheLibrary.render(_:withTemplate:)`).
    /// `capacity`: the bytes the page is expected to take, reserved at once (a large page grown by doubling copied
    /// itself again and again, and held two copies at the last).
    func render(_ object: RecordingObject, withTemplate name: String, capacity: Int = 16_384) -> [UInt8]? {
        guard let template = templates[name] else { return nil }
        var renderer = Renderer(library: templates, root: object, capacity: capacity)
        renderer.render(template, Renderer.Scope())
        return renderer.output
    }

    /// `render`, with the output handed to `sink` as it is made, a chunk of about `chunkSize` bytes at a time
    /// (`ByteChunks`): between the items of a list, when no indented partial or block is being rendered (indenting
    /// a token's output goes back to where the token's output started). With `jobs` above 1, the items of a list
    /// of `parallelFrom` items or more are rendered on that many threads (`Renderer.renderInParallel`), for one
    /// page of tens of thousands of entries (the link report's). False when there is no such template.
    func render(_ object: RecordingObject, withTemplate name: String, chunkSize: Int = ByteChunks.size, jobs: Int = 1,
                parallelFrom: Int = 64, to sink: ByteChunks.Sink) -> Bool {
        guard let template = templates[name] else { return false }
        return withoutActuallyEscaping(sink) { sink in
            var renderer = Renderer(library: templates, stack: [.object(object)], capacity: chunkSize + 16_384)
            renderer.drain = (sink, chunkSize)
            if jobs > 1 { renderer.parallel = (jobs, max(1, parallelFrom)) }
            renderer.render(template, Renderer.Scope())
            ByteChunks.flush(&renderer.output, ifAtLeast: 0, to: sink)
            return true
        }
    }
}

/// The swift-mustache release whose parsed templates this renderer reads (through `Mirror`: they are not public).
/// Package.swift pins swift-mustache to it exactly; another release is read only if its tokens have the same shape,
/// and otherwise the theme is rendered by swift-mustache with a `theme-not-compiled` note.
let supportedMustacheVersion = "2.1.1"

/// A variable or section name, split once.
///
/// A class, so that copying a token that holds one (as a call does) retains one object rather than two lists.
final class TemplateName: Sendable {
    enum Kind: Sendable {
        /// `.`: the current object.
        case current
        /// `.x.y`: looked up in the current object only.
        case anchored
        /// `x.y`: the first part is looked up from the innermost object outwards.
        case climbing
    }

    let kind: Kind
    let parts: [String]
    /// `TemplateKey.hash` of each part, computed once.
    let hashes: [UInt64]

    init(_ name: String) {
        if name == "." {
            kind = .current
        } else if name.first == "." {
            kind = .anchored
        } else {
            kind = .climbing
        }
        parts = kind == .current ? [] : name.split(separator: ".").map(String.init)
        hashes = parts.map(TemplateKey.hash)
    }
}

/// One template in compiled form.
///
/// Its tokens are plain values, copied without counting a reference: the renderer copies each token it renders
/// (a page renders thousands), and retaining and releasing the names, bodies and texts they held, shared by every
/// thread rendering, was a third of rendering. What a token refers to is owned by the template (`owned`, `texts`),
/// which outlives every rendering of it: a library holds its templates, and a template the sections inside it.
final class CompiledTemplate: Sendable {
    enum Token: Sendable {
        case text(Text)
        case variable(Borrowed<TemplateName>, escaped: Bool)
        case section(Borrowed<TemplateName>, Borrowed<CompiledTemplate>)
        case invertedSection(Borrowed<TemplateName>, Borrowed<CompiledTemplate>)
        case blockExpansion(Borrowed<BlockExpansion>)
        case partial(Borrowed<PartialCall>)
        case contentType(Borrowed<ContentTypeSetting>)
        /// A block definition outside a parent (swift-mustache stops the process on it): renders nothing.
        case nothing
    }

    /// An object a token refers to without owning it (`unowned(unsafe)`: copying it counts nothing). The template
    /// holding the token owns the object.
    struct Borrowed<Object: AnyObject & Sendable>: Sendable {
        unowned(unsafe) let object: Object
        init(_ object: Object) { self.object = object }
    }

    /// A text token's bytes, in memory the template allocated and frees.
    struct Text: @unchecked Sendable {
        let bytes: UnsafeBufferPointer<UInt8>
    }

    /// `{{$name}}default{{/name}}`: a block, with its default body.
    final class BlockExpansion: Sendable {
        let name: String
        let defaultBody: CompiledTemplate
        let indentation: String?
        init(name: String, defaultBody: CompiledTemplate, indentation: String?) {
            (self.name, self.defaultBody, self.indentation) = (name, defaultBody, indentation)
        }
    }

    /// `{{> name}}` or `{{< name}}...{{/name}}`: a partial, with the blocks it sets.
    final class PartialCall: Sendable {
        let name: String
        let indentation: String?
        let inherits: [String: CompiledTemplate]?
        init(name: String, indentation: String?, inherits: [String: CompiledTemplate]?) {
            (self.name, self.indentation, self.inherits) = (name, indentation, inherits)
        }
    }

    /// `{{% CONTENT_TYPE: ... }}`: how the variables after it are escaped.
    final class ContentTypeSetting: Sendable {
        let type: ContentType
        init(_ type: ContentType) { self.type = type }
    }

    /// How variables are escaped.
    enum ContentType: Sendable {
        /// `& < > " '`, byte by byte (sitegen's content type and swift-mustache's default escape the same five).
        case html
        /// Boxed, so that copying the scope (once per section and partial) copies one reference, not an existential.
        indirect case other(any MustacheContentType)
    }

    let tokens: [Token]
    /// What the tokens refer to (`Borrowed`), kept alive with the template.
    private let owned: [any AnyObject & Sendable]
    /// The text tokens' bytes (`Text`), freed with the template.
    private let texts: [Text]

    /// Why a template cannot be compiled, in words for the `theme-not-compiled` note.
    struct Refusal: Error {
        var reason: String
        static func layout(_ what: String) -> Refusal {
            Refusal(reason: "swift-mustache's parsed \(what) has a layout this renderer does not know "
                        + "(it reads swift-mustache \(supportedMustacheVersion), to which Package.swift pins it)")
        }
    }

    /// Reads swift-mustache's parsed tokens, or throws what they hold that this renderer does not implement.
    init(_ template: MustacheTemplate) throws(Refusal) {
        guard let list = Mirror(reflecting: template).children.first(where: { $0.label == "tokens" })?.value else {
            throw .layout("template")
        }
        var tokens: [Token] = []
        var owning = Owning()
        do throws(Refusal) {
            for element in Mirror(reflecting: list).children {
                tokens.append(try Self.token(element.value, &owning))
            }
        } catch {
            Owning.free(owning.texts)
            throw error
        }
        (self.tokens, self.owned, self.texts) = (tokens, owning.objects, owning.texts)
    }

    deinit {
        Owning.free(texts)
    }

    /// What the tokens being read refer to, gathered for the template to own.
    private struct Owning {
        var objects: [any AnyObject & Sendable] = []
        var texts: [Text] = []

        mutating func borrow<Object: AnyObject & Sendable>(_ object: Object) -> Borrowed<Object> {
            objects.append(object)
            return Borrowed(object)
        }

        mutating func text(_ text: String) -> Text {
            let bytes = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, text.utf8.count))
            _ = bytes.initialize(from: text.utf8)
            let made = Text(bytes: UnsafeBufferPointer(rebasing: bytes[..<text.utf8.count]))
            texts.append(made)
            return made
        }

        /// Frees texts: a compiled template's, or those gathered for one that could not be compiled.
        static func free(_ texts: [Text]) {
            for text in texts { UnsafeMutableRawPointer(mutating: text.bytes.baseAddress)?.deallocate() }
        }
    }

    private static func token(_ value: Any, _ owning: inout Owning) throws(Refusal) -> Token {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .enum, let payload = mirror.children.first, let label = payload.label else {
            throw .layout("token")
        }
        // Associated values: one value as it is, several as a tuple whose parts are labelled (`.0` when unnamed).
        var fields: [String: Any] = [:]
        let tuple = Mirror(reflecting: payload.value)
        if tuple.displayStyle == .tuple {
            for child in tuple.children { if let name = child.label { fields[name] = child.value } }
        }
        func name() throws(Refusal) -> String {
            guard let name = fields["name"] as? String else { throw .layout("'\(label)' token") }
            return name
        }
        func noTransforms(_ name: String) throws(Refusal) {
            guard let transforms = fields["transforms"] as? [String] else { throw .layout("'\(label)' token") }
            guard transforms.isEmpty else {
                throw Refusal(reason: "'{{\(transforms.joined(separator: "(") + "(" + name + String(repeating: ")", count: transforms.count))}}' "
                                  + "applies a transform, which only swift-mustache's renderer runs")
            }
        }
        func template(_ key: String) throws(Refusal) -> CompiledTemplate {
            guard let template = fields[key] as? MustacheTemplate else { throw .layout("'\(label)' token") }
            return try CompiledTemplate(template)
        }
        func overrides() throws(Refusal) -> [String: CompiledTemplate]? {
            guard let field = fields["inherits"] else { throw .layout("'\(label)' token") }
            guard let inherits = field as? [String: MustacheTemplate] else {
                // An absent override list (`nil`), or a shape this renderer does not know.
                guard Mirror(reflecting: field).displayStyle == .optional, Mirror(reflecting: field).children.isEmpty else {
                    throw .layout("'\(label)' token")
                }
                return nil
            }
            var compiled: [String: CompiledTemplate] = [:]
            for (name, template) in inherits { compiled[name] = try CompiledTemplate(template) }
            return compiled
        }
        switch label {
        case "text":
            guard let text = payload.value as? String else { throw .layout("'text' token") }
            return .text(owning.text(text))
        case "variable", "unescapedVariable":
            let variable = try name()
            try noTransforms(variable)
            return .variable(owning.borrow(TemplateName(variable)), escaped: label == "variable")
        case "section", "invertedSection":
            let section = try name()
            try noTransforms(section)
            let (name, body) = (owning.borrow(TemplateName(section)), owning.borrow(try template("template")))
            return label == "section" ? .section(name, body) : .invertedSection(name, body)
        case "blockExpansion":
            let block = try name()
            let body = try template("default")
            guard fields.keys.contains("indentation") else { throw .layout("'blockExpansion' token") }
            return .blockExpansion(owning.borrow(BlockExpansion(name: block, defaultBody: body,
                                                                indentation: fields["indentation"] as? String)))
        case "partial":
            guard let partial = fields[".0"] as? String, fields.keys.contains("indentation") else { throw .layout("'partial' token") }
            return .partial(owning.borrow(PartialCall(name: partial, indentation: fields["indentation"] as? String,
                                                      inherits: try overrides())))
        case "contentType":
            guard let type = payload.value as? any MustacheContentType else { throw .layout("'contentType' token") }
            return .contentType(owning.borrow(ContentTypeSetting(type is TemplateParsing.HTMLContent ? .html : .other(type))))
        case "blockDefinition":
            return .nothing
        case "dynamicNamePartial":
            throw Refusal(reason: "it includes a dynamic partial ('{{>*name}}'), which only swift-mustache's renderer runs")
        default:
            // A token a later swift-mustache adds.
            throw Refusal(reason: "swift-mustache's parser made a '\(label)' token, which this renderer does not know "
                              + "(it reads swift-mustache \(supportedMustacheVersion), to which Package.swift pins it)")
        }
    }
}

/// One rendering: the output buffer and the stack of context values, pushed and popped around sections.
private struct Renderer {
    /// What swift-mustache's `MustacheContext` holds besides the stack.
    struct Scope {
        var indentation: String?
        var inherited: [String: CompiledTemplate]?
        var contentType: CompiledTemplate.ContentType = .html
    }

    let library: [String: CompiledTemplate]
    var stack: [TemplateValue]
    var output: [UInt8] = []
    /// Where the output goes as it is made, and the chunk size (`CompiledLibrary.render(_:withTemplate:chunkSize:to:)`);
    /// nil: it is kept whole.
    var drain: (sink: ByteChunks.Sink, size: Int)?
    /// Indented templates being rendered: while there is one, the output is not drained (see `render`), nor a
    /// list rendered in parallel.
    private var indentedTemplates = 0
    /// Threads for the items of a long list, and the items from which a list is long (`renderInParallel`); nil: one.
    var parallel: (jobs: Int, minimumItems: Int)?

    init(library: [String: CompiledTemplate], root: RecordingObject, capacity: Int) {
        self.init(library: library, stack: [.object(root)], capacity: capacity)
    }

    init(library: [String: CompiledTemplate], stack: [TemplateValue], capacity: Int) {
        self.library = library
        self.stack = stack
        output.reserveCapacity(capacity)
    }

    mutating func render(_ template: CompiledTemplate, _ scope: Scope) {
        var scope = scope
        // Through the buffer: a token is a plain value (see `CompiledTemplate`), copied without counting anything.
        template.tokens.withUnsafeBufferPointer { tokens in
            guard let indentation = scope.indentation, !indentation.isEmpty else {
                for index in tokens.indices { render(tokens[index], &scope) }
                return
            }
            // Inside an indented partial or block, a token's output that starts on a new line is indented (only at
            // the start of the token's output, as swift-mustache does). The indentation goes back to the token's
            // start, which must still be in the output: nothing is drained meanwhile.
            indentedTemplates += 1
            defer { indentedTemplates -= 1 }
            let templateStart = output.count
            for index in tokens.indices {
                let start = output.count
                render(tokens[index], &scope)
                if output.count > start, endsWithNewline(from: templateStart, to: start) {
                    output.insert(contentsOf: indentation.utf8, at: start)
                }
            }
        }
    }

    /// Whether `output[from..<to]`'s last Character is `"\n"` (a `"\r\n"` is one Character, not `"\n"`).
    private func endsWithNewline(from: Int, to: Int) -> Bool {
        guard to > from, output[to - 1] == UInt8(ascii: "\n") else { return false }
        return to - 1 == from || output[to - 2] != UInt8(ascii: "\r")
    }

    private mutating func render(_ token: CompiledTemplate.Token, _ scope: inout Scope) {
        switch token {
        case .text(let text):
            output.append(contentsOf: text.bytes)
        case .variable(let name, let escaped):
            guard let value = lookUp(name.object) else { return }
            write(value, escapedAs: escaped ? scope.contentType : nil)
        case .section(let name, let body):
            renderSection(lookUp(name.object), body.object, scope)
        case .invertedSection(let name, let body):
            renderInvertedSection(lookUp(name.object), body.object, scope)
        case .blockExpansion(let block):
            let block = block.object
            var inner = scope
            inner.indentation = Self.indent(scope.indentation, block.indentation)
            render(scope.inherited?[block.name] ?? block.defaultBody, inner)
        case .partial(let call):
            let call = call.object
            guard let partial = library[call.name] else { return }
            var inner = Scope(indentation: Self.indent(scope.indentation, call.indentation), inherited: scope.inherited)
            if let inheriting = call.inherits {
                // The outer template's blocks win over the ones this partial call sets.
                inner.inherited = scope.inherited.map { $0.merging(inheriting) { outer, _ in outer } } ?? inheriting
            }
            render(partial, inner)
        case .contentType(let setting):
            scope.contentType = setting.object.type
        case .nothing:
            break
        }
    }

    private static func indent(_ current: String?, _ added: String?) -> String? {
        guard let added else { return current }
        return (current ?? "") + added
    }

    // MARK: Sections

    private mutating func renderSection(_ value: TemplateValue?, _ body: CompiledTemplate, _ scope: Scope) {
        guard let value else { return }
        switch value {
        case .objects(let items):
            if let parallel, indentedTemplates == 0, items.count >= parallel.minimumItems {
                return renderInParallel(count: items.count, item: { .object(items[$0]) }, body, scope, jobs: parallel.jobs)
            }
            for item in items {
                renderPushing(.object(item), body, scope)
                drainIfFull()
            }
        case .list(let items):
            if let parallel, indentedTemplates == 0, items.count >= parallel.minimumItems {
                return renderInParallel(count: items.count, item: { items[$0] }, body, scope, jobs: parallel.jobs)
            }
            for item in items {
                renderPushing(item, body, scope)
                drainIfFull()
            }
        case .bool(let flag):
            if flag { render(body, scope) }
        case .object, .string, .int:
            renderPushing(value, body, scope)
        case .null:
            return  // not reached: a lookup gives nil for null
        case .other(let raw):
            // swift-mustache's order: a sequence, a Bool, a null renderable, anything else.
            if let sequence = raw as? any MustacheSequence {
                forEachItem(of: sequence) { renderer, item in
                    renderer.renderPushing(.other(item), body, scope)
                    renderer.drainIfFull()
                }
            } else if let flag = raw as? Bool {
                if flag { render(body, scope) }
            } else if let renderable = raw as? any MustacheCustomRenderable, renderable.isNull {
                return
            } else {
                renderPushing(value, body, scope)
            }
        }
    }

    /// What the threads rendering one list share, read only: the templates, the values around the list, and its
    /// items. Unchecked: `TemplateValue.other` holds an `Any` (a front matter date...), which no thread changes; the
    /// objects' lookup recorders are thread-safe (pages are rendered in parallel with the same `site.*` objects).
    private struct ListRendering: @unchecked Sendable {
        let library: [String: CompiledTemplate]
        let stack: [TemplateValue]
        let body: CompiledTemplate
        let scope: Scope
        let item: (Int) -> TemplateValue
    }

    /// Items rendered by one task, and the items rendered (on `jobs` threads) before their output is appended.
    static let parallelBatch = 32, parallelWindowBatches = 8

    /// The items of a list rendered on `jobs` threads, a batch of items per task and a window of batches at a time,
    /// each batch's output appended in order and handed on as chunks (`drainIfFull`) between windows. The same bytes
    /// as rendering the items one after the other: an item's output depends on the item and the values around the
    /// list, never on the output before it, except for indentation, which is why no list is rendered so while an
    /// indented template is (`indentedTemplates`). The items' own lists are rendered one item after the other.
    private mutating func renderInParallel(count: Int, item: @escaping (Int) -> TemplateValue, _ body: CompiledTemplate,
                                           _ scope: Scope, jobs: Int) {
        let shared = ListRendering(library: library, stack: stack, body: body, scope: scope, item: item)
        let batch = Self.parallelBatch, window = batch * Self.parallelWindowBatches * jobs
        var start = 0
        while start < count {
            let end = min(count, start + window)
            let batches = Array(stride(from: start, to: end, by: batch))
            let outputs = parallelMap(batches, jobs: jobs) { first -> [UInt8] in
                var renderer = Renderer(library: shared.library, stack: shared.stack, capacity: 16_384)
                for index in first..<min(first + batch, end) {
                    renderer.renderPushing(shared.item(index), shared.body, shared.scope)
                }
                return renderer.output
            }
            for part in outputs { output.append(contentsOf: part) }
            drainIfFull()
            start = end
        }
    }

    /// Hands the output on once a chunk of it is made, between two items of a list (see `drain`).
    private mutating func drainIfFull() {
        guard let drain, indentedTemplates == 0 else { return }
        ByteChunks.flush(&output, ifAtLeast: drain.size, to: drain.sink)
    }

    private mutating func renderInvertedSection(_ value: TemplateValue?, _ body: CompiledTemplate, _ scope: Scope) {
        guard let value else { return render(body, scope) }
        switch value {
        case .objects(let items):
            if items.isEmpty { renderPushing(value, body, scope) }
        case .list(let items):
            if items.isEmpty { renderPushing(value, body, scope) }
        case .bool(let flag):
            if !flag { render(body, scope) }
        case .object, .string, .int:
            return
        case .null:
            render(body, scope)
        case .other(let raw):
            if let sequence = raw as? any MustacheSequence {
                if Self.isEmpty(sequence) { renderPushing(value, body, scope) }
            } else if let flag = raw as? Bool {
                if !flag { render(body, scope) }
            } else if let renderable = raw as? any MustacheCustomRenderable, renderable.isNull {
                render(body, scope)
            }
        }
    }

    private mutating func forEachItem<S: Sequence>(of sequence: S, _ body: (inout Renderer, Any) -> Void) {
        for item in sequence { body(&self, item) }
    }

    private static func isEmpty(_ sequence: some Sequence) -> Bool {
        var iterator = sequence.makeIterator()
        return iterator.next() == nil
    }

    private mutating func renderPushing(_ value: TemplateValue, _ body: CompiledTemplate, _ scope: Scope) {
        stack.append(value)
        render(body, scope)
        stack.removeLast()
    }

    // MARK: Variables

    private mutating func write(_ value: TemplateValue, escapedAs contentType: CompiledTemplate.ContentType?) {
        let text: String
        switch value {
        case .string(let string):
            text = string
        case .int(let number):
            text = String(number)
        case .bool(let flag):
            text = flag ? "true" : "false"
        case .other(let raw):
            if let renderable = raw as? any MustacheCustomRenderable {
                text = renderable.renderText
            } else {
                text = String(describing: Self.unwrappingOptional(raw))
            }
        case .null, .object, .objects, .list:
            // What swift-mustache writes for them (a type name, a list's description).
            text = String(describing: value.anyValue)
        }
        switch contentType {
        case nil:
            output.append(contentsOf: text.utf8)
        case .html:
            HTMLEscaping.appendAttribute(text, to: &output)
        case .other(let type):
            output.append(contentsOf: type.escapeText(text).utf8)
        }
    }

    /// An `Optional` inside an `Any` is written as its value (swift-mustache's rule); `nil` stays as it is.
    private static func unwrappingOptional(_ value: Any) -> Any {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional, let wrapped = mirror.children.first else { return value }
        return wrapped.value
    }

    /// swift-mustache's name lookup: the first part from the innermost value outwards, then each further part
    /// in the value found; null and other custom representations are replaced by what they represent.
    private func lookUp(_ name: TemplateName) -> TemplateValue? {
        var found: TemplateValue?
        switch name.kind {
        case .current:
            found = stack.last
        case .anchored:
            found = child(name, from: 0, of: stack[stack.count - 1])
        case .climbing:
            guard let first = name.parts.first else {
                found = stack.last
                break
            }
            for index in stack.indices.reversed() {
                if let value = immediateChild(first, hash: name.hashes[0], of: stack[index]) {
                    found = name.parts.count == 1 ? value : child(name, from: 1, of: value)
                    break
                }
            }
        }
        switch found {
        case .null?:
            return nil
        case .other(let raw)?:
            guard let custom = raw as? any MustacheCustomRepresentation else { return found }
            return custom.representation.map { .other($0) }
        default:
            return found
        }
    }

    /// The value at `name`'s parts from `first` on, looked up in `value` and then in each value found.
    private func child(_ name: TemplateName, from first: Int, of value: TemplateValue) -> TemplateValue? {
        var current = value
        for position in first..<name.parts.count {
            guard let next = immediateChild(name.parts[position], hash: name.hashes[position], of: current) else {
                return nil
            }
            current = next
        }
        return current
    }

    private func immediateChild(_ name: String, hash: UInt64, of value: TemplateValue) -> TemplateValue? {
        switch value {
        case .object(let object):
            return object.value(named: name, hash: hash)
        case .string, .int, .bool, .null, .objects, .list:
            return nil
        case .other(let object):
            // Anything else as swift-mustache does it.
            let represented: Any?
            if let custom = object as? any MustacheCustomRepresentation { represented = custom.representation } else { represented = object }
            if let parent = represented as? any MustacheParent { return parent.child(named: name).map { .other($0) } }
            guard let represented else { return nil }
            guard let match = Mirror(reflecting: represented).children.first(where: { $0.label == name }) else {
                return nil
            }
            let optional = Mirror(reflecting: match.value)
            guard optional.displayStyle == .optional else { return .other(match.value) }
            return optional.children.first.map { .other($0.value) }
        }
    }
}
