import Foundation
@testable import SitegenCore
import Testing

@Suite("Date.utcDay")
struct UTCDayTests {
    @Test("a date is shown as its day in UTC, whatever the machine's time zone")
    func utcDay() {
        #expect(Date(timeIntervalSince1970: 0).utcDay == "1970-01-01")
        // The last second of 2026-12-05 in UTC is 2026-12-06 east of Greenwich and still the 5th in UTC.
        #expect(Date(timeIntervalSince1970: 1_796_515_199).utcDay == "2026-12-05")
        #expect(Date(timeIntervalSince1970: 1_796_515_200).utcDay == "2026-12-06")
    }
}
