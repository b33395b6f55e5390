import HTTPServer
import Testing

@testable import Kalyna

@Suite struct RouterTests {
    let router = Router(routes: [
        Route("GET", "/", .anyone) { _ in Response() },
        Route("GET", "/applications/:id", .anyone) { _ in Response() },
        Route("POST", "/applications/:id", .anyone) { _ in Response() },
        Route("GET", "/applications/:id/files/:file", .anyone) { _ in Response() },
        Route("GET", "/static/*file", .anyone) { _ in Response() },
    ])

    func parameters(_ method: String, _ path: String) -> [String: String]? {
        if case .found(_, let parameters) = router.match(method: method, path: path) { return parameters }
        return nil
    }

    @Test func matchesPatternsWithParameters() {
        #expect(parameters("GET", "/") == [:])
        #expect(parameters("GET", "/applications/42") == ["id": "42"])
        #expect(parameters("POST", "/applications/42") == ["id": "42"])
        #expect(parameters("GET", "/applications/42/files/7") == ["id": "42", "file": "7"])
        #expect(parameters("GET", "/static/css/app.css") == ["file": "css/app.css"])
        #expect(parameters("HEAD", "/applications/1") == ["id": "1"])
    }

    @Test func unknownPathsAndMethods() {
        guard case .notFound = router.match(method: "GET", path: "/applications") else {
            Issue.record("expected not found")
            return
        }
        guard case .notFound = router.match(method: "GET", path: "/applications/1/extra") else {
            Issue.record("expected not found")
            return
        }
        guard case .methodNotAllowed(let allowed) = router.match(method: "DELETE", path: "/applications/1") else {
            Issue.record("expected 405")
            return
        }
        #expect(allowed == ["GET", "POST", "HEAD"])
    }

    @Test func theRouteTableHasNoDuplicates() {
        var seen = Set<String>()
        for route in Routes.table {
            #expect(seen.insert("\(route.method) \(route.pattern)").inserted, "\(route.method) \(route.pattern) twice")
        }
    }
}
