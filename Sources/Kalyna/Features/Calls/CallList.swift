import HTTPServer
import Templating

/// `GET /calls`: open calls for everyone (so groups know what they can apply
/// to); programme staff also see drafts and closed calls.
enum CallList {
    static func handle(_ context: RequestContext) throws -> Response {
        let staff = context.isProgrammeStaff
        let calls = try context.read { db in
            try CallStore.list(db, statuses: staff ? CallStatus.allCases : [.open]).map { call in
                CallView.summary(call, awarded: try CallStore.awarded(db, call: call.id ?? 0), context)
            }
        }
        return try context.page("calls/list", title: context.t("calls_title"), ["calls": .list(calls), "staff": .bool(staff)])
    }
}
