/// Where a call stands on a given day, from its status and its dates: a call
/// opened by staff accepts applications only from its opening day to the end
/// of its closing day (in the network's time zone); before, it is upcoming;
/// after, it is closed whatever its status says.
public enum CallPhase: String, Sendable, Equatable {
    case draft, upcoming, open, closed

    public static func of(status: CallStatus, opens: CalendarDate?, closes: CalendarDate?, today: CalendarDate) -> CallPhase {
        switch status {
        case .draft: return .draft
        case .closed: return .closed
        case .open:
            guard let opens, let closes else { return .closed }
            if today < opens { return .upcoming }
            return today <= closes ? .open : .closed
        }
    }

    /// Why a draft cannot be opened today (a catalog key), or nil.
    public static func openingProblem(opens: CalendarDate?, closes: CalendarDate?, today: CalendarDate) -> String? {
        guard let opens, let closes else { return "call_open_no_dates" }
        if today > closes { return "call_open_after_closing" }
        if today < opens { return "call_open_before_opening" }
        return nil
    }
}
