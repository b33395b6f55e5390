import Foundation

/// What a notice tells of. Each has `notice_<kind>_subject` and
/// `notice_<kind>_body` in the catalogs (`notice_<kind>_<variant>_…` when its
/// `variant` parameter is set); the body's `{placeholders}` are the notice's
/// parameters.
public enum NoticeKind: String, Sendable, CaseIterable, Codable {
    // Staff
    case initiativeRegistered = "initiative_registered"
    case applicationSubmitted = "application_submitted"
    case reviewAssigned = "review_assigned"
    case reviewOverdue = "review_overdue"
    case paymentAwaitsApproval = "payment_awaits_approval"
    case trancheExpected = "tranche_expected"
    // The initiative
    case initiativeVerified = "initiative_verified"
    case initiativeDeclined = "initiative_declined"
    case applicationApproved = "application_approved"
    case applicationRejected = "application_rejected"
    case reportReturned = "report_returned"
    case reportAccepted = "report_accepted"
    case paymentMade = "payment_made"
    case reportDue = "report_due"
    case reportOverdue = "report_overdue"
    case draftUnsubmitted = "draft_unsubmitted"
    // Both sides: a message in a conversation (its `variant` parameter names what it is about).
    case messageReceived = "message_received"
    // Accounts: always e-mailed, whatever the person chose.
    case invitation
    case passwordReset = "password_reset"
    case registrationConfirm = "registration_confirm"
    case registrationAttempt = "registration_attempt"

    /// The kinds a person may stop receiving by e-mail. Links to sign up or
    /// reset a password, and a warning about one's own address, always go.
    public var mayBeSwitchedOff: Bool {
        switch self {
        case .invitation, .passwordReset, .registrationConfirm, .registrationAttempt: false
        default: true
        }
    }

    /// The kinds someone in `role` may receive, as her profile lists them.
    public static func kinds(for role: Role) -> [NoticeKind] {
        switch role {
        case .admin: [.initiativeRegistered, .applicationSubmitted, .trancheExpected, .messageReceived]
        case .programmeOfficer: [.initiativeRegistered, .applicationSubmitted, .reviewAssigned, .reviewOverdue, .trancheExpected, .messageReceived]
        case .financeOfficer: [.paymentAwaitsApproval]
        case .reviewer: [.reviewAssigned, .reviewOverdue]
        case .coordinator:
            [.initiativeVerified, .initiativeDeclined, .applicationApproved, .applicationRejected, .draftUnsubmitted, .reportDue, .reportOverdue,
             .reportReturned, .reportAccepted, .paymentMade, .messageReceived]
        case .documenter: []
        }
    }

    /// Whether the inbox shows it: not one-time links, which are e-mail only.
    public var showsInInbox: Bool {
        switch self {
        case .invitation, .passwordReset, .registrationConfirm: false
        default: true
        }
    }
}

/// When reminders are due. Pure rules over calendar days; the store turns
/// each answer into at most one notice through its idempotency key.
public enum ReminderRules {
    /// Days before a report's due date when the two reminders go.
    public static let reportWarnings = [14, 3]

    /// The reminder for a report due on `due`, as seen on `today`: the warning
    /// stage (14 or 3 days before), or the overdue week (0 on the first day
    /// late, then 1, 2, … a week apart), or nil when nothing is due yet.
    /// A run that missed days still sends only the latest stage.
    public enum ReportStage: Equatable, Sendable {
        case dueIn(days: Int)
        case overdue(week: Int)

        /// The part of the idempotency key that tells stages apart.
        public var key: String {
            switch self {
            case .dueIn(let days): "due\(days)"
            case .overdue(let week): "late\(week)"
            }
        }
    }

    public static func reportStage(due: CalendarDate, today: CalendarDate) -> ReportStage? {
        let left = due.daysSince(today)
        if left < 0 { return .overdue(week: (-left - 1) / 7) }
        if left <= 3 { return .dueIn(days: 3) }
        if left <= 14 { return .dueIn(days: 14) }
        return nil
    }

    /// A review not done this many days after it was assigned is chased.
    public static let reviewGraceDays = 7
    /// Drafts are chased this many days before their call closes.
    public static let draftWarningDays = 3
}
