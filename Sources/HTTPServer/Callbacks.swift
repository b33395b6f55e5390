import CMHDHelpers
import CMicroHTTPD
import Foundation

// libmicrohttpd calls these C functions on its pool threads. They are plain
// functions (not closures in main.swift) so that no actor isolation applies.

/// `MHD_AccessHandlerCallback`: called once when the headers are in, then once per
/// piece of body, then once more (with no data) when the body is complete.
let accessCallback: MHD_AccessHandlerCallback = { cls, connection, url, method, _, uploadData, uploadDataSize, requestContext in
    guard let cls, let connection, let requestContext, let uploadDataSize else { return MHD_Result.NO }
    let server = Unmanaged<HTTPServer>.fromOpaque(cls).takeUnretainedValue()

    guard let existing = requestContext.pointee else {
        // Everything libmicrohttpd parsed with the headers, read once: the checks and the request share it.
        let state = RequestState(
            method: method.map { String(cString: $0) } ?? "GET",
            path: url.map { String(cString: $0) } ?? "/",
            pairs: CollectedPairs.read(from: connection))
        requestContext.pointee = Unmanaged.passRetained(state).toOpaque()
        server.inFlight.add(1, ordering: .relaxed)
        kalyna_mhd_headers_received(UnsafeMutableRawPointer(connection))
        return server.headersArrived(state, connection: connection)
    }
    let state = Unmanaged<RequestState>.fromOpaque(existing).takeUnretainedValue()
    let size = uploadDataSize.pointee
    if size > 0 {
        state.receive(uploadData, size: size, limit: server.configuration.bodyLimit)
        uploadDataSize.pointee = 0
        return MHD_Result.YES
    }
    if state.responded { return MHD_Result.YES }
    kalyna_mhd_request_received(UnsafeMutableRawPointer(connection))
    return server.respond(to: state, connection: connection)
}

/// `MHD_RequestCompletedCallback`: the response was sent or the connection ended.
let completedCallback: MHD_RequestCompletedCallback = { cls, _, requestContext, _ in
    guard let cls, let requestContext, let existing = requestContext.pointee else { return }
    let server = Unmanaged<HTTPServer>.fromOpaque(cls).takeUnretainedValue()
    let state = Unmanaged<RequestState>.fromOpaque(existing).takeRetainedValue()
    state.discardPostProcessor()
    requestContext.pointee = nil
    server.inFlight.subtract(1, ordering: .releasing)
}

/// `MHD_PostDataIterator`: a piece of a form field or an uploaded file.
let postDataCallback: MHD_PostDataIterator = { cls, _, key, filename, contentType, _, data, offset, size in
    guard let cls else { return MHD_Result.NO }
    let state = Unmanaged<RequestState>.fromOpaque(cls).takeUnretainedValue()
    state.appendPart(
        key: key.map { String(cString: $0) } ?? "",
        filename: filename.map { String(cString: $0) },
        contentType: contentType.map { String(cString: $0) },
        data: data, offset: offset, size: size)
    return MHD_Result.YES
}

/// `MHD_KeyValueIterator`: collects the headers, cookies and query arguments in
/// one pass, into the `CollectedPairs` its `cls` points at.
let collectPairCallback: MHD_KeyValueIterator = { cls, kind, key, value in
    guard let cls, let key else { return MHD_Result.YES }
    let pairs = cls.assumingMemoryBound(to: CollectedPairs.self)
    // The Cookie header arrives parsed, as COOKIE_KIND pairs; its raw text (a
    // request's longest header) is not kept as well.
    if kind == MHD_ValueKind.HEADER_KIND, strcasecmp(key, "Cookie") == 0 { return MHD_Result.YES }
    let name = kind == MHD_ValueKind.HEADER_KIND ? HeaderName.common(key) ?? String(cString: key) : String(cString: key)
    let text = value.map { String(cString: $0) } ?? ""
    switch kind {
    case MHD_ValueKind.HEADER_KIND: pairs.pointee.headers.append(Fields.Field(name: name, value: text))
    case MHD_ValueKind.COOKIE_KIND: pairs.pointee.cookies.append(Fields.Field(name: name, value: text))
    default: pairs.pointee.query.append((name, text))
    }
    return MHD_Result.YES
}

