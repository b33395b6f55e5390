import HTTPServer
import Templating

/// `GET /calls`: open calls for everyone (so groups know what they can apply
/// to); programme staff also see drafts and closed calls.
enum CallList {
    static func handle(_ context: RequestContext) throws -> Response {
        let staff = context.isProgrammeStaff
        let calls = try context.read { db in
            try CallStore.list(db, statuses: staff ? CallStatus.allCases : [.open]).map { call in
                (call: call, awarded: try CallStore.awarded(db, call: call.id ?? 0))
            }
        }
        return try context.page(CallListPage(staff: staff, calls: calls), title: context.t("calls_title"))
    }
}

struct CallListPage: PageModel {
    static let template = "calls/list"
    let staff: Bool
    /// Each call with what it has awarded so far, in minor units of its currency.
    let calls: [(call: Call, awarded: Int64)]

    func values(_ context: RequestContext) -> [String: TemplateValue] {
        ["calls": .list(calls.map { CallView.summary($0.call, awarded: $0.awarded, context) }), "staff": .bool(staff)]
    }
}
