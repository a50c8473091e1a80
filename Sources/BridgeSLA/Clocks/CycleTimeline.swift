/// The business time of one cycle as a function of the instant: `elapsed(at:)` and its inverse
/// `crossing(of:)`. Everything an SLA clock reports (state, deadline, warnings, breach,
/// escalation levels, reminders) is a point on this function.
///
/// `elapsed` is non-decreasing, so for an elapsed point `e` and instants `a < b`:
/// `a < crossing(e) <= b` exactly when `elapsed(a) < e <= elapsed(b)`. That turns "what became
/// due between the last evaluation and now" into a range query on elapsed points.
struct CycleTimeline<Calendar: BusinessTimeMeasuring> {
    let calendar: Calendar
    /// Running spans in order; only the last may be open (`end == nil`).
    let spans: [(start: Int64, end: Int64?)]
    /// Business time of each closed span; `nil` for an open one.
    let spanTotals: [Int64?]
    /// Business time before each span.
    let before: [Int64]

    init(_ cycle: SLACycle, calendar: Calendar) {
        self.calendar = calendar
        spans = cycle.runningSpans
        var totals: [Int64?] = []
        var before: [Int64] = []
        totals.reserveCapacity(spans.count)
        before.reserveCapacity(spans.count)
        var accumulated: Int64 = 0
        for span in spans {
            before.append(accumulated)
            if let end = span.end {
                let total = calendar.elapsedMillis(span.start, end)
                totals.append(total)
                accumulated += total
            } else {
                totals.append(nil)
            }
        }
        spanTotals = totals
        self.before = before
    }

    /// Business time counted from the cycle's start to `instant`.
    func elapsed(at instant: Int64) -> Int64 {
        var result: Int64 = 0
        for index in spans.indices {
            let span = spans[index]
            if instant <= span.start { break }
            if let end = span.end, let total = spanTotals[index], end <= instant {
                result = before[index] + total
            } else {
                return before[index] + calendar.elapsedMillis(span.start, instant)
            }
        }
        return result
    }

    /// The earliest instant at which the elapsed business time reaches `point`, or `nil` when
    /// the recorded history never reaches it (the cycle ended or is paused before).
    func crossing(of point: Int64) -> Int64? {
        guard let first = spans.first else { return nil }
        if point <= 0 { return first.start }
        for index in spans.indices {
            let span = spans[index]
            let remaining = point - before[index]
            if let total = spanTotals[index], total < remaining { continue }
            let instant = calendar.deadlineMillis(span.start, adding: remaining)
            return span.end.map { min($0, instant) } ?? instant
        }
        return nil
    }

    /// Wall-clock time the cycle ran (24×7, pauses excluded) up to `instant`.
    func runningWallTime(at instant: Int64) -> Int64 {
        var result: Int64 = 0
        for span in spans where span.start < instant {
            result += min(span.end ?? instant, instant) - span.start
        }
        return result
    }
}