/// The header names browsers and proxies send on every request, spelt as they
/// send them: such a name becomes one of these strings instead of a new one
/// made and checked as UTF-8 (a dozen per request).
enum HeaderName {
    private static let names = [
        "Host", "Connection", "User-Agent", "Accept", "Accept-Encoding", "Accept-Language", "Referer", "Origin",
        "Content-Type", "Content-Length", "Cache-Control", "Pragma", "Upgrade-Insecure-Requests", "Priority", "DNT",
        "Sec-Fetch-Site", "Sec-Fetch-Mode", "Sec-Fetch-User", "Sec-Fetch-Dest", "Sec-CH-UA", "Sec-CH-UA-Mobile",
        "Sec-CH-UA-Platform", "If-None-Match", "If-Modified-Since", "Authorization", "X-Forwarded-For",
        "X-Forwarded-Proto", "X-Real-IP", "X-Request-ID",
        "host", "connection", "user-agent", "accept", "accept-encoding", "accept-language", "referer", "origin",
        "content-type", "content-length", "cache-control", "x-forwarded-for", "x-forwarded-proto", "x-real-ip",
    ]
    /// By length (the index), the names that could match.
    private static let byLength: [[(bytes: [UInt8], name: String)]] = {
        var table = [[(bytes: [UInt8], name: String)]](repeating: [], count: 1 + (names.map(\.utf8.count).max() ?? 0))
        for name in names { table[name.utf8.count].append((Array(name.utf8), name)) }
        return table
    }()

    /// The shared string for `key` if it is one of the common names, exactly as written.
    static func common(_ key: UnsafePointer<CChar>) -> String? {
        let length = strlen(key)
        guard length > 0, length < byLength.count else { return nil }
        let first = UInt8(bitPattern: key[0])
        for candidate in byLength[length] where candidate.bytes[0] == first {
            if candidate.bytes.withUnsafeBytes({ $0.baseAddress.map { memcmp($0, key, length) == 0 } ?? false }) { return candidate.name }
        }
        return nil
    }
}

/// A request's headers, cookies and query arguments as libmicrohttpd parsed
/// them with the headers. A struct filled through a pointer: appending to a
/// class's arrays paid a runtime exclusivity check on every pair.
struct CollectedPairs {
    var headers: [Fields.Field] = []
    var cookies: [Fields.Field] = []
    var query: [(name: String, value: String)] = []

    /// All three kinds, read once when the headers are in.
    static func read(from connection: OpaquePointer) -> CollectedPairs {
        var pairs = CollectedPairs()
        // A browser sends about a dozen headers: one allocation instead of the array growing four times.
        pairs.headers.reserveCapacity(16)
        withUnsafeMutablePointer(to: &pairs) { pointer in
            _ = kalyna_mhd_request_values(
                UnsafeMutableRawPointer(connection), unsafeBitCast(collectPairCallback, to: UnsafeMutableRawPointer.self),
                UnsafeMutableRawPointer(pointer))
        }
        return pairs
    }
}

