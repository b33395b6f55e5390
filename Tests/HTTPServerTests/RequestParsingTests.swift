import Foundation
import HTTPServer
import Testing
import TestSupport

@Suite struct RequestParsingTests {
    @Test func startsOnAFreePortAndReadsTheRequestLine() throws {
        let harness = try ServerHarness()
        #expect(harness.server.port > 0)
        let response = try harness.client.get(
            "/applications/42?call=7&status=draft&status=submitted&name=%D0%9A%D0%B0%D0%BB%D0%B8%D0%BD%D0%B0",
            headers: [("Accept-Language", "uk"), ("Cookie", "lang=ru; session=abc")])
        #expect(response.status == 200)
        let request = try #require(harness.recorder.last)
        #expect(request.method == "GET")
        #expect(request.path == "/applications/42")
        #expect(request.query["call"] == "7")
        #expect(request.query.values("status") == ["draft", "submitted"])
        #expect(request.query["name"] == "Калина")
        #expect(request.header("Accept-Language") == "uk")
        #expect(request.header("accept-language") == "uk")
        #expect(request.cookies == ["lang": "ru", "session": "abc"])
        #expect(request.remoteAddress == "127.0.0.1")
    }

    /// Every loopback address reaches the server, so each octet's width can be tried.
    @Test(arguments: ["127.0.0.2", "127.10.200.9", "127.255.0.99", "127.1.23.100"])
    func theClientsAddressReadsAsItsDottedQuad(_ source: String) throws {
        let harness = try ServerHarness()
        #expect(try HTTPClient(port: harness.server.port, source: source).get("/").status == 200)
        #expect(harness.recorder.last?.remoteAddress == source)
        #expect(harness.recorder.last?.peerAddress == source)
    }

    @Test func aRepeatedHeaderReadsAsOneAndCookieNamesKeepTheirCase() throws {
        let harness = try ServerHarness()
        let response = try harness.client.get(
            "/", headers: [("X-Trace", "a"), ("x-trace", "b"), ("Cookie", "Session=upper; session=lower; session=second")])
        #expect(response.status == 200)
        let request = try #require(harness.recorder.last)
        #expect(request.header("X-TRACE") == "a, b")
        #expect(request.header("x-absent") == nil)
        #expect(request.cookies["session"] == "lower")
        #expect(request.cookies["Session"] == "upper")
        #expect(request.cookies["SESSION"] == nil)
    }

    /// Common names come from a shared table, others are made: either way each
    /// name reads as the client wrote it, and the Cookie header only as cookies.
    @Test func headerNamesReadAsWrittenAndTheCookieHeaderAsCookies() throws {
        let harness = try ServerHarness()
        let response = try harness.client.get(
            "/",
            headers: [
                ("User-Agent", "phone"), ("accept-language", "ru"), ("ACCEPT", "text/html"), ("Sec-Fetch-Mode", "navigate"),
                ("Sec-Fetch-Modes", "x"), ("X-Own", "1"), ("Referer", "https://kalyna.example/"), ("Cookie", "lang=uk"),
            ])
        #expect(response.status == 200)
        let request = try #require(harness.recorder.last)
        let written = ["User-Agent", "accept-language", "ACCEPT", "Sec-Fetch-Mode", "Sec-Fetch-Modes", "X-Own", "Referer"]
        #expect(written.allSatisfy(request.headers.names.contains))
        #expect(request.header("user-agent") == "phone")
        #expect(request.header("Sec-Fetch-Mode") == "navigate")
        #expect(request.header("sec-fetch-modes") == "x")
        #expect(request.header("referer") == "https://kalyna.example/")
        #expect(request.header("Cookie") == nil)
        #expect(request.cookies == ["lang": "uk"])
    }

