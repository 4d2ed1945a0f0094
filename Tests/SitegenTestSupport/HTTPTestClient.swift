import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A minimal HTTP/1.1 client over a TCP socket to 127.0.0.1, for end-to-end tests of the preview server:
/// plain GETs, and reading a server-sent event stream line by line. Hand-written because Foundation's
/// URLSession on Linux cannot read a response that never ends.
public final class HTTPTestClient: @unchecked Sendable {
    private let descriptor: Int32
    private var buffer: [UInt8] = []

    /// Connects; `timeout` bounds every read.
    public init(port: Int, timeout: Double = 10) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(.EIO) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var interval = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - timeout.rounded(.down)) * 1_000_000))
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &interval, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(descriptor)
            throw POSIXError(.ECONNREFUSED)
        }
    }

    deinit { close(descriptor) }

    /// Sends a GET request.
    public func sendGet(_ path: String, headers: [String: String] = [:], keepOpen: Bool = false) {
        var request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        if !keepOpen { request += "Connection: close\r\n" }
        request += "\r\n"
        _ = Array(request.utf8).withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, 0) }
    }

    /// Sends `request` as it is (a request line and fields a client library would not send).
    public func sendRaw(_ request: String) {
        _ = Array(request.utf8).withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, 0) }
    }

    /// The next line (without CR LF), or nil on timeout or end of stream.
    public func readLine() -> String? {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                var line = Array(buffer[..<newline])
                buffer.removeFirst(newline + 1)
                if line.last == 0x0D { line.removeLast() }
                return String(decoding: line, as: UTF8.self)
            }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return nil }
            buffer += chunk[..<count]
        }
    }

    /// Everything until the server closes the connection.
    public func readAll() -> String {
        while true {
            var chunk = [UInt8](repeating: 0, count: 65536)
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }
            buffer += chunk[..<count]
        }
        defer { buffer = [] }
        return String(decoding: buffer, as: UTF8.self)
    }

    /// The name of the next server-sent event (`reload`, `css`, `hello`), skipping comments; nil on timeout.
    public func nextEvent() -> String? {
        while let line = readLine() {
            if line.hasPrefix("event: ") { return String(line.dropFirst(7)) }
        }
        return nil
    }

    /// GET `path` on a fresh connection: status code and body.
    public static func get(port: Int, _ path: String, headers: [String: String] = [:]) throws -> (status: Int, body: String) {
        let client = try HTTPTestClient(port: port)
        client.sendGet(path, headers: headers)
        let response = client.readAll()
        let status = Int(response.split(separator: " ", maxSplits: 2).dropFirst().first ?? "") ?? 0
        let body = response.components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n")
        return (status, body)
    }
}
