import CMicroHTTPD

/// What the server knows of one request while its body streams in. Only the
/// pool thread serving the connection touches it.
final class RequestState {
    struct Part {
        var key: String
        var filename: String?
        var contentType: String?
        var bytes: [UInt8] = []
    }

    let method: String
    let path: String
    /// Constants, set when the headers are in: a class's `var` pays a runtime
    /// exclusivity check on every write, and this is made for every request.
    let started = ContinuousClock.now
    let headers: Fields
    let cookies: Fields
    let query: [(name: String, value: String)]
    var received = 0
    var bodyError: BodyError?
    var postProcessor: OpaquePointer?
    var parts: [Part] = []
    var raw: [UInt8] = []
    var responded = false

    init(method: String, path: String, pairs: CollectedPairs) {
        self.method = method
        self.path = path
        headers = Fields(fields: pairs.headers, foldsCase: true)
        cookies = Fields(fields: pairs.cookies)
        query = pairs.query
    }

    /// Takes one piece of the body. Past the limit, or after a parse error, the
    /// bytes are counted and dropped, so memory does not grow with a rejected body.
    func receive(_ data: UnsafePointer<CChar>?, size: Int, limit: Int) {
        received += size
        if received > limit {
            // Too large wins over malformed: it is what the sender can act on.
            if bodyError != .tooLarge { dropBody() }
            bodyError = .tooLarge
            return
        }
        guard bodyError == nil, let data else { return }
        if let postProcessor {
            if MHD_post_process(postProcessor, data, size) != MHD_Result.YES {
                bodyError = .malformed
                dropBody()
            }
        } else {
            raw.append(contentsOf: UnsafeRawBufferPointer(start: data, count: size))
        }
    }

    /// Called by the post processor: a new part starts at offset 0, later pieces
    /// of the same part follow at higher offsets.
    func appendPart(key: String, filename: String?, contentType: String?, data: UnsafePointer<CChar>?, offset: UInt64, size: Int) {
        if offset == 0 || parts.isEmpty {
            parts.append(Part(key: key, filename: filename, contentType: contentType))
        }
        if let data, size > 0 {
            parts[parts.count - 1].bytes.append(contentsOf: UnsafeRawBufferPointer(start: data, count: size))
        }
    }

    /// Ends parsing and returns the fields and files; a truncated body or a text
    /// field that is not UTF-8 marks the request malformed.
    func finishBody() -> (FormData, [UploadedFile]) {
        if let postProcessor {
            self.postProcessor = nil
            if MHD_destroy_post_processor(postProcessor) != MHD_Result.YES, bodyError == nil {
                bodyError = .malformed
            }
        }
        guard bodyError == nil else { return (FormData(), []) }
        var form = FormData()
        var files: [UploadedFile] = []
        for part in parts {
            if let filename = part.filename {
                // A file input left empty still sends a part with no name and no bytes.
                if filename.isEmpty && part.bytes.isEmpty { continue }
                files.append(UploadedFile(field: part.key, filename: filename, contentType: part.contentType ?? "application/octet-stream", bytes: part.bytes))
            } else if let text = String(validating: part.bytes, as: UTF8.self) {
                form.append(part.key, text)
            } else {
                bodyError = .malformed
                return (FormData(), [])
            }
        }
        return (form, files)
    }

    func discardPostProcessor() {
        if let postProcessor {
            _ = MHD_destroy_post_processor(postProcessor)
            self.postProcessor = nil
        }
    }

    private func dropBody() {
        parts = []
        raw = []
    }
}