extension HTTPServer {
    /// First call for a request: refuse an announced oversized body at once, and
    /// set up the form parser for form bodies.
    func headersArrived(_ state: RequestState, connection: OpaquePointer) -> MHD_Result {
        if let length = state.headers["content-length"], let bytes = UInt64(length),
            bytes > UInt64(configuration.bodyLimit)
        {
            state.bodyError = .tooLarge
            return respond(to: state, connection: connection)
        }
        guard let contentType = state.headers["content-type"]?.lowercased() else { return MHD_Result.YES }
        let isForm = contentType.hasPrefix("application/x-www-form-urlencoded") || contentType.hasPrefix("multipart/form-data")
        if isForm {
            let me = Unmanaged.passUnretained(state).toOpaque()
            guard let processor = MHD_create_post_processor(connection, 16 * 1024, postDataCallback, me) else {
                // A multipart body without a boundary, for example.
                state.bodyError = .malformed
                return MHD_Result.YES
            }
            state.postProcessor = processor
        }
        return MHD_Result.YES
    }

    /// Last call for a request: build it, run the handler, queue the response.
    func respond(to state: RequestState, connection: OpaquePointer) -> MHD_Result {
        state.responded = true
        let request = buildRequest(state, connection: connection)
        let response = handler(request)
        let result = queue(response, method: request.method, on: connection)
        if let accessLog {
            let elapsed = (ContinuousClock.now - state.started).components
            let microseconds = elapsed.seconds * 1_000_000 + elapsed.attoseconds / 1_000_000_000_000
            accessLog.record(
                client: request.remoteAddress, method: request.method, path: configuration.logPath(request.path), status: response.status,
                microseconds: Int(microseconds))
        }
        return result
    }

    private func buildRequest(_ state: RequestState, connection: OpaquePointer) -> Request {
        let (form, files) = state.finishBody()
        let peer = withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { address -> String in
            guard let base = address.baseAddress else { return "" }
            kalyna_mhd_client_address(UnsafeMutableRawPointer(connection), base, address.count)
            return String(cString: base)
        }
        let headers = state.headers
        var request = Request(
            method: state.method, path: state.path,
            query: FormData(state.query),
            headers: headers, cookies: state.cookies, form: form, files: files, rawBody: state.raw,
            remoteAddress: ForwardedFor.client(
                peer: peer, header: !configuration.trustedProxies.isEmpty && configuration.trustedProxies.contains(peer) ? headers.joined("x-forwarded-for") : nil,
                trusted: configuration.trustedProxies),
            bodyError: state.bodyError)
        request.peerAddress = peer
        return request
    }

    private func queue(_ response: Response, method: String, on connection: OpaquePointer) -> MHD_Result {
        if case .prepared(let prepared) = response.body {
            return MHD_queue_response(connection, UInt32(response.status), prepared.pointer)
        }
        guard let mhdResponse = Self.makeMHDResponse(response) else {
            return queue(Response(status: 500), method: method, on: connection)
        }
        defer { MHD_destroy_response(mhdResponse) }
        return MHD_queue_response(connection, UInt32(response.status), mhdResponse)
    }

    /// A libmicrohttpd response with the body, headers and cookies of `response`.
    static func makeMHDResponse(_ response: Response) -> OpaquePointer? {
        guard let mhdResponse = makeBody(response.body) else { return nil }
        for header in response.headers {
            _ = MHD_add_response_header(mhdResponse, header.name, header.value)
        }
        for cookie in response.cookies {
            _ = MHD_add_response_header(mhdResponse, "Set-Cookie", cookie.headerValue)
        }
        return mhdResponse
    }

    private static func makeBody(_ body: Response.Body) -> OpaquePointer? {
        switch body {
        case .bytes(let bytes):
            return bytes.withUnsafeBytes { buffer in
                MHD_create_response_from_buffer(buffer.count, UnsafeMutableRawPointer(mutating: buffer.baseAddress), MHD_ResponseMemoryMode.RESPMEM_MUST_COPY)
            }
        case .file(let path):
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { return nil }
            var info = stat()
            guard fstat(fd, &info) == 0, let response = MHD_create_response_from_fd(Int(info.st_size), fd) else {
                close(fd)
                return nil
            }
            return response  // libmicrohttpd closes the descriptor with the response
        case .prepared:
            return nil  // queued as it is, never rebuilt
        }
    }
}
