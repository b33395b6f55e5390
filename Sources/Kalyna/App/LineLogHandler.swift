import Foundation
import HTTPServer
import Logging
import Synchronization

/// Where log lines go: a buffer that a background thread writes out every 200 ms
/// (and at once for warnings and worse, and on `flush`). Writing each access-log
/// line with its own system call cost more than rendering the page.
public final class LogSink: Sendable {
    private let descriptor: Int32
    private let buffer = Mutex<[UInt8]>([])

    public static let standardError = LogSink(descriptor: STDERR_FILENO)

    public init(descriptor: Int32) {
        self.descriptor = descriptor
        Thread.detachNewThread { [self] in
            while true {
                Thread.sleep(forTimeInterval: 0.2)
                flush()
            }
        }
    }

    func append(_ line: String, urgent: Bool) {
        // Copied as one block of bytes (appending the UTF-8 view went byte by byte).
        var line = line
        line.withUTF8 { append(UnsafeRawBufferPointer($0), urgent: urgent) }
    }

    func append(_ bytes: UnsafeRawBufferPointer, urgent: Bool) {
        buffer.withLock { $0.append(contentsOf: bytes) }
        if urgent { flush() }
    }

    /// Writes out everything buffered so far.
    public func flush() {
        let pending = buffer.withLock { bytes -> [UInt8] in
            defer { bytes.removeAll(keepingCapacity: true) }
            return bytes
        }
        pending.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            var offset = 0
            while offset < raw.count {
                let written = write(descriptor, base + offset, raw.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }
}

/// One line per event with a UTC timestamp formatted by hand (swift-log's stream
/// handler formats local time with strftime and flushes stdio on every line).
public struct LineLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    private let label: String
    private let sink: LogSink

    public init(label: String, level: Logger.Level, sink: LogSink = .standardError) {
        self.label = label
        self.logLevel = level
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        // One buffer for the line: every request writes one (the access log).
        let message = event.message.description
        var text = Self.timestamp()
        text.reserveCapacity(text.utf8.count + label.utf8.count + message.utf8.count + 16)
        text += " "
        text += event.level.rawValue
        text += " "
        text += label
        text += ": "
        text += message
        let merged = event.metadata.map { metadata.merging($0) { _, new in new } } ?? metadata
        if !merged.isEmpty {
            text += " " + merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        }
        text += "\n"
        sink.append(text, urgent: event.level >= .warning)
    }

    /// "2026-11-29T07:45:31Z" for now. Worked out from the seconds with no lock
    /// (glibc's gmtime_r takes one, and so did a cache of the last second's
    /// text): every request writes a line, on every thread.
    static func timestamp() -> String { utc(Int(time(nil))) }

    /// The UTC time `seconds` after 1970 as "2026-11-29T07:45:31Z".
    static func utc(_ seconds: Int) -> String {
        String(unsafeUninitializedCapacity: 20) { utc(seconds, into: UnsafeMutableRawBufferPointer($0)) }
    }

    /// Writes the 20 bytes of `utc(seconds)` at the start of `out`; returns 20.
    @discardableResult
    static func utc(_ seconds: Int, into out: UnsafeMutableRawBufferPointer) -> Int {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let second = seconds - days * 86_400
        let date = CalendarDate(dayNumber: days)
        // Two digits at a time, unrolled: every request's access line starts with this.
        func two(_ value: Int, at index: Int) {
            out[index] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: value / 10 % 10)
            out[index + 1] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: value % 10)
        }
        two(date.year / 100, at: 0)
        two(date.year, at: 2)
        out[4] = UInt8(ascii: "-")
        two(date.month, at: 5)
        out[7] = UInt8(ascii: "-")
        two(date.day, at: 8)
        out[10] = UInt8(ascii: "T")
        two(second / 3600, at: 11)
        out[13] = UInt8(ascii: ":")
        two(second / 60 % 60, at: 14)
        out[16] = UInt8(ascii: ":")
        two(second % 60, at: 17)
        out[19] = UInt8(ascii: "Z")
        return 20
    }

    /// A timestamp as "2026-11-29T07:45:31Z" (years 0–9999).
    public static func iso(_ date: Date) -> String { utc(Int(date.timeIntervalSince1970.rounded(.down))) }
}

/// The access log: one line per request, in the same form as `LineLogHandler`'s
/// ("… info access: 127.0.0.1 GET /grants 200 85us"), built in one buffer.
public struct LineAccessLog: AccessLog {
    let sink: LogSink

    public init(sink: LogSink) { self.sink = sink }

    public func record(client: String, method: String, path: String, status: Int, microseconds: Int) {
        // Written into one buffer on the stack and copied into the sink once:
        // every request writes a line, so no string is built for it.
        let capacity = 20 + 14 + client.utf8.count + method.utf8.count + path.utf8.count + 2 * 20 + 8
        withUnsafeTemporaryAllocation(byteCount: capacity, alignment: 1) { out in
            var at = LineLogHandler.utc(Int(time(nil)), into: out)
            func put(_ text: String) { copyUTF8(text, into: out, at: &at) }
            func put(_ number: Int) {
                var digits = 0
                var rest = number.magnitude
                repeat {
                    digits += 1
                    rest /= 10
                } while rest > 0
                if number < 0 { put("-") }
                rest = number.magnitude
                for offset in stride(from: digits - 1, through: 0, by: -1) {
                    out[at + offset] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                }
                at += digits
            }
            put(" info access: ")
            put(client)
            put(" ")
            put(method)
            put(" ")
            put(path)
            put(" ")
            put(status)
            put(" ")
            put(microseconds)
            put("us\n")
            sink.append(UnsafeRawBufferPointer(rebasing: out[0..<at]), urgent: false)
        }
    }
}

/// Copies `text`'s UTF-8 into `out` at `at` and moves `at` past it, in one
/// block (lines and keys written on every request; `out` is sized first).
func copyUTF8(_ text: String, into out: UnsafeMutableRawBufferPointer, at: inout Int) {
    // The string's own storage where it has one (a native or small string);
    // `withUTF8` on a copy cost more than the copying.
    let copied = text.utf8.withContiguousStorageIfAvailable { bytes in
        UnsafeMutableRawBufferPointer(rebasing: out[at..<(at + bytes.count)]).copyMemory(from: UnsafeRawBufferPointer(bytes))
        return bytes.count
    }
    if let copied {
        at += copied
        return
    }
    for byte in text.utf8 {
        out[at] = byte
        at += 1
    }
}
