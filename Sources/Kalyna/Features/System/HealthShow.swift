import Foundation
import HTTPServer

/// `GET /healthz`: for monitors. 200 when the database answers, 503 when not.
enum HealthShow {
    struct Health: Encodable {
        let status: String
        let database: String
        let version: String
    }

    static func handle(_ context: RequestContext) throws -> Response {
        let databaseOK = context.app.database.isHealthy()
        let health = Health(status: databaseOK ? "ok" : "error", database: databaseOK ? "ok" : "error", version: AppInfo.version)
        let body = try JSONEncoder().encode(health)
        return Response(
            status: databaseOK ? 200 : 503,
            headers: [("Content-Type", "application/json")],
            body: .bytes([UInt8](body)))
    }
}
