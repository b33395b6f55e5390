import Foundation
import GRDB
import Testing
import TestSupport

@testable import Kalyna

/// Every route × every kind of user: allowed or refused, as the rules below say.
/// A route added to the table without a line here fails this test.
@Suite struct AuthorizationMatrixTests {
    enum Actor: String, CaseIterable {
        case anonymous, admin, programmeOfficer, financeOfficer, reviewer, coordinator, documenter, otherCoordinator
    }

    static let staffManagers: Set<Actor> = [.admin, .programmeOfficer]
    static let everyone = Set(Actor.allCases)
    static let signedIn = everyone.subtracting([.anonymous])
    static let correspondents: Set<Actor> = [.admin, .programmeOfficer, .coordinator]

    /// Who may use each route (for `:id` of an initiative: the coordinator's own).
    static let rules: [String: Set<Actor>] = [
        "GET /": everyone,
        "GET /healthz": everyone,
        // Every actor of this test comes straight from loopback (see MetricsTests for the rest).
        "GET /metrics": everyone,
        "GET /language/:code": everyone,
        "GET /static/*file": everyone,
        "GET /sign-in": everyone,
        "POST /sign-in": everyone,
        "POST /sign-out": signedIn,
        "POST /language": signedIn,
        "GET /register": everyone,
        "POST /register": everyone,
        "GET /dashboard": signedIn,
        "GET /invitations/:token": everyone,
        "POST /invitations/:token": everyone,
        "GET /password-reset/:token": everyone,
        "POST /password-reset/:token": everyone,
        "GET /profile": signedIn,
        "POST /profile": signedIn,
        "POST /profile/password": signedIn,
        "POST /profile/notices": signedIn,
        // Only her own notices: another's is 404 (see NoticesTests).
        "GET /inbox": signedIn,
        "POST /inbox/read-all": signedIn,
        "POST /inbox/:id/read": signedIn,
        "GET /register/confirm/:token": everyone,
        "POST /register/confirm/:token": everyone,
        "GET /initiatives": staffManagers,
        "GET /initiatives/:id": [.admin, .programmeOfficer, .coordinator, .documenter],
        "POST /initiatives/:id/verify": staffManagers,
        "POST /initiatives/:id/decline": staffManagers,
        "POST /initiatives/:id/invitations": [.coordinator],
        "GET /initiatives/:id/edit": [.coordinator],
        "POST /initiatives/:id": [.coordinator],
        "POST /initiatives/:id/payee": [.admin, .programmeOfficer, .financeOfficer],
        "GET /calls": everyone,
        "GET /calls/new": staffManagers,
        "POST /calls": staffManagers,
        "GET /calls/:id": everyone,
        "GET /calls/:id/edit": staffManagers,
        "POST /calls/:id": staffManagers,
        "POST /calls/:id/open": staffManagers,
        "POST /calls/:id/close": staffManagers,
        "GET /calls/:id/ranking": staffManagers,
        "GET /calls/:id/questions": staffManagers,
        "GET /calls/:id/applications.csv": staffManagers,
        "GET /calls/:id/applications.xlsx": staffManagers,
        "POST /calls/:id/questions": staffManagers,
        "POST /calls/:id/questions/version": staffManagers,
        "POST /calls/:id/questions/:question/up": staffManagers,
        "POST /calls/:id/questions/:question/down": staffManagers,
        "POST /calls/:id/questions/:question/delete": staffManagers,
        "POST /calls/:id/indicators": staffManagers,
        "POST /calls/:id/indicators/:indicator/delete": staffManagers,
        "POST /calls/:id/applications": [.coordinator, .otherCoordinator],
        "GET /applications": staffManagers,
        "GET /applications/:id": [.admin, .programmeOfficer, .coordinator, .reviewer],
        "GET /applications/:id/edit": [.coordinator],
        "POST /applications/:id": [.coordinator],
        "GET /applications/:id/withdraw": [.coordinator],
        "POST /applications/:id/withdraw": [.coordinator],
        "POST /applications/:id/resubmit": [.coordinator],
        "POST /applications/:id/attachments": [.coordinator],
        "GET /applications/:id/attachments/:file": [.admin, .programmeOfficer, .coordinator, .reviewer],
        "POST /applications/:id/attachments/:file/delete": [.coordinator],
        "POST /applications/:id/reviewers": staffManagers,
        "POST /applications/:id/approve": staffManagers,
        "POST /applications/:id/reject": staffManagers,
        "GET /grants": [.admin, .programmeOfficer, .financeOfficer],
        "GET /grants.csv": [.admin, .programmeOfficer, .financeOfficer],
        "GET /grants.json": [.admin, .programmeOfficer, .financeOfficer],
        "GET /grants.xlsx": [.admin, .programmeOfficer, .financeOfficer],
        "GET /grants/:id": [.admin, .programmeOfficer, .financeOfficer, .coordinator],
        "GET /grants/:id/schedule": staffManagers,
        "POST /grants/:id/schedule": staffManagers,
        "POST /grants/:id/tranches/:tranche/disbursements": staffManagers,
        "POST /grants/:id/terminate": staffManagers,
        "POST /disbursements/:id/approve": [.financeOfficer],
        "POST /disbursements/:id/pay": [.financeOfficer],
        "POST /disbursements/:id/correct": [.financeOfficer],
        "POST /disbursements/:id/cancel": [.admin, .programmeOfficer, .financeOfficer],
        "GET /reports/:id": [.admin, .programmeOfficer, .financeOfficer, .coordinator],
        "POST /reports/:id": [.coordinator],
        "POST /reports/:id/files": [.coordinator],
        "GET /reports/:id/files/:file": [.admin, .programmeOfficer, .financeOfficer, .coordinator],
        "GET /reports/:id/versions/:version": [.admin, .programmeOfficer, .financeOfficer, .coordinator],
        "POST /reports/:id/files/:file/delete": [.coordinator],
        "POST /reports/:id/accept": staffManagers,
        "POST /reports/:id/return": staffManagers,
        "GET /reviews": [.reviewer, .programmeOfficer],
        "GET /reviews/:id": [.reviewer],
        "POST /reviews/:id/declaration": [.reviewer],
        "POST /reviews/:id": [.reviewer],
        "GET /cases": [.admin, .programmeOfficer, .coordinator, .documenter, .otherCoordinator],
        "GET /cases.csv": staffManagers,
        "GET /cases.xlsx": staffManagers,
        "GET /cases/new": [.coordinator, .documenter, .otherCoordinator],
        "POST /cases": [.coordinator, .documenter, .otherCoordinator],
        "GET /cases/import": [.coordinator, .documenter, .otherCoordinator],
        "GET /cases/import/template": [.coordinator, .documenter, .otherCoordinator],
        "POST /cases/import": [.coordinator, .documenter, .otherCoordinator],
        "POST /cases/import/commit": [.coordinator, .documenter, .otherCoordinator],
        "GET /cases/:id": [.admin, .programmeOfficer, .coordinator, .documenter],
        "GET /cases/:id/narrative": [.programmeOfficer, .coordinator],
        "GET /cases/:id/edit": [.coordinator, .documenter],
        "POST /cases/:id": [.coordinator, .documenter],
        "POST /cases/:id/referrals": [.coordinator, .documenter],
        "POST /referrals/:id": [.coordinator, .documenter],
        "GET /picture": staffManagers,
        "GET /picture.csv": staffManagers,
        "GET /picture.xlsx": staffManagers,
        "GET /statistics": everyone,
        "GET /statistics.csv": everyone,
        "GET /statistics.xlsx": everyone,
        "GET /statistics/summary": everyone,
        "GET /releases": staffManagers,
        "POST /releases": staffManagers,
        "GET /releases/:id": staffManagers,
        "POST /releases/:id/prepare": staffManagers,
        "POST /releases/:id/publish": staffManagers,
        "POST /releases/:id/delete": staffManagers,
        "GET /admin/places": staffManagers,
        "POST /admin/places": staffManagers,
        "POST /admin/places/map": [.programmeOfficer],
        "POST /admin/places/:id": staffManagers,
        "POST /admin/terms": [.admin],
        "POST /admin/terms/:id": [.admin],
        "GET /admin/typology": [.admin],
        "POST /admin/typology": [.admin],
        "POST /admin/typology/:id": [.admin],
        "GET /officers": [.admin, .programmeOfficer, .coordinator, .otherCoordinator],
        "GET /officers/new": staffManagers,
        "POST /officers": staffManagers,
        "GET /officers/:id": [.admin, .programmeOfficer, .coordinator],
        "GET /officers/:id/edit": staffManagers,
        "POST /officers/:id": staffManagers,
        "POST /officers/:id/merge": staffManagers,
        "GET /occasions": [.admin, .programmeOfficer, .coordinator, .otherCoordinator],
        "GET /occasions/new": staffManagers,
        "POST /occasions": staffManagers,
        "GET /occasions/:id": [.admin, .programmeOfficer, .coordinator, .otherCoordinator],
        "GET /occasions/:id/edit": staffManagers,
        "POST /occasions/:id": staffManagers,
        "POST /occasions/:id/recognitions": [.coordinator, .otherCoordinator],
        "POST /recognitions/:id/include": staffManagers,
        "POST /recognitions/:id/exclude": staffManagers,
        "GET /occasions/:id/list": staffManagers,
        "GET /occasions/:id/list.csv": staffManagers,
        "GET /occasions/:id/list.xlsx": staffManagers,
        "GET /occasions/:id/certificates": staffManagers,
        "GET /thanks": everyone,
        "GET /admin/users": [.admin],
        "GET /admin/users/:id": [.admin],
        "POST /admin/users/:id/role": [.admin],
        "POST /admin/users/:id/deactivate": [.admin],
        "POST /admin/users/:id/reactivate": [.admin],
        "POST /admin/users/:id/reset-link": [.admin],
        "GET /admin/invitations/new": [.admin],
        "POST /admin/invitations": [.admin],
        "GET /admin/audit": [.admin],
        // Conversations: programme staff and the record's own coordinator (see ConversationTests).
        "GET /applications/:id/messages": correspondents,
        "POST /applications/:id/messages": correspondents,
        "GET /grants/:id/messages": correspondents,
        "POST /grants/:id/messages": correspondents,
        "GET /reports/:id/messages": correspondents,
        "POST /reports/:id/messages": correspondents,
        "GET /messages/:id/file": correspondents,
        // The grant's call has no agreement here, so reading one is 404, not a refusal (see AgreementTests).
        "GET /grants/:id/agreement": [.admin, .programmeOfficer, .financeOfficer, .coordinator],
        "POST /grants/:id/agreement": [.coordinator],
        "GET /admin/outbox": [.admin],
        "POST /admin/outbox/:id/retry": [.admin],
    ]

