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
        buffer.withLock { $0.append(contentsOf: line.utf8) }
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

    private static let lastTimestamp = Mutex<(second: Int, text: String)>((0, ""))

    /// "2026-11-29T07:45:31Z", formatted once a second.
    static func timestamp() -> String {
        var now = time(nil)
        if let cached = lastTimestamp.withLock({ $0.second == now ? $0.text : nil }) { return cached }
        let text = format(&now)
        lastTimestamp.withLock { $0 = (now, text) }
        return text
    }

    /// A timestamp as "2026-11-29T07:45:31Z".
    public static func iso(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        return format(&seconds)
    }

    private static func format(_ now: inout time_t) -> String {
        var parts = tm()
        gmtime_r(&now, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }
}

/// The access log: one line per request, in the same form as `LineLogHandler`'s
/// ("… info access: 127.0.0.1 GET /grants 200 85us"), built in one buffer.
public struct LineAccessLog: AccessLog {
    let sink: LogSink

    public init(sink: LogSink) { self.sink = sink }

    public func record(client: String, method: String, path: String, status: Int, microseconds: Int) {
        var line = LineLogHandler.timestamp()
        line.reserveCapacity(line.utf8.count + client.utf8.count + method.utf8.count + path.utf8.count + 40)
        line += " info access: "
        line += client
        line += " "
        line += method
        line += " "
        line += path
        line += " "
        line += String(status)
        line += " "
        line += String(microseconds)
        line += "us\n"
        sink.append(line, urgent: false)
    }
}
