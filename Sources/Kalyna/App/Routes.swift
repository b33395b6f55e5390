import HTTPServer

/// The whole route table: method, path, who may use it, and the handler.
enum Routes {
    static let table: [Route] = [
        Route("GET", "/", .anyone, cacheable: true, HomeShow.handle),
        Route("GET", "/healthz", .anyone, HealthShow.handle),
        Route("GET", "/language/:code", .anyone, LanguageSet.handle),
        Route("GET", "/static/*file", .anyone, StaticShow.handle),
    ]
}