    @Test func everyRouteHasARule() {
        let routes = Set(Routes.table.map { "\($0.method) \($0.pattern)" })
        #expect(routes.subtracting(Self.rules.keys).isEmpty, "routes without a rule: \(routes.subtracting(Self.rules.keys).sorted())")
        #expect(Set(Self.rules.keys).subtracting(routes).isEmpty, "rules for routes that do not exist: \(Set(Self.rules.keys).subtracting(routes).sorted())")
    }

    @Test func everyRouteRefusesWhoItShouldAndNoOneElse() throws {
        let test = try TestApp { $0.publicThanks = true }
        let mine = try test.initiative("Ours")
        // Another country: its coordinator may not open "Ours"'s officers.
        let theirs = try test.initiative("Theirs", country: "MD", city: "Chișinău")
        let emails: [Actor: String] = [
            .admin: "admin@x.org", .programmeOfficer: "po@x.org", .financeOfficer: "fo@x.org", .reviewer: "rev@x.org",
            .coordinator: "coord@x.org", .documenter: "doc@x.org", .otherCoordinator: "other@x.org",
        ]
        try test.user("admin@x.org", .admin)
        try test.user("po@x.org", .programmeOfficer)
        try test.user("fo@x.org", .financeOfficer)
        let reviewer = try test.user("rev@x.org", .reviewer)
        try test.user("coord@x.org", .coordinator, initiative: mine)
        try test.user("doc@x.org", .documenter, initiative: mine)
        try test.user("other@x.org", .coordinator, initiative: theirs)
        // Actions on accounts land on a bystander, so that no actor loses her session mid-test.
        let target = try test.user("target@x.org", .reviewer)
        // A call, an application of "Ours" submitted to it with a file, and a review assigned to the reviewer.
        let call = try test.call()
        let application = try test.application(call: call, initiative: mine, status: .submitted)
        let file = try test.attachment(application: application)
        let review = try test.review(application: application, reviewer: reviewer, conflict: false)
        // An officer in "Ours"'s country, thanked by "Ours" for an open occasion.
        let officer = try test.officer("Officer Kind", city: "Odesa", country: "UA")
        let occasion = try test.occasion()
        let recognition = try test.recognition(occasion: occasion, officer: officer, initiative: mine)
        // A grant of "Ours" with a proposed payment of its first tranche and a report due.
        let (grant, tranche, disbursement, report) = try test.grant(call: call, initiative: mine)
        // A case of "Ours" with a referral.
        let (caseId, referral) = try test.caseRecord(initiative: mine)
        // A draft release of the figures.
        let release = try test.app.database.pool.write { db -> Int64 in
            let scope = Disclosure.Scope(from: "2026-01", to: "2026-12", cutoff: CalendarDate(Date()).iso)
            guard case .success(let id) = try ReleaseStore.prepare(db, id: nil, scope: scope, threshold: 5, by: nil, now: Date()) else { throw CancellationError() }
            return id
        }
        // A message from the coordinator on the application, with a file.
        let message = try test.app.database.pool.write { db -> Int64 in
            guard let author = try User.filter(Column("email") == "coord@x.org").fetchOne(db) else { throw CancellationError() }
            return try ConversationStore.post(
                db, .application, application, initiative: mine, author: author, side: .initiative, sealedBody: test.app.narratives.seal("Hello"),
                file: MessageFileUpload(filename: "plan.pdf", contentType: "application/pdf", bytes: Array("%PDF-1.4\n".utf8)), now: Date())
        }
        var browsers: [Actor: Browser] = [.anonymous: Browser(test)]
        for (actor, email) in emails { browsers[actor] = try test.signedIn(email) }
        // The CSRF token of each actor's session (a visitor's comes from the sign-in page).
        var tokens: [Actor: String] = [:]
        for (actor, browser) in browsers {
            tokens[actor] = Browser.csrf(in: try browser.get(actor == .anonymous ? "/sign-in" : "/profile").text) ?? ""
        }
        // Concrete records for the path parameters, the most specific first.
        let substitutions: [(String, String)] = [
            ("/admin/users/:id", "/admin/users/\(target)"),
            ("/calls/:id", "/calls/\(call)"),
            ("/applications/:id", "/applications/\(application)"),
            ("/reviews/:id", "/reviews/\(review)"),
            ("/officers/:id", "/officers/\(officer)"),
            ("/occasions/:id", "/occasions/\(occasion)"),
            ("/recognitions/:id", "/recognitions/\(recognition)"),
            ("/grants/:id", "/grants/\(grant)"),
            (":tranche", String(tranche)),
            (":question", "1"),
            (":indicator", "1"),
            ("/disbursements/:id", "/disbursements/\(disbursement)"),
            ("/reports/:id", "/reports/\(report)"),
            ("/cases/:id", "/cases/\(caseId)"),
            ("/referrals/:id", "/referrals/\(referral)"),
            ("/admin/typology/:id", "/admin/typology/1"),
            ("/admin/terms/:id", "/admin/terms/1"),
            ("/admin/places/:id", "/admin/places/1"),
            ("/releases/:id", "/releases/\(release)"),
            ("/messages/:id", "/messages/\(message)"),
            (":file", String(file)),
            (":version", "1"),
            (":id", String(mine)),
            (":code", "ru"),
            (":token", String(repeating: "a", count: 43)),
            ("*file", "app.css"),
        ]
        // Signing out last, so that every actor keeps her session through the rest.
        let routes = Routes.table.sorted { a, b in a.pattern != "/sign-out" && b.pattern == "/sign-out" }
        for route in routes {
            let key = "\(route.method) \(route.pattern)"
            let allowed = try #require(Self.rules[key])
            var path = route.pattern
            for (placeholder, value) in substitutions { path = path.replacingOccurrences(of: placeholder, with: value) }
            for actor in Actor.allCases where actor != .anonymous || route.method == "GET" || allowed.contains(.anonymous) {
                let browser = try #require(browsers[actor])
                let before = test.app.database.changes.dataGeneration
                let response = route.method == "GET"
                    ? try browser.get(path)
                    : try browser.post(path, [("reason", "test"), ("role", "reviewer")], csrf: tokens[actor] ?? "")
                // A read changes no data (a session sliding forward is not data: see ChangeTracker).
                if route.method == "GET" {
                    #expect(test.app.database.changes.dataGeneration == before, "\(actor) GET \(route.pattern) wrote to the database")
                }
                let refused = response.status == 403
                    || (response.status == 303 && response.header("Location")?.hasPrefix("/sign-in?next=") == true)
                if allowed.contains(actor) {
                    #expect(!refused, "\(actor) was refused \(key): \(response.status)")
                    #expect(response.status < 500, "\(actor) \(key): \(response.status)")
                } else {
                    #expect(refused, "\(actor) was let through \(key): \(response.status)")
                }
            }
        }
    }

