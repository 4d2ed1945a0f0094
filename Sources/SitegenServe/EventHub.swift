import Foundation
import Synchronization

/// Fans server-sent events out to every connected browser. Each connection subscribes with its own stream and
/// is removed when it goes away.
final class EventHub: Sendable {
    /// One event: its name and data line.
    struct Event: Sendable, Equatable {
        var name: String
        var data: String

        /// The event in the text/event-stream format; a nameless event is a comment (a heartbeat).
        var wireFormat: String { name.isEmpty ? ": \(data)\n\n" : "event: \(name)\ndata: \(data)\n\n" }

        /// A comment that finds connections that went away without a word.
        static let heartbeat = Event(name: "", data: "ping")
    }

    private let subscribers = Mutex<[UUID: AsyncStream<Event>.Continuation]>([:])

    /// A stream of the events sent from now on, with a heartbeat every `heartbeat`.
    func subscribe(heartbeat: Duration = .seconds(15)) -> AsyncStream<Event> {
        let id = UUID()
        let (stream, continuation) = AsyncStream.makeStream(of: Event.self, bufferingPolicy: .bufferingNewest(16))
        let pinger = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: heartbeat)
                continuation.yield(.heartbeat)
            }
        }
        continuation.onTermination = { [weak self] _ in
            pinger.cancel()
            _ = self?.subscribers.withLock { $0.removeValue(forKey: id) }
        }
        subscribers.withLock { $0[id] = continuation }
        return stream
    }

    func send(_ event: Event) {
        for continuation in subscribers.withLock({ Array($0.values) }) { continuation.yield(event) }
    }

    /// Ends every stream (server shutdown).
    func finish() {
        for continuation in subscribers.withLock({ Array($0.values) }) { continuation.finish() }
    }
}
