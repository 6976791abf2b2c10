#if canImport(Glibc)
import Glibc
#endif

/// A day of the calendar in UTC, as RACDCERT's `NOTAFTER(DATE(yyyy-mm-dd))` takes it.
///
/// A certificate valid until a date is valid until the end of that day, 23:59:59 UTC, which is
/// also RACF's default time for NOTAFTER.
public struct CertificateDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Parses `YYYY-MM-DD` and refuses days the calendar does not have (2026-02-30, 2025-02-29).
    public init(parsing text: String) throws(KeyRingError) {
        let bytes = Array(text.utf8)
        let digitPositions = [0, 1, 2, 3, 5, 6, 8, 9]
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              digitPositions.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[$0]) }) else {
            throw KeyRingError(.invalidDate, text)
        }
        func number(_ range: Range<Int>) -> Int { bytes[range].reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) } }
        let year = number(0..<4), month = number(5..<7), day = number(8..<10)
        guard year >= 1950, (1...12).contains(month), (1...Self.daysIn(month: month, year: year)).contains(day) else {
            throw KeyRingError(.invalidDate, text)
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The UTC day that contains the instant.
    public init(containing instant: time_t) {
        var seconds = instant
        var parts = tm()
        gmtime_r(&seconds, &parts)
        year = Int(parts.tm_year) + 1900
        month = Int(parts.tm_mon) + 1
        day = Int(parts.tm_mday)
    }

    /// Today in UTC.
    public static func today(now: time_t = time(nil)) -> CertificateDate {
        CertificateDate(containing: now)
    }

    /// The same day `years` later; 29 February becomes 28 February in a common year.
    public func adding(years: Int) -> CertificateDate {
        let target = year + years
        return CertificateDate(unchecked: target, month, min(day, Self.daysIn(month: month, year: target)))
    }

    /// Refuses today and earlier days: a certificate that is to be used must outlive today.
    public func requireFuture(now: time_t = time(nil)) throws(KeyRingError) -> CertificateDate {
        guard self > Self.today(now: now) else { throw KeyRingError(.dateNotInFuture, description) }
        return self
    }

    /// 23:59:59 UTC on this day.
    public var endOfDay: time_t {
        startOfDay + 86_399
    }

    /// 00:00:00 UTC on this day.
    public var startOfDay: time_t {
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        return timegm(&parts)
    }

    public var description: String {
        func padded(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))"
    }

    public static func < (lhs: CertificateDate, rhs: CertificateDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    private init(unchecked year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
