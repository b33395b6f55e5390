import CGzip

/// gzip for response bodies (zlib, as every browser accepts it). Pages are
/// compressed once, when they are kept for serving again, so the cost is paid
/// per rendering, not per request.
public enum Gzip {
    /// The gzip form of `bytes`, or nil if zlib fails.
    public static func compress(_ bytes: [UInt8], level: Int32 = 6) -> [UInt8]? {
        var stream = z_stream()
        // 15 window bits + 16: a gzip header and trailer rather than zlib's.
        guard deflateInit2_(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK
        else { return nil }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(bytes.count))))
        let status = bytes.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out -> Int32 in
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
                stream.avail_in = uInt(input.count)
                stream.next_out = out.baseAddress
                stream.avail_out = uInt(out.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { return nil }
        output.removeSubrange(Int(stream.total_out)...)
        return output
    }

    /// Whether an `Accept-Encoding` header admits gzip (`gzip;q=0` refuses it).
    /// Read byte by byte: it is on every request, and string splitting cost
    /// more than the rest of serving a kept page.
    public static func isAccepted(by header: String?) -> Bool {
        guard var header else { return false }
        return header.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                // One item: "coding[;param]*", up to the next comma.
                var end = index
                while end < bytes.count, bytes[end] != UInt8(ascii: ",") { end += 1 }
                let item = UnsafeBufferPointer(rebasing: bytes[index..<end])
                index = end + 1
                let parts = item.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false)
                guard let coding = parts.first, let name = trimmed(coding), isGzip(name) else { continue }
                for parameter in parts.dropFirst() {
                    guard let text = trimmed(parameter), text.count > 2,
                        text[text.startIndex] | 0x20 == UInt8(ascii: "q"), text[text.startIndex + 1] == UInt8(ascii: "=")
                    else { continue }
                    // q=0, q=0.0, q=0.000 refuse; any other digit admits.
                    return text.dropFirst(2).contains { $0 >= UInt8(ascii: "1") && $0 <= UInt8(ascii: "9") }
                }
                return true
            }
            return false
        }
    }

    private static func trimmed(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Slice<UnsafeBufferPointer<UInt8>>? {
        var start = bytes.startIndex, end = bytes.endIndex
        while start < end, bytes[start] == UInt8(ascii: " ") || bytes[start] == UInt8(ascii: "\t") { start += 1 }
        while end > start, bytes[end - 1] == UInt8(ascii: " ") || bytes[end - 1] == UInt8(ascii: "\t") { end -= 1 }
        return start < end ? bytes[start..<end] : nil
    }

    private static func isGzip(_ name: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        let lowered = name.map { $0 | 0x20 }
        return lowered.elementsEqual("gzip".utf8) || lowered.elementsEqual("x-gzip".utf8)
    }
}
