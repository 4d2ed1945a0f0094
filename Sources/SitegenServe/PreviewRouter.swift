import Foundation
import Hummingbird
import ServiceLifecycle
import SitegenBuild
import SitegenCore

/// The preview server's routes: the site from the current snapshot, the event stream, and the checks that keep
/// other sites out (absolute-form targets, Host and Origin), with `Cache-Control: no-store` on everything.
enum PreviewRouter {
    /// Builds the router for a server with `authority` (its Host check is off when the server is not on loopback).
    static func build(state: PreviewState, hub: EventHub, authority: PreviewAuthority) -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: AuthorityCheck(authority: authority))
        router.get(RouterPath(PageDecorations.eventsPath)) { request, _ in
            try events(request, state: state, hub: hub)
        }
        router.get("/") { request, _ in serve(request, state: state) }
        router.get("**") { request, _ in serve(request, state: state) }
        router.head("/") { request, _ in serve(request, state: state, head: true) }
        router.head("**") { request, _ in serve(request, state: state, head: true) }
        return router
    }

    // MARK: - Files

    static func serve(_ request: Request, state: PreviewState, head: Bool = false) -> Response {
        let current = state.value
        let answer = RequestPath.answer(request.uri.path, query: request.uri.query,
                                        hasFile: { current.snapshot?.files[$0] != nil },
                                        redirect: { current.snapshot?.redirects[$0] })
        let relative: String
        let status: HTTPResponse.Status
        switch answer {
        case .refused:
            return text(.badRequest, "400 Bad Request: this path cannot name a file of the site\n")
        case .redirect(let location):
            return Response(status: .movedPermanently,
                            headers: [.location: location, .cacheControl: "no-store", .contentType: "text/plain; charset=utf-8"],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: "Moved to \(location)\n")))
        case .file(let file, let found):
            (relative, status) = (file, found ? .ok : .notFound)
        }
        guard let snapshot = current.snapshot else {
            return page(status: .serviceUnavailable,
                        html: Array("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build failed</title></head><body><h1>The site could not be built</h1></body></html>".utf8),
                        relativePath: nil, state: state, current: current, head: head)
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
        var external: [ExternalPreview.Link] = []
        if let source, let snapshot = current.snapshot, let context = snapshot.external, let links = snapshot.links[source] {
            external = ExternalPreview.links(links, context: context)
        }
        var cache: [String: SourceLines?] = [:]
        let context: PageDecorations.FailureContext
        if let snapshot = current.snapshot {
            context = current.failureIsSiteWide ? .siteFailed(lastGood: snapshot.builtAt) : .pagesFailed(lastGood: snapshot.builtAt)
        } else {
            context = .nothingBuilt
        }
        let decorated = PageDecorations.decorate(html, version: state.version, pageProblems: problems,
                                                 externalLinks: external, failure: current.failure, failureContext: context,
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
    /// pages of this server may listen: an `Origin` other than the scheme, host and port the request was sent to
    /// is refused.
    static func events(_ request: Request, state: PreviewState, hub: EventHub) throws -> Response {
        if let origin = request.headers[.origin] {
            guard let host = request.head.authority, PreviewAuthority.origin(origin, matchesHost: host) else {
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

/// Answers 421 to an absolute-form request for another server (marked by `AbsoluteFormCheck`), and on loopback
/// refuses requests whose `Host` is not this server's (DNS rebinding: a foreign site's name pointed at 127.0.0.1).
struct AuthorityCheck<Context: RequestContext>: RouterMiddleware {
    let authority: PreviewAuthority

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.headers[HTTPFields.Element.Name(misdirectedHeader)!] != nil {
            return PreviewRouter.text(.misdirectedRequest, "421 Misdirected Request: this preview server answers only for its own address\n")
        }
        if authority.hostNames != nil {
            let hostField = HTTPFields.Element.Name("Host")!
            let hosts = [request.head.authority].compactMap { $0 } + request.headers[values: hostField]
            guard !hosts.isEmpty, hosts.allSatisfy(authority.acceptsHost) else {
                return PreviewRouter.text(.forbidden, "403 Forbidden: this preview server answers only to localhost\n")
            }
        }
        return try await next(request, context)
    }
}
