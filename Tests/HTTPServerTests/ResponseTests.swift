import Foundation
import HTTPServer
import Testing
import TestSupport

@Suite struct ResponseTests {
    @Test func cookieAttributes() {
        let cookie = Cookie(name: "session", value: "abc", maxAge: 3600, httpOnly: true, secure: true, sameSite: .lax)
        #expect(cookie.headerValue == "session=abc; Path=/; Max-Age=3600; HttpOnly; Secure; SameSite=Lax")
        #expect(Cookie.expired("session").headerValue == "session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax")
    }

    @Test func statusHeadersCookiesAndRedirects() throws {
        let harness = try ServerHarness { request in
            if request.path == "/go" { return .redirect(to: "/there") }
            var response = Response(status: 201, contentType: "text/plain; charset=utf-8", text: "створено")
            response.setHeader("X-Test", "1")
            response.cookies = [Cookie(name: "a", value: "1"), Cookie(name: "b", value: "2", maxAge: 0)]
            return response
        }
        let created = try harness.client.get("/make")
        #expect(created.status == 201)
        #expect(created.text == "створено")
        #expect(created.header("X-Test") == "1")
        #expect(created.headers("Set-Cookie") == ["a=1; Path=/; HttpOnly; SameSite=Lax", "b=2; Path=/; Max-Age=0; HttpOnly; SameSite=Lax"])
        let redirect = try harness.client.get("/go")
        #expect(redirect.status == 303)
        #expect(redirect.header("Location") == "/there")
    }

    @Test func fileBodiesAreSentFromDisk() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kalyna-file-\(UUID().uuidString)").path
        let content = (0..<100_000).map { UInt8($0 % 256) }
        try Data(content).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let harness = try ServerHarness { _ in Response(headers: [("Content-Type", "application/octet-stream")], body: .file(path: path)) }
        let response = try harness.client.get("/download")
        #expect(response.status == 200)
        #expect(response.body == content)
    }

    @Test func headAnswersWithoutABody() throws {
        let harness = try ServerHarness()
        let response = try harness.client.send(method: "HEAD", path: "/")
        #expect(response.status == 200)
        #expect(response.body.isEmpty)
    }
}
