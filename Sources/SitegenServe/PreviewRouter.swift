import Foundation
import Hummingbird
import ServiceLifecycle
import SitegenBuild
import SitegenCore

/// The preview server's routes: the site from the current snapshot, the event stream, and the checks that keep
/// other sites out (Host and Origin), with `Cache-Control: no-store` on everything.
enum PreviewRouter {
    /// Builds the router; `allowedHosts` nil turns the Host check off (the server is not on loopback).
    static func build(state: PreviewState, hub: EventHub, allowedHosts: Set<String>?) -> Router<BasicRequestContext> {
        let router = Router()
        if let allowedHosts { router.add(middleware: HostCheck(allowed: allowedHosts)) }
        router.get(RouterPath(PageDecorations.eventsPath)) { request, _ in
            try events(request, state: state, hub: hub, allowedHosts: allowedHosts)
        }
        router.get("/") { request, _ in serve(request, state: state) }
        router.get("**") { request, _ in serve(request, state: state) }
        router.head("/") { request, _ in serve(request, state: state, head: true) }
        router.head("**") { request, _ in serve(request, state: state, head: true) }
        return router
    }

    /// The Host names a loopback server answers to.
    static func loopbackHosts(boundTo host: String) -> Set<String> {
        ["localhost", "127.0.0.1", "[::1]", "::1", host.lowercased()]
    }

    /// True when `host` is a loopback address or name.
    static func isLoopback(_ host: String) -> Bool {
        ["localhost", "127.0.0.1", "::1", "[::1]"].contains(host.lowercased()) || host.hasPrefix("127.")
    }

    // MARK: - Files

    static func serve(_ request: Request, state: PreviewState, head: Bool = false) -> Response {
        let current = state.value
        guard case .segments(let segments, let trailingSlash) = RequestPath.resolve(request.uri.path) else {
            return text(.badRequest, "400 Bad Request: this path cannot name a file of the site\n")
        }
        guard let snapshot = current.snapshot else {
            return page(status: .serviceUnavailable,
                        html: Array("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build failed</title></head><body><h1>The site could not be built</h1></body></html>".utf8),
                        relativePath: nil, state: state, current: current, head: head)
        }
        let joined = segments.joined(separator: "/")
        var relative = trailingSlash || segments.isEmpty ? (joined.isEmpty ? "index.html" : joined + "/index.html") : joined
        if snapshot.files[relative] == nil, !trailingSlash, !segments.isEmpty, snapshot.files[joined + "/index.html"] != nil {
            // `/how-to/x` → `/how-to/x/`, keeping the query.
            var location = request.uri.path + "/"
            if let query = request.uri.query { location += "?" + query }
            return Response(status: .movedPermanently,
                            headers: [.location: location, .cacheControl: "no-store", .contentType: "text/plain; charset=utf-8"],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: "Moved to \(location)\n")))
        }
        var status = HTTPResponse.Status.ok
        if snapshot.files[relative] == nil {
            status = .notFound
            relative = "404.html"
        }
        guard let entry = snapshot.files[relative] else { return text(.notFound, "404 Not Found\n") }
        let bytes: [UInt8]
        switch entry {
        case .bytes(let content): bytes = content
        case .file(let source):
            // Opened first, then checked where it is: a file swapped for a link to outside the site while the
            // preview runs is refused, whenever the swap happens.
            do {
                bytes = try snapshot.boundary.read(source)
            } catch .outside, .hidden {
                // Never reveal the path on disk.
                return text(.forbidden, "403 Forbidden: this file of the site leads outside it\n")
            } catch {
                return text(.notFound, "404 Not Found: the file has gone from the site's sources\n")
            }
        }
        let type = ContentTypes.forPath(relative)
        if type.hasPrefix("text/html") {
            return page(status: status, html: bytes, relativePath: relative, state: state, current: current, head: head)
        }
        return Response(status: status, headers: [.contentType: type, .cacheControl: "no-store"],
                        body: head ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// An HTML page with the preview's decorations.
    static func page(status: HTTPResponse.Status, html: [UInt8], relativePath: String?, state: PreviewState,
                     current: PreviewState.Current, head: Bool) -> Response {
        let source = relativePath.flatMap { current.snapshot?.pageSources[$0] }
        let problems: [Diagnostic] = source.flatMap { current.snapshot?.diagnostics(forFile: $0) } ?? []
        var cache: [String: SourceLines?] = [:]
        let decorated = PageDecorations.decorate(html, version: state.version, pageProblems: problems, failure: current.failure,
                                                 watcherProblem: current.watcherProblem) { location in
            guard location.line > 0, !location.file.hasPrefix("/"), !location.file.contains("..") else { return nil }
            if cache[location.file] == nil {
                let boundary = current.snapshot?.boundary ?? SiteBoundary(root: state.siteRoot)
                cache[location.file] = .some(SourceLines(contentsOf: state.siteRoot + "/" + location.file, within: boundary))
            }
            return (cache[location.file] ?? nil)?.line(location.line).map { SourceExcerpt(line: $0, column: location.column).text }
        }
        return Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                        body: head ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(bytes: decorated)))
    }

    static func text(_ status: HTTPResponse.Status, _ message: String) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: message)))
    }

    // MARK: - Events

    /// The server-sent event stream: `hello` with the current version, then `reload` and `css` events. Only
    /// pages of this server may listen: a foreign `Origin` is refused.
    static func events(_ request: Request, state: PreviewState, hub: EventHub, allowedHosts: Set<String>?) throws -> Response {
        if let origin = request.headers[.origin], let allowedHosts {
            let host = URLComponents(string: origin)?.host.map { $0.contains(":") ? "[\($0)]" : $0 }?.lowercased() ?? ""
            guard allowedHosts.contains(host) || allowedHosts.contains(host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))) else {
                return text(.forbidden, "403 Forbidden: events are only for pages of this server\n")
            }
        }
        let stream = hub.subscribe()
        let hello = EventHub.Event(name: "hello", data: state.version)
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-store"],
            body: ResponseBody { writer in
                try await writer.write(ByteBuffer(string: "retry: 500\n" + hello.wireFormat))
                for await event in stream.cancelOnGracefulShutdown() {
                    try await writer.write(ByteBuffer(string: event.wireFormat))
                }
                try await writer.finish(nil)
            })
    }
}

/// Refuses requests whose `Host` is not this server's (DNS rebinding: a foreign site's name pointed at 127.0.0.1).
struct HostCheck<Context: RequestContext>: RouterMiddleware {
    let allowed: Set<String>

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        let hostField = HTTPFields.Element.Name("Host")!
        let hosts = [request.head.authority].compactMap { $0 } + request.headers[values: hostField]
        let accepted = !hosts.isEmpty && hosts.allSatisfy { host in
            let name = host.hasPrefix("[") ? String(host.prefix { $0 != "]" }) + "]" : String(host.split(separator: ":").first ?? "")
            return allowed.contains(name.lowercased())
        }
        guard accepted else {
            return PreviewRouter.text(.forbidden, "403 Forbidden: this preview server answers only to localhost\n")
        }
        return try await next(request, context)
    }
}
