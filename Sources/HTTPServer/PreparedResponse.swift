import CMicroHTTPD

/// A response turned once into a libmicrohttpd response object (body and headers)
/// that can be queued again and again, from any thread: libmicrohttpd counts its
/// references. For pages served many times unchanged, this skips copying the body
/// and adding each header on every request.
public final class PreparedResponse: Sendable {
    private let handle: Handle

    init?(_ response: Response) {
        guard case .bytes = response.body, let made = HTTPServer.makeMHDResponse(response) else { return nil }
        handle = Handle(pointer: made)
    }

    var pointer: OpaquePointer { handle.pointer }

    deinit { MHD_destroy_response(handle.pointer) }

    private struct Handle: @unchecked Sendable {
        let pointer: OpaquePointer
    }
}

extension Response {
    /// The same response, prepared for repeated sending. Only byte bodies can be
    /// prepared; others come back unchanged.
    public func prepared() -> Response {
        guard let prepared = PreparedResponse(self) else { return self }
        return Response(status: status, headers: headers, cookies: cookies, body: .prepared(prepared))
    }
}