    @Test func anonymousVisitorsAreSentToSignInOrRefused() throws {
        let test = try TestApp()
        let visitor = Browser(test)
        let page = try visitor.get("/dashboard")
        #expect(page.status == 303)
        #expect(page.header("Location") == "/sign-in?next=%2Fdashboard")
        // A post without a session is refused outright.
        #expect(try visitor.post("/profile", [("name", "x")], from: "/sign-in").status == 403)
    }

    @Test func membersOfAnotherInitiativeSeeNothingOfIt() throws {
        let test = try TestApp()
        let mine = try test.initiative("Ours")
        let theirs = try test.initiative("Theirs")
        try test.user("coord@x.org", .coordinator, initiative: mine)
        try test.user("doc@x.org", .documenter, initiative: theirs)
        let coordinator = try test.signedIn("coord@x.org")
        #expect(try coordinator.get("/initiatives/\(mine)").status == 200)
        let other = try coordinator.get("/initiatives/\(theirs)")
        #expect(other.status == 403)
        #expect(!other.text.contains("Theirs"))
        #expect(try coordinator.post("/initiatives/\(theirs)/invitations", [("name", "X"), ("email", "x@y.org")], from: "/dashboard").status == 403)
        #expect(try test.count("SELECT COUNT(*) FROM invitation") == 0)
        let documenter = try test.signedIn("doc@x.org")
        #expect(try documenter.get("/initiatives/\(mine)").status == 403)
    }
}
