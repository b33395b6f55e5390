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

    @Test func pathsWithoutParametersFollowTheTableOrderToo() {
        let first = Route("GET", "/cases/:id", .anyone) { _ in Response(status: 201) }
        let shadowed = Route("GET", "/cases/new", .anyone) { _ in Response(status: 202) }
        let listed = Route("GET", "/cases", .anyone) { _ in Response(status: 203) }
        let router = Router(routes: [first, shadowed, listed])
        guard case .found(let route, let parameters) = router.match(method: "GET", path: "/cases/new") else {
            Issue.record("expected a route")
            return
        }
        #expect(route === first && parameters == ["id": "new"])
        guard case .found(let list, _) = router.match(method: "HEAD", path: "/cases") else {
            Issue.record("expected a route")
            return
        }
        #expect(list === listed)
        // Written otherwise, a path still finds its route.
        guard case .found(let again, _) = router.match(method: "GET", path: "/cases/") else {
            Issue.record("expected a route")
            return
        }
        #expect(again === listed)
        guard case .methodNotAllowed = router.match(method: "POST", path: "/cases") else {
            Issue.record("expected 405")
            return
        }
        // Every route in the real table is still found at its own path.
        let real = Router(routes: Routes.table)
        for route in Routes.table where !route.pattern.contains(":") && !route.pattern.contains("*") {
            guard case .found(let found, _) = real.match(method: route.method, path: route.pattern) else {
                Issue.record("\(route.method) \(route.pattern) not found")
                continue
            }
            #expect(found.pattern == route.pattern, "\(route.method) \(route.pattern) went to \(found.pattern)")
        }
    }

    @Test func theRouteTableHasNoDuplicates() {
        var seen = Set<String>()
        for route in Routes.table {
            #expect(seen.insert("\(route.method) \(route.pattern)").inserted, "\(route.method) \(route.pattern) twice")
        }
    }
}
