import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import Synchronization

/// The preview server's own authority: the host names and addresses it answers to and the port it listens on.
/// Requests that name another authority are not answered with the site: a foreign `Host` on loopback (DNS
/// rebinding), an absolute-form request for another server (`GET http://evil/ HTTP/1.1`, as sent to a proxy), and
/// an event-stream request from a page of another origin.
final class PreviewAuthority: Sendable {
    /// Host names and addresses, lowercased and without IPv6 brackets; nil when any host is accepted in `Host`
    /// (the server is not on loopback, so it has names this process cannot know).
    let hostNames: Set<String>?
    /// Names and addresses an absolute-form request may name: those of `hostNames`, or for a server on every
    /// address, the loopback names with the addresses of this machine's interfaces.
    let absoluteHostNames: Set<String>
    private let boundPort = Atomic<Int>(0)

    /// The names a server bound to `host` answers to.
    init(boundTo host: String) {
        let bound = Self.bare(host)
        if Self.isLoopback(host) {
            hostNames = Self.loopbackNames.union([bound])
            absoluteHostNames = hostNames!
        } else {
            hostNames = nil
            if ["0.0.0.0", "::", ""].contains(bound) {
                let addresses = ((try? System.enumerateDevices()) ?? []).compactMap { $0.address?.ipAddress?.lowercased() }
                absoluteHostNames = Self.loopbackNames.union(addresses).union([ProcessInfo.processInfo.hostName.lowercased()])
            } else {
                absoluteHostNames = [bound]
            }
        }
    }

    static let loopbackNames: Set<String> = ["localhost", "127.0.0.1", "::1"]

    /// True when `host` is a loopback address or name.
    static func isLoopback(_ host: String) -> Bool {
        let bare = bare(host)
        return loopbackNames.contains(bare) || bare.hasPrefix("127.")
    }

    /// The port the server listens on (0 until it runs).
    var port: Int {
        get { boundPort.load(ordering: .acquiring) }
        set { boundPort.store(newValue, ordering: .releasing) }
    }

    /// A host lowercased, without the brackets of an IPv6 address.
    static func bare(_ host: some StringProtocol) -> String {
        var text = Substring(host.lowercased())
        if text.hasPrefix("["), text.hasSuffix("]") { text = text.dropFirst().dropLast() }
        return String(text)
    }

    /// `host[:port]` (the `Host` field, or a URL's authority) split into its bare host and port; nil when it is not
    /// one (user information, an empty host, a port that is not a number).
    static func split(authority: some StringProtocol) -> (host: String, port: Int?)? {
        let text = Substring(authority)
        guard !text.isEmpty, !text.contains("@") else { return nil }
        var hostPart = text
        var portPart: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            hostPart = text[...close]
            let rest = text[text.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else { return nil }
                portPart = rest.dropFirst()
            }
        } else if let colon = text.firstIndex(of: ":") {
            hostPart = text[..<colon]
            portPart = text[text.index(after: colon)...]
        }
        var port: Int?
        if let portPart {
            guard !portPart.isEmpty, portPart.count <= 5, portPart.allSatisfy(\.isASCII), let number = Int(portPart),
                  number <= 65535 else { return nil }
            port = number
        }
        let host = bare(hostPart)
        return host.isEmpty ? nil : (host, port)
    }

    /// Whether a `Host` value names this server (the port is not compared: a tunnel or a forwarded port reaches
    /// the server under another one).
    func acceptsHost(_ value: String) -> Bool {
        guard let hostNames else { return true }
        guard let (host, _) = Self.split(authority: value) else { return false }
        return hostNames.contains(host)
    }

    /// The origin-form target and authority of an absolute-form request target (`http://host:port/path?query`)
    /// when it names this server (scheme `http`, a host of `absoluteHostNames`, this port); nil otherwise.
    ///
    /// Parsed by hand: the request line is the only place the authority is, and Foundation's URL parsing would
    /// decode or normalise the path that `RequestPath` must see as it was sent.
    func ownTarget(ofAbsolute target: String) -> (path: String, authority: String)? {
        let schemeEnd = target.utf8.firstIndex(of: UInt8(ascii: ":"))
        guard let schemeEnd, target[..<schemeEnd].lowercased() == "http", target[schemeEnd...].hasPrefix("://") else { return nil }
        let rest = target[target.index(schemeEnd, offsetBy: 3)...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard let (host, port) = Self.split(authority: authority), absoluteHostNames.contains(host),
              (port ?? 80) == self.port else { return nil }
        var path = String(rest[authorityEnd...])
        if !path.hasPrefix("/") { path = "/" + path }
        return (path, String(authority))
    }

    /// Whether an `Origin` field names the origin the page was loaded from: `http`, and the host and port of the
    /// request's `Host` (80 when it has none).
    static func origin(_ origin: String, matchesHost hostField: String) -> Bool {
        let prefix = "http://"
        guard origin.lowercased().hasPrefix(prefix), let (originHost, originPort) = split(authority: origin.dropFirst(prefix.count)),
              let (host, port) = split(authority: hostField) else { return false }
        return originHost == host && (originPort ?? 80) == (port ?? 80)
    }
}

/// Name of the header `AbsoluteFormCheck` sets on a request for another server (removed from what clients send).
let misdirectedHeader = "x-sitegen-misdirected"

/// Looks at the request line before Hummingbird turns it into a path (dropping the authority of an absolute-form
/// target): an absolute-form request for this server continues in origin form with its authority as `Host`, as
/// RFC 9112 §3.2.2 says; one for another server is marked, and `AuthorityCheck` answers it with 421.
final class AbsoluteFormCheck: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart

    private let authority: PreviewAuthority

    init(_ authority: PreviewAuthority) {
        self.authority = authority
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(var head) = unwrapInboundIn(data) else {
            context.fireChannelRead(data)
            return
        }
        head.headers.remove(name: misdirectedHeader)
        if !head.uri.hasPrefix("/") {
            if let own = authority.ownTarget(ofAbsolute: head.uri) {
                head.uri = own.path
                head.headers.replaceOrAdd(name: "Host", value: own.authority)
            } else {
                head.headers.add(name: misdirectedHeader, value: "1")
            }
        }
        context.fireChannelRead(wrapInboundOut(.head(head)))
    }
}

/// Hummingbird's HTTP/1.1 channel with `AbsoluteFormCheck` after the request decoder.
struct PreviewHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    let inner: HTTP1Channel
    let authority: PreviewAuthority

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let authority = self.authority
        return inner.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let pipeline = channel.pipeline.syncOperations
            let decoder = try pipeline.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            try pipeline.addHandler(AbsoluteFormCheck(authority), position: .after(decoder))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// HTTP/1.1 with the preview's absolute-form check.
    static func preview(_ configuration: HTTP1Channel.Configuration, authority: PreviewAuthority) -> HTTPServerBuilder {
        .init { responder in
            PreviewHTTP1Channel(inner: HTTP1Channel(responder: responder, configuration: configuration), authority: authority)
        }
    }
}
