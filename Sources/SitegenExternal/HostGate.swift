import Foundation

/// Politeness towards each host: at most `concurrency` requests in flight to it and at least `interval` seconds
/// between the starts of two of them, for every request (first tries, retries and redirect hops alike); and a pause
/// when the host asked for one (`Retry-After`). A host is a host name or address, whatever the port.
actor HostGate {
    private struct Host {
        var inFlight = 0
        /// When the last request to the host started (or is due to start, for one waiting for its interval).
        var lastStart: ContinuousClock.Instant?
        /// No request starts before this (the host's `Retry-After`).
        var notBefore: ContinuousClock.Instant?
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let policy: @Sendable (String) -> (concurrency: Int, interval: Duration)
    private var hosts: [String: Host] = [:]
    /// The most requests that were in flight to each host at once (for the summary and the tests).
    private(set) var peak: [String: Int] = [:]
    /// Hosts with a request in flight now, counted as requests start and end (counting them over every host after
    /// each fetch, for the progress line, went over every host the run had seen).
    private(set) var busyHosts = 0

    init(policy: @escaping @Sendable (String) -> (concurrency: Int, interval: Duration)) {
        self.policy = policy
    }

    /// Waits for a slot for `host` and for its start time; the caller must `release(host)` when the request ends.
    func acquire(_ host: String) async {
        let (limit, interval) = policy(host)
        while true {
            var state = hosts[host, default: Host()]
            if state.inFlight < max(1, limit) {
                let now = ContinuousClock.now
                var start = now
                if let last = state.lastStart, last + interval > start { start = last + interval }
                if let notBefore = state.notBefore, notBefore > start { start = notBefore }
                // The slot and the start time are taken before sleeping, so that the next request counts from here.
                if state.inFlight == 0 { busyHosts += 1 }
                state.inFlight += 1
                state.lastStart = start
                hosts[host] = state
                peak[host] = max(peak[host] ?? 0, state.inFlight)
                if start > now { try? await Task.sleep(until: start, clock: .continuous) }
                return
            }
            await withCheckedContinuation { continuation in
                hosts[host, default: Host()].waiters.append(continuation)
            }
        }
    }

    func release(_ host: String) {
        guard var state = hosts[host], state.inFlight > 0 else { return }
        state.inFlight -= 1
        if state.inFlight == 0 { busyHosts -= 1 }
        let next = state.waiters.isEmpty ? nil : state.waiters.removeFirst()
        hosts[host] = state
        next?.resume()
    }

    /// No request to `host` starts before `instant` (it answered 429 or 503 with `Retry-After`).
    func pause(_ host: String, until instant: ContinuousClock.Instant) {
        var state = hosts[host, default: Host()]
        if state.notBefore.map({ $0 < instant }) ?? true { state.notBefore = instant }
        hosts[host] = state
    }
}