    @Test func urlEncodedFormKeepsOrderRepeatsAndEmptyValues() throws {
        let harness = try ServerHarness()
        let body = "line=a&amount=1&line=&amount=2&note=%3Cb%3E+%D1%96&empty="
        let response = try harness.client.send(
            method: "POST", path: "/form", headers: [("Content-Type", "application/x-www-form-urlencoded")],
            body: Array(body.utf8))
        #expect(response.status == 200)
        let form = try #require(harness.recorder.last).form
        #expect(form.values("line") == ["a", ""])
        #expect(form.values("amount") == ["1", "2"])
        #expect(form["note"] == "<b> і")
        #expect(form["empty"] == "")
    }

    @Test func multipartFormGivesFieldsAndFiles() throws {
        let harness = try ServerHarness()
        let boundary = "kalynaBoundary42"
        let pdf: [UInt8] = Array("%PDF-1.4\n".utf8) + (0..<3000).map { UInt8($0 % 251) }
        var body: [UInt8] = []
        func part(_ headers: String, _ content: [UInt8]) {
            body += Array("--\(boundary)\r\n\(headers)\r\n\r\n".utf8) + content + Array("\r\n".utf8)
        }
        part("Content-Disposition: form-data; name=\"title\"", Array("Сад і город".utf8))
        part("Content-Disposition: form-data; name=\"note\"", [])
        part("Content-Disposition: form-data; name=\"document\"; filename=\"budget.pdf\"\r\nContent-Type: application/pdf", pdf)
        part("Content-Disposition: form-data; name=\"other\"; filename=\"\"\r\nContent-Type: application/octet-stream", [])
        body += Array("--\(boundary)--\r\n".utf8)
        let response = try harness.client.send(
            method: "POST", path: "/upload", headers: [("Content-Type", "multipart/form-data; boundary=\(boundary)")], body: body)
        #expect(response.status == 200)
        let request = try #require(harness.recorder.last)
        #expect(request.form["title"] == "Сад і город")
        #expect(request.form["note"] == "")
        #expect(request.files.count == 1)
        let file = try #require(request.files.first)
        #expect(file.field == "document")
        #expect(file.filename == "budget.pdf")
        #expect(file.contentType == "application/pdf")
        #expect(file.bytes == pdf)
    }

    @Test func invalidUTF8InAFieldIsMalformed() throws {
        let harness = try ServerHarness()
        let response = try harness.client.send(
            method: "POST", path: "/form", headers: [("Content-Type", "application/x-www-form-urlencoded")],
            body: Array("name=%C3%28&x=1".utf8))
        #expect(response.status == 400)
        #expect(harness.recorder.last?.bodyError == .malformed)
        #expect(harness.recorder.last?.form.isEmpty == true)
    }

    @Test func multipartWithoutBoundaryIsMalformed() throws {
        let harness = try ServerHarness()
        let response = try harness.client.send(
            method: "POST", path: "/upload", headers: [("Content-Type", "multipart/form-data")], body: Array("x".utf8))
        #expect(response.status == 400)
    }

    @Test func otherBodiesArriveRaw() throws {
        let harness = try ServerHarness()
        let json = Array(#"{"a":1}"#.utf8)
        _ = try harness.client.send(method: "POST", path: "/api", headers: [("Content-Type", "application/json")], body: json)
        #expect(harness.recorder.last?.rawBody == json)
    }

    @Test func garbageRequestLineGetsAClientErrorAndTheServerLives() throws {
        let harness = try ServerHarness()
        // libmicrohttpd answers a request line it cannot read with 400 or by
        // closing the connection; either way nothing reaches the application.
        let connection = try TestConnection(port: harness.server.port)
        try connection.write("NONSENSE\r\n\r\n")
        let answer = connection.readAll()
        connection.close()
        if !answer.isEmpty { #expect((400..<500).contains(try TestResponse.parse(answer).status)) }
        #expect(harness.recorder.all.isEmpty)
        let hugeHeader = "GET / HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "a", count: 200_000))\r\nConnection: close\r\n\r\n"
        let big = try harness.client.raw(Array(hugeHeader.utf8))
        #expect((400..<500).contains(big.status))
        #expect(try harness.client.get("/still-here").status == 200)
    }
}
