import BridgeModels
import BridgeSLA
import Foundation
import Testing

/// The calendar format round-trips, decodes through any decoder and nests in larger documents.
@Suite struct CalendarCodingTests {
    static let json = #"""
        {"timeZone": "America/New_York",
         "weeklyHours": {"friday": [["09:00", "16:00"]], "monday": [["13:00", "17:00"], ["09:00", "12:00"]], "sunday": []},
         "holidays": ["2026-12-25", "2026-11-26"],
         "exceptions": [{"date": "2026-12-31", "windows": []}, {"date": "2026-12-24", "windows": [["09:00", "12:00"]]}]}
        """#

    @Test func encodesTheCanonicalForm() throws {
        let calendar = try BusinessCalendar(json: Self.json)
        // Sorted keys, windows and dates sorted, closed weekdays omitted.
        #expect(
            try StableJSON.string(calendar)
                == #"{"exceptions":[{"date":"2026-12-24","windows":[["09:00","12:00"]]},{"date":"2026-12-31","windows":[]}],"#
                + #""holidays":["2026-11-26","2026-12-25"],"timeZone":"America/New_York","#
                + #""weeklyHours":{"friday":[["09:00","16:00"]],"monday":[["09:00","12:00"],["13:00","17:00"]]}}"#)
    }

    @Test func roundTripsThroughJSON() throws {
        let calendar = try BusinessCalendar(json: Self.json)
        let again = try BusinessCalendar(json: try StableJSON.string(calendar))
        #expect(again == calendar)
        #expect(again.hashValue == calendar.hashValue)
        let viaFoundation = try JSONDecoder().decode(BusinessCalendar.self, from: try StableJSON.encode(calendar))
        #expect(viaFoundation == calendar)
        let viaStrict = try StrictJSONDecoder().decode(BusinessCalendar.self, from: Self.json)
        #expect(viaStrict == calendar)
    }

    @Test func twentyFourSevenEncodesAsUTC() throws {
        let text = try StableJSON.string(BusinessCalendar.twentyFourSeven)
        #expect(text.contains(#""timeZone":"UTC""#))
        #expect(text.contains(#""sunday":[["00:00","24:00"]]"#))
        #expect(try BusinessCalendar(json: text) == .twentyFourSeven)
    }

    struct Configuration: Decodable {
        var name: String
        var calendar: BusinessCalendar
    }

    @Test func aNestedCalendarReportsItsFullPathThroughStrictJSONDecoder() throws {
        let json = #"{"name": "EDI", "calendar": {"timeZone": "UTC", "weeklyHours": {"monday": [["09:00", "12:00"], ["10:00", "11:00"]]}}}"#
        #expect {
            try StrictJSONDecoder().decode(Configuration.self, from: json)
        } throws: { error in
            (error as? InputError)?.description
                == "$.calendar.weeklyHours.monday[1]: inconsistent: window 10:00–11:00 overlaps window [0] 09:00–12:00"
        }
        let good = #"{"name": "EDI", "calendar": {"timeZone": "UTC", "weeklyHours": {"monday": [["09:00", "12:00"]]}}}"#
        let configuration = try StrictJSONDecoder().decode(Configuration.self, from: good)
        #expect(configuration.calendar.weeklyHours[.monday]?.count == 1)
    }

    @Test func foundationDecoderErrorsAreInputErrors() throws {
        let json = Data(#"{"calendar": {"timeZone": "UTC", "weeklyHours": {"monday": [["09:00", "25:00"]]}}, "name": "x"}"#.utf8)
        #expect {
            try JSONDecoder().decode(Configuration.self, from: json)
        } throws: { error in
            (error as? InputError)?.path.description == "$.calendar.weeklyHours.monday[0][1]"
        }
    }

    @Test func equalityIgnoresOrderAndEmptyDays() throws {
        let a = try BusinessCalendar(
            json: #"{"timeZone": "UTC", "weeklyHours": {"monday": [["13:00", "17:00"], ["09:00", "12:00"]], "tuesday": []}}"#)
        let b = try BusinessCalendar(
            json: #"{"timeZone": "UTC", "weeklyHours": {"monday": [["09:00", "12:00"], ["13:00", "17:00"]]}}"#)
        let c = try BusinessCalendar(json: #"{"timeZone": "UTC", "weeklyHours": {"monday": [["09:00", "12:00"]]}}"#)
        #expect(a == b)
        #expect(Set([a, b, c]).count == 2)
    }

    @Test func descriptionSummarizes() throws {
        let calendar = try BusinessCalendar(json: Self.json)
        #expect(calendar.description == "BusinessCalendar(America/New_York, 14h/week, 2 holidays, 2 exceptions)")
        #expect(calendar.timeZone.identifier == "America/New_York")
    }
}
