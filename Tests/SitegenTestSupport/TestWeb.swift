import Foundation
public import NIOCore
import NIOPosix
import NIOSSL

/// A web server on loopback for the tests, on raw NIO so that it can also misbehave: answer nothing, reset the
/// connection. It counts the requests it gets and the most it had in flight at once.
public final class TestWeb: @unchecked Sendable {
    public enum Reply: Sendable {
        case status(Int, headers: [(String, String)] = [], body: String = "")
        /// Reads the request and never answers.
        case hang
        /// Closes the connection with a TCP reset.
        case reset
        /// An endless body.
        case endless
    }

    /// (method, path, how many requests this path had before, this one included) → reply.
    public typealias Handler = @Sendable (_ method: String, _ path: String, _ count: Int) -> Reply

    /// Requests in flight, shared by servers that stand for one host on several ports.
    public final class Counter: @unchecked Sendable {
        public init() {}
        private let lock = NSLock()
        private var inFlight = 0
        private var peakInFlight = 0
        public func begin() { lock.withLock { inFlight += 1; peakInFlight = max(peakInFlight, inFlight) } }
        public func end() { lock.withLock { inFlight -= 1 } }
        public var peak: Int { lock.withLock { peakInFlight } }
    }

    private let lock = NSLock()
    public let counter: Counter
    /// When each request arrived.
    private(set) var times: [ContinuousClock.Instant] = []
    private(set) var log: [String] = []
    private var counts: [String: Int] = [:]
    private var channel: (any Channel)?
    public let host: String
    public private(set) var port = 0
    public let delay: TimeAmount
    public let handler: Handler

    /// `https` for a TLS server, else `http`.
    public let scheme: String

    /// A server on `host` and a free port. With `secure`, it speaks TLS with that certificate; with `alsoPlain` too,
    /// it speaks both on the one port (told apart by the first byte a client sends), as `http://` and `https://`
    /// URLs that differ only in their scheme do.
    public init(host: String = "127.0.0.1", delay: TimeAmount = .zero, counter: Counter = Counter(),
                secure: TestCertificate? = nil, alsoPlain: Bool = false, handler: @escaping Handler) async throws {
        self.host = host
        self.counter = counter
        self.delay = delay
        self.handler = handler
        scheme = secure == nil || alsoPlain ? "http" : "https"
        let tls = try secure?.serverContext()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    let operations = channel.pipeline.syncOperations
                    if let tls, alsoPlain {
                        try operations.addHandler(TLSSniffer(context: tls))
                    } else if let tls {
                        try operations.addHandler(NIOSSLServerHandler(context: tls))
                    }
                    try operations.addHandler(Connection(web: self))
                }
            }
            .bind(host: host, port: 0).get()
        self.channel = channel
        port = channel.localAddress?.port ?? 0
    }

    /// `http://host:port/path` (`https` for a TLS server).
    public func url(_ path: String) -> String { "\(scheme)://\(host):\(port)\(path)" }

    /// `https://host:port/path`, for a server that speaks both.
    public func secureURL(_ path: String) -> String { "https://\(host):\(port)\(path)" }

    public var requests: [String] { lock.withLock { log } }
    public var arrivals: [ContinuousClock.Instant] { lock.withLock { times } }
    public var peak: Int { counter.peak }

    public func stop() async {
        try? await channel?.close()
    }

    fileprivate func begin(_ method: String, _ path: String) -> Int {
        counter.begin()
        return lock.withLock {
            times.append(.now)
            log.append("\(method) \(path)")
            counts[path, default: 0] += 1
            return counts[path]!
        }
    }

    fileprivate func end() { counter.end() }

    private final class Connection: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        let web: TestWeb
        var pending: [UInt8] = []

        init(web: TestWeb) { self.web = web }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var buffer = unwrapInboundIn(data)
            pending += buffer.readBytes(length: buffer.readableBytes) ?? []
            guard let end = findHeadEnd() else { return }
            let head = String(decoding: pending[..<end], as: UTF8.self)
            pending.removeFirst(end + 4)
            let words = head.split(separator: "\r\n").first?.split(separator: " ") ?? []
            let method = words.count > 0 ? String(words[0]) : ""
            let path = words.count > 1 ? String(words[1]) : "/"
            let count = web.begin(method, path)
            let reply = web.handler(method, path, count)
            let channel = context.channel
            let web = self.web
            channel.eventLoop.scheduleTask(in: web.delay) {
                Self.send(reply, method: method, on: channel, web: web)
            }
        }

        private func findHeadEnd() -> Int? {
            guard pending.count >= 4 else { return nil }
            for index in 0...(pending.count - 4)
            where pending[index] == 13 && pending[index + 1] == 10 && pending[index + 2] == 13 && pending[index + 3] == 10 {
                return index
            }
            return nil
        }

        static func send(_ reply: Reply, method: String, on channel: any Channel, web: TestWeb) {
            switch reply {
            case .hang:
                // Ends (for the in-flight count) when the client gives up and closes.
                channel.closeFuture.whenComplete { _ in web.end() }
            case .reset:
                web.end()
                // SO_LINGER of 0: close sends RST instead of FIN.
                if let provider = channel as? any SocketOptionProvider {
                    provider.setSoLinger(linger(l_onoff: 1, l_linger: 0)).whenComplete { _ in channel.close(promise: nil) }
                } else {
                    channel.close(promise: nil)
                }
            case .endless:
                let head = ByteBuffer(string: "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n")
                channel.writeAndFlush(head, promise: nil)
                web.end()
                @Sendable func more() {
                    let chunk = String(repeating: "<p>endless</p>", count: 4096)
                    let buffer = ByteBuffer(string: String(chunk.utf8.count, radix: 16) + "\r\n" + chunk + "\r\n")
                    channel.writeAndFlush(buffer).whenSuccess { more() }
                }
                more()
            case .status(let status, let headers, let body):
                var text = "HTTP/1.1 \(status) \(status == 200 ? "OK" : "Status")\r\n"
                for (name, value) in headers { text += "\(name): \(value)\r\n" }
                text += "Content-Length: \(body.utf8.count)\r\n\r\n"
                if method != "HEAD" { text += body }
                web.end()
                channel.writeAndFlush(ByteBuffer(string: text), promise: nil)
            }
        }
    }
}

/// Puts a TLS server handler in front when a connection starts with a TLS record (handshake, 0x16), then steps
/// aside: one port for `http://` and `https://`.
private final class TLSSniffer: ChannelInboundHandler, RemovableChannelHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    let context: NIOSSLContext

    init(context: NIOSSLContext) { self.context = context }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        if buffer.getInteger(at: buffer.readerIndex, as: UInt8.self) == 0x16 {
            try? context.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: self.context), position: .after(self))
        }
        context.fireChannelRead(data)
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }
}
