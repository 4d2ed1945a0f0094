import Foundation

extension Date {
    /// The day in UTC, `2026-12-05`: how the external-link cache's dates are shown, in the check's messages and in
    /// the preview's panel alike.
    package var utcDay: String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: self)
    }
}
