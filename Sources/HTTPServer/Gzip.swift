import CDeflate
import Synchronization

/// gzip for response bodies, as every browser accepts it, through libdeflate:
/// a page is compressed in one call, and the compressors (a few hundred KB of
/// tables each) are kept and reused rather than set up per page, which with
/// zlib cost more than the compression itself. Kept pages are compressed once,
/// when they are kept, so the cost is paid per rendering, not per request.
public enum Gzip {
    /// The gzip form of `bytes` (level 1 fastest … 12 smallest), or nil if it fails.
    public static func compress(_ bytes: [UInt8], level: Int32 = 6) -> [UInt8]? {
        let level = min(max(level, 1), 12)
        guard let compressor = idle.withLock({ $0[Int(level)]?.popLast()?.pointer }) ?? libdeflate_alloc_compressor(level) else { return nil }
        defer {
            // Up to eight idle compressors a level (more than the server has threads); the rest are freed.
            let kept = idle.withLock { pool -> Bool in
                guard pool[Int(level), default: []].count < 8 else { return false }
                pool[Int(level), default: []].append(Compressor(pointer: compressor))
                return true
            }
            if !kept { libdeflate_free_compressor(compressor) }
        }
        let bound = libdeflate_gzip_compress_bound(compressor, bytes.count)
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: bound, alignment: 1)
        defer { scratch.deallocate() }
        let size = bytes.withUnsafeBytes { input in
            libdeflate_gzip_compress(compressor, input.baseAddress, input.count, scratch.baseAddress, bound)
        }
        guard size > 0 else { return nil }
        // Copied out at its own size (the bound is about the input's): kept pages hold it for a while.
        return Array(UnsafeRawBufferPointer(rebasing: scratch[..<size]))
    }

    /// Compressors not in use, by level.
    private static let idle = Mutex<[Int: [Compressor]]>([:])

    /// A libdeflate compressor: used by one thread at a time, taken out of
    /// `idle` under its lock and put back when done.
    private struct Compressor: @unchecked Sendable {
        let pointer: OpaquePointer
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
                // The coding, then its parameters, each up to the next ";" (walked, not split: this runs for every request).
                var start = item.startIndex
                var stop = start
                while stop < item.endIndex, item[stop] != UInt8(ascii: ";") { stop += 1 }
                guard let name = trimmed(item[start..<stop]), isGzip(name) else { continue }
                while stop < item.endIndex {
                    start = stop + 1
                    stop = start
                    while stop < item.endIndex, item[stop] != UInt8(ascii: ";") { stop += 1 }
                    guard let text = trimmed(item[start..<stop]), text.count > 2,
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
        equalIgnoringCase(name, "gzip") || equalIgnoringCase(name, "x-gzip")
    }

    /// `name` is `word` (lowercase letters and "-") in any ASCII case. Byte by
    /// byte: a lazy mapped comparison cost several times as much, on every request.
    private static func equalIgnoringCase(_ name: Slice<UnsafeBufferPointer<UInt8>>, _ word: StaticString) -> Bool {
        guard name.count == word.utf8CodeUnitCount else { return false }
        let letters = word.utf8Start
        var offset = 0
        for byte in name {
            guard byte | 0x20 == letters[offset] else { return false }
            offset += 1
        }
        return true
    }
}
