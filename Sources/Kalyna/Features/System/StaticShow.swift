import HTTPServer

/// `GET /static/*file`: stylesheets and images from memory, cached by browsers.
enum StaticShow {
    static func handle(_ context: RequestContext) throws -> Response {
        guard let name = context.parameters["file"], let asset = context.app.assets.assets[name] else {
            throw HTTPError.notFound
        }
        var headers: [(name: String, value: String)] = [
            ("ETag", asset.etag),
            // Pages link assets with ?v=<hash>, so a changed file gets a new URL.
            ("Cache-Control", "public, max-age=31536000, immutable"),
        ]
        if context.request.header("if-none-match") == asset.etag {
            return Response(status: 304, headers: headers)
        }
        headers.append(("Content-Type", asset.contentType))
        if asset.gzipped != nil { headers.append(("Vary", "Accept-Encoding")) }
        if let packed = asset.gzipped, Gzip.isAccepted(by: context.request.header("accept-encoding")) {
            headers.append(("Content-Encoding", "gzip"))
            return Response(status: 200, headers: headers, body: .bytes(packed))
        }
        return Response(status: 200, headers: headers, body: .bytes(asset.bytes))
    }
}
