import Foundation
import GRDB
import HTTPServer
import Testing
import TestSupport

@testable import Kalyna

/// Malformed and malicious requests against the forms: each gets a 4xx or the
/// form back with an error, the server stays up, nothing is stored half-way,
/// and whatever text is stored is shown escaped.
@Suite struct HostileInputTests {
    static let script = "<script>alert('x')</script>"

    static func tables(_ test: TestApp) throws -> [String: Int] {
        try test.app.database.pool.read { db in
            var counts: [String: Int] = [:]
            for table in ["initiative", "user", "call", "application", "budget_line", "case", "case_act", "officer", "recognition"] {
                counts[table] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \"\(table)\"") ?? 0
            }
            return counts
        }
    }

    @Test func malformedRequestsAreRefusedAndChangeNothing() throws {
        let test = try TestApp { $0.bodyLimitBytes = 1 << 20 }
        let ours = try test.initiative("Ours")
        try test.user("coord@x.org", .coordinator, initiative: ours)
        try test.user("po@x.org", .programmeOfficer)
        let call = try test.call()
        let draft = try test.application(call: call, initiative: ours)
        let coordinator = try test.signedIn("coord@x.org")
        let officer = try test.signedIn("po@x.org")
        let token = Browser.csrf(in: try coordinator.get("/cases/new").text) ?? ""
        let before = try Self.tables(test)
        let cookie = coordinator.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")

        /// A POST with a correct Content-Length, so the server never waits for bytes that do not come.
        func post(_ path: String, _ contentType: String, _ body: String) -> [UInt8] {
            Array("POST \(path) HTTP/1.1\r\nHost: x\r\nCookie: \(cookie)\r\nContent-Type: \(contentType)\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)".utf8)
        }
        let raw: [(String, [UInt8])] = [
            ("broken multipart", post("/cases", "multipart/form-data; boundary=XYZ", "--XYZ\r\nContent-Disposition: form-data; name=\"city\"\r\n\r\nOdesa")),
            ("multipart without boundary", post("/cases", "multipart/form-data", "hello")),
            ("invalid UTF-8", post("/cases", "application/x-www-form-urlencoded", "_csrf=\(token)&city=%FF%FE%FD")),
            ("bad percent-encoding", post("/cases", "application/x-www-form-urlencoded", "city=%ZZ%&_csrf=%%%%%%%%%")),
            ("huge header", Array("GET /dashboard HTTP/1.1\r\nHost: x\r\nX-Junk: \(String(repeating: "j", count: 300_000))\r\nConnection: close\r\n\r\n".utf8)),
            ("garbage method", Array("GARBAGE / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8)),
            ("path with invalid UTF-8 and traversal", Array("GET /static/%C0%AE%C0%AE/%2e%2e/config.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8)),
            ("body far over the limit", Array("POST /register HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 50000000\r\nConnection: close\r\n\r\nname=".utf8)),
        ]
        // An HTTP version libmicrohttpd does not speak gets its 505, which is the right answer.
        let version = try TestConnection(port: test.server.port)
        try version.write("GET / HTTP/9.9\r\n\r\n")
        if let answer = try? TestResponse.parse(version.readAll()) { #expect(answer.status == 505) }
        version.close()
        for (name, bytes) in raw {
            let answer = (try? TestConnection(port: test.server.port)).map { connection -> [UInt8] in
                defer { connection.close() }
                try? connection.write(bytes)
                return connection.readAll()
            } ?? []
            if !answer.isEmpty, let response = try? TestResponse.parse(answer) {
                #expect((400..<500).contains(response.status), "\(name): \(response.status)")
            }
            #expect(try test.client.get("/healthz").status == 200, "server down after \(name)")
        }

        // Forms with out-of-range values: each comes back with an error.
        let hugeTitle = String(repeating: "T", count: 900_000)
        let forms: [(String, String, [(String, String)], Browser)] = [
            ("negative amount", "/applications/\(draft)", [("title", "t"), ("line_category", "other"), ("line_description", "d"), ("line_amount", "-500"), ("action", "submit")], coordinator),
            ("overflowing amount", "/applications/\(draft)", [("title", "t"), ("line_category", "other"), ("line_description", "d"), ("line_amount", "99999999999999999999999"), ("action", "submit")], coordinator),
            ("negative call budget", "/calls", [("title", "x"), ("description", "d"), ("currency", "EUR"), ("total_budget", "-1"), ("max_grant", "1e9"), ("opens_on", "2020-01-01"), ("closes_on", "2019-01-01"), ("eligibility", "e"), ("criterion_name", "c"), ("criterion_weight", "1000"), ("action", "save")], officer),
            ("huge field", "/cases", CasesTests.form().map { $0.0 == "place" ? ($0.0, hugeTitle) : $0 }, coordinator),
            ("unknown choices", "/cases", CasesTests.form().map { $0.0 == "place_type" ? ($0.0, "moon") : $0.0 == "acts" ? ($0.0, "99999") : $0 }, coordinator),
            ("invalid date", "/cases", CasesTests.form().map { $0.0 == "incident_date" ? ($0.0, "2026-02-31") : $0 }, coordinator),
        ]
        for (name, path, form, browser) in forms {
            let response = try browser.post(path, form, from: "/dashboard")
            #expect(response.status == 422, "\(name): \(response.status)")
            #expect(try test.client.get("/healthz").status == 200)
        }
        var after = try Self.tables(test)
        // The drafts were saved (a draft keeps what was typed), but submitted nothing.
        #expect(try test.app.database.pool.read { try String.fetchOne($0, sql: "SELECT status FROM application WHERE id = ?", arguments: [draft]) } == "draft")
        after["budget_line"] = before["budget_line"]
        #expect(after == before)
    }

    @Test func scriptTagsInEveryTextFieldAreShownEscaped() throws {
        let test = try TestApp()
        try test.user("po@x.org", .programmeOfficer)
        let visitor = Browser(test)
        var registration = AccountsJourneyTests.registration.map { field -> (String, String) in
            ["initiative_name", "city", "description", "contact", "name"].contains(field.0) ? (field.0, Self.script + field.1) : field
        }
        registration = registration.map { $0.0 == "email" ? ($0.0, "x@example.org") : $0 }
        #expect(try visitor.post("/register", registration, from: "/register").status == 303)
        let officer = try test.signedIn("po@x.org")
        for path in ["/dashboard", "/initiatives", "/initiatives/1", "/admin/audit"] {
            let page = try (path == "/dashboard" ? visitor : officer).get(path)
            if page.status == 200 {
                #expect(!page.text.contains(Self.script), "\(path) shows a raw script tag")
            }
        }
        #expect(try visitor.get("/dashboard").text.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        // A case with script in every free-text field.
        try officer.post("/initiatives/1/verify", [], from: "/initiatives/1")
        let coordinator = visitor
        let form = CasesTests.form().map { field -> (String, String) in
            // The narrative is the only text a case holds; the rest are choices.
            field.0 == "narrative" ? (field.0, Self.script) : field
        } + [("complaint_filed", "yes")]
        #expect(try coordinator.post("/cases", form, from: "/cases/new").status == 303)
        for page in [try coordinator.get("/cases/1"), try coordinator.get("/cases"), try officer.get("/cases/1"), try officer.get("/picture")] {
            #expect(page.status == 200)
            #expect(!page.text.contains(Self.script))
        }
        // The export holds the text as typed, but as a download, never rendered.
        let export = try officer.get("/cases.csv")
        #expect(export.header("Content-Type") == "text/csv; charset=utf-8")
        #expect(export.header("Content-Disposition")?.hasPrefix("attachment;") == true)
        #expect(export.header("X-Content-Type-Options") == "nosniff")
    }
}

/// Where a browser may be sent back to, and what a file may be called.
@Suite struct ReturnPathAndFileNameTests {
    @Test func onlyPathsOnThisSiteAreReturnedTo() {
        for hostile in ["//evil.example", "/\\evil.example", "/\t/evil.example", "/\u{0009}\u{0009}/evil.example", "\t//evil.example",
                        "/ /evil.example", "/\n/evil.example", "/\r/evil.example", "https://evil.example", "evil.example", "/a\\b",
                        "/\u{00A0}/evil.example", "/\u{200B}/evil.example", ""] {
            #expect(ReturnPath.safe(hostile) == "/", "\(hostile.debugDescription)")
        }
        #expect(ReturnPath.safe("/calls/3?page=2") == "/calls/3?page=2")
        #expect(ReturnPath.safe(nil, fallback: "/dashboard") == "/dashboard")
    }

    @Test func theLanguageSwitchAndSignInNeverLeaveTheSite() throws {
        let test = try TestApp()
        for next in ["/%09/evil.example", "/%09%09/evil.example", "%09//evil.example", "//evil.example", "/%5Cevil.example"] {
            let response = try Browser(test).get("/language/ru?next=\(next)")
            #expect(response.status == 303)
            #expect(response.header("Location") == "/", "\(next)")
        }
        try test.user("olena@x.org", .reviewer)
        let browser = Browser(test)
        let signedIn = try browser.post("/sign-in", [("email", "olena@x.org"), ("password", TestApp.password), ("next", "/\t/evil.example")], from: "/sign-in")
        #expect(signedIn.header("Location") == "/dashboard")
    }

    @Test func fileNamesLoseDirectionOverridesAndControls() {
        #expect(AttachmentUpload.sanitized("invoice\u{202E}fdp.exe") == "invoicefdp.exe")
        #expect(AttachmentUpload.sanitized("a\u{2066}b\u{2069}\u{200F}.pdf") == "ab.pdf")
        #expect(AttachmentUpload.sanitized("../../etc/passwd") == "passwd")
        #expect(AttachmentUpload.sanitized("\"quoted\"\r\n.pdf") == "quoted.pdf")
        #expect(AttachmentUpload.sanitized("\u{202E}") == "file")
        #expect(AttachmentUpload.sanitized("Звіт за березень.pdf") == "Звіт за березень.pdf")
    }

    @Test func onlyTrustedProxiesNameTheClient() {
        let trusted: Set<String> = ["127.0.0.1", "10.0.0.2"]
        #expect(ForwardedFor.client(peer: "127.0.0.1", header: "203.0.113.9", trusted: trusted) == "203.0.113.9")
        // The client's own claims, left of what the proxies wrote, are not believed.
        #expect(ForwardedFor.client(peer: "127.0.0.1", header: "1.2.3.4, 203.0.113.9, 10.0.0.2", trusted: trusted) == "203.0.113.9")
        #expect(ForwardedFor.client(peer: "192.0.2.1", header: "203.0.113.9", trusted: trusted) == "192.0.2.1")
        #expect(ForwardedFor.client(peer: "127.0.0.1", header: "not-an-address", trusted: trusted) == "127.0.0.1")
        #expect(ForwardedFor.client(peer: "127.0.0.1", header: nil, trusted: trusted) == "127.0.0.1")
        #expect(ForwardedFor.client(peer: "127.0.0.1", header: "2001:db8::1", trusted: trusted) == "2001:db8::1")
    }
}
