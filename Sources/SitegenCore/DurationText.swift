import Foundation

/// A duration as the summary's timing line writes it: milliseconds below a second (`340 ms`), else seconds with two
/// decimals (`1.76 s`). Shared by the command line's `time:` line and the stage notes the build writes into it.
public func durationText(_ seconds: Double) -> String {
    seconds >= 1 ? String(format: "%.2f s", seconds) : String(format: "%.0f ms", seconds * 1000)
}
