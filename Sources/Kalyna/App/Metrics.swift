import Foundation
import HTTPServer
import Prometheus

/// What `/metrics` reports, in the Prometheus text format (swift-prometheus):
/// requests by status class and their duration, server errors, page-cache
/// hits, sign-in failures, and the database's size on disk.
final class Metrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    /// 2xx, 3xx, 4xx, 5xx (1xx counts with 2xx): indexed, no string built per request.
    private let requests: [Counter]
    private let duration: DurationHistogram
    private let cacheHits: Counter
    let signInFailures: Counter
    private let databaseBytes: Gauge

    init() {
        func name(_ metric: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
            MetricNameDescriptor(namespace: "kalyna", metricName: metric, unitName: unit, helpText: help)
        }
        let requestsName = name("requests", "total", "Requests answered, by status class")
        let registry = self.registry
        requests = ["2xx", "3xx", "4xx", "5xx"].map { registry.makeCounter(descriptor: requestsName, labels: [("status", $0)]) }
        duration = registry.makeDurationHistogram(
            descriptor: name("request_duration", "seconds", "Time from a request's arrival at the application to its answer"),
            buckets: [.milliseconds(1), .milliseconds(5), .milliseconds(20), .milliseconds(100), .milliseconds(500), .seconds(2)])
        cacheHits = registry.makeCounter(descriptor: name("page_cache_hits", "total", "Pages answered from the page cache"))
        signInFailures = registry.makeCounter(descriptor: name("sign_in_failures", "total", "Sign-ins refused (wrong password or throttled)"))
        databaseBytes = registry.makeGauge(descriptor: name("database", "bytes", "Size of the database and its write-ahead log"))
    }

    func answered(_ status: Int, after elapsed: Duration, cached: Bool) {
        requests[min(5, max(2, status / 100)) - 2].increment()
        duration.record(elapsed)
        if cached { cacheHits.increment() }
    }

    /// The text exposition, with the database size read now.
    func exposition(database path: String) -> [UInt8] {
        let sizes = ["", "-wal"].map { (try? FileManager.default.attributesOfItem(atPath: path + $0)[.size] as? Int) ?? 0 }
        databaseBytes.set(Double(sizes.reduce(0, +)))
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }
}

/// `GET /metrics`: for a monitoring agent on the same machine (a direct
/// loopback connection that came through no proxy), or anyone presenting the
/// configured token (`metrics_token`, or `KALYNA_METRICS_TOKEN`) as a bearer.
enum MetricsShow {
    static func handle(_ context: RequestContext) throws -> Response {
        let request = context.request
        let direct = request.header("x-forwarded-for") == nil && isLoopback(request.peerAddress)
        let token = context.app.metricsToken
        let presented = request.header("authorization").flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil }
        let authorized = !token.isEmpty && presented.map { Tokens.equal($0, token) } == true
        guard direct || authorized else { throw HTTPError.forbidden }
        return Response(status: 200, headers: [("Content-Type", "text/plain; version=0.0.4; charset=utf-8")],
                        body: .bytes(context.app.metrics.exposition(database: context.app.config.database)))
    }

    static func isLoopback(_ address: String) -> Bool {
        address.hasPrefix("127.") || address == "::1" || address == "::ffff:127.0.0.1"
    }
}
