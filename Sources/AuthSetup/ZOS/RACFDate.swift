#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A calendar day as RACF writes it in NOTBEFORE/NOTAFTER: `DATE(yyyy-mm-dd)`.
public struct RACFDate: Sendable, Equatable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// A day of the calendar; throws `.noSuchDay` for dates such as 2026-02-30.
    public init(year: Int, month: Int, day: Int) throws(ZOSInputError) {
        let text = Self.format(year, month, day)
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...Self.days(inMonth: month, of: year)).contains(day) else {
            throw ZOSInputError(.date, .noSuchDay, input: text)
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`: four digits, two, two, with hyphens.
    public init(_ text: String) throws(ZOSInputError) {
        let bytes = Array(text.utf8)
        let digitPositions = [0, 1, 2, 3, 5, 6, 8, 9]
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              digitPositions.allSatisfy({ bytes[$0] >= UInt8(ascii: "0") && bytes[$0] <= UInt8(ascii: "9") }) else {
            throw ZOSInputError(.date, .malformedDate, input: text)
        }
        func number(_ range: Range<Int>) -> Int {
            bytes[range].reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        }
        do {
            try self.init(year: number(0..<4), month: number(5..<7), day: number(8..<10))
        } catch {
            throw ZOSInputError(.date, error.kind, input: text)
        }
    }

    /// Today in the local time zone, as z/OS users mean "today".
    public static func today() -> RACFDate {
        var now = time(nil)
        var parts = tm()
        localtime_r(&now, &parts)
        // localtime_r always yields a real day.
        return (try? RACFDate(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday)))
            ?? RACFDate(uncheckedYear: 1970, month: 1, day: 1)
    }

    /// Checks that this date lies after `today`, as an end date must.
    public func checkInFuture(today: RACFDate) throws(ZOSInputError) {
        guard self > today else { throw ZOSInputError(.date, .notInFuture(today: today), input: description) }
    }

    public var description: String { Self.format(year, month, day) }

    public static func < (lhs: RACFDate, rhs: RACFDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    private init(uncheckedYear year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    static func days(inMonth month: Int, of year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    private static func format(_ year: Int, _ month: Int, _ day: Int) -> String {
        func padded(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))"
    }
}
