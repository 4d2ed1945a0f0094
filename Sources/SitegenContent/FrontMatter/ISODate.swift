/// Calendar checks for `YYYY-MM-DD` dates. Hand-written: Foundation's date parsers accept more than ISO dates
/// (and are slow to create per file); this checks the exact form and the day of the month.
public enum ISODate {
    /// True for a real calendar date written exactly as `YYYY-MM-DD`.
    public static func isValid(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return false }
        guard let year = Int(String(decoding: bytes[0..<4], as: UTF8.self)),
              let month = Int(String(decoding: bytes[5..<7], as: UTF8.self)),
              let day = Int(String(decoding: bytes[8..<10], as: UTF8.self))
        else { return false }
        return exists(year: year, month: month, day: day)
    }

    /// `2016-1-22` → `2016-01-22` when the parts make a real date; nil otherwise.
    public static func normalized(_ text: String) -> String? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, (1...2).contains(parts[1].count), (1...2).contains(parts[2].count),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              exists(year: year, month: month, day: day)
        else { return nil }
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts[0])-\(two(month))-\(two(day))"
    }

    /// Years an article can be dated in. A real calendar date outside them (`0000-01-01`, `9999-12-31`) is a
    /// placeholder or a typo, and would sort the page first or last in every list.
    public static let plausibleYears = 1900...2199

    /// The year of a date that `isValid` accepts.
    public static func year(_ text: String) -> Int? {
        Int(String(decoding: Array(text.utf8).prefix(4), as: UTF8.self))
    }

    private static func exists(year: Int, month: Int, day: Int) -> Bool {
        guard (1...12).contains(month), day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= days[month - 1]
    }
}
