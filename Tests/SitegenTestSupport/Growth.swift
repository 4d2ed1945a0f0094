import Dispatch

/// How a test tells linear from quadratic growth without a limit on wall time (the suite runs beside others on a
/// loaded machine): it times the same work at two sizes, each the fastest of three runs, and compares the ratio.
public enum Growth {
    /// The fastest of three runs of `body`, in seconds, and the last run's result.
    public static func fastest<Result>(_ body: () -> Result) -> (seconds: Double, result: Result) {
        var result = body()
        var best = Double.infinity
        for _ in 0..<3 {
            let start = DispatchTime.now().uptimeNanoseconds
            result = body()
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return (best, result)
    }
}
