import CSMTP
import Foundation
import Logging

/// Sends one message over SMTP (libcurl). Returns nil on success, or what
/// went wrong as the administrator will read it.
struct SMTPClient: Sendable {
    let url: String
    let security: kalyna_smtp_security
    let username: String
    let password: String
    let envelopeFrom: String
    let caFile: String

    init?(config: Config, environment: [String: String]) {
        guard !config.smtpURL.isEmpty, let from = MailAddress.bare(config.mailFrom) else { return nil }
        url = config.smtpURL
        security = config.smtpURL.hasPrefix("smtps://") ? KALYNA_SMTP_TLS : config.smtpTLS ? KALYNA_SMTP_STARTTLS : KALYNA_SMTP_PLAIN
        username = environment["KALYNA_SMTP_USERNAME"] ?? ""
        password = environment["KALYNA_SMTP_PASSWORD"] ?? ""
        envelopeFrom = "<\(from)>"
        caFile = config.smtpCAFile
    }

    func send(_ message: MailMessage) -> String? {
        let bytes = Array(message.rendered(boundary: "kalyna-" + Tokens.random().prefix(24)).utf8)
        var error = [CChar](repeating: 0, count: 512)
        let status = bytes.withUnsafeBufferPointer { body in
            body.withMemoryRebound(to: CChar.self) { text in
                kalyna_smtp_send(url, security, username, password, envelopeFrom, "<\(message.to)>", text.baseAddress, text.count, caFile, 60, &error, error.count)
            }
        }
        guard status != 0 else { return nil }
        let description = String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return status > 0 ? "SMTP \(status): \(description)" : description
    }
}

/// The sender inside the server: takes due messages from the outbox (the
/// `notice` table), sends them, records the outcome. Woken when a commit
/// writes a notice, else at the next retry. One thread, so one message at a
/// time: the network's volume is a few hundred a day.
final class Outbox: @unchecked Sendable {
    private let app: App
    private let client: SMTPClient
    private let condition = NSCondition()
    private var woken = false
    private var stopping = false
    private var thread: Thread?

    init(app: App, client: SMTPClient) {
        self.app = app
        self.client = client
    }

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "outbox"
        self.thread = thread
        thread.start()
    }

    func wake() {
        condition.withLock {
            woken = true
            condition.signal()
        }
    }

    func stop() {
        condition.withLock {
            stopping = true
            condition.signal()
        }
    }

    private func run() {
        while !condition.withLock({ stopping }) {
            let sent = deliverDue()
            if sent > 0 { continue }
            let next = (try? app.database.pool.read { try NoticeStore.nextDue($0) }) ?? nil
            // Real time, not the app's clock: tests that move the clock call `deliverDue` themselves.
            let wait = max(0.05, min(next.map { $0.timeIntervalSince(app.clock.now) } ?? 60, 60))
            condition.withLock {
                if !woken && !stopping { _ = condition.wait(until: Date().addingTimeInterval(wait)) }
                woken = false
            }
        }
    }

    /// Sends what is due now; returns how many were tried.
    @discardableResult
    func deliverDue() -> Int {
        let now = app.clock.now
        let due: [Notice]
        do {
            due = try app.database.pool.write { try NoticeStore.claimDue($0, now: now, limit: 10) }
        } catch {
            app.logger.error("outbox: cannot read the queue: \(error)")
            return 0
        }
        for notice in due {
            guard let id = notice.id else { continue }
            let recipient = notice.userId.flatMap { user in try? app.database.pool.read { try UserStore.find($0, id: user) } }
            let outcome: String?
            if let message = NoticeMail(app: app).message(for: notice, recipient: recipient) {
                outcome = client.send(message)
            } else {
                outcome = "the message could not be written (its link cannot be opened with this narrative key)"
            }
            do {
                try app.database.pool.write { db in
                    if let outcome { try NoticeStore.markFailed(db, id: id, error: outcome) } else { try NoticeStore.markSent(db, id: id, now: app.clock.now) }
                }
            } catch {
                app.logger.error("outbox: cannot record the outcome of notice \(id): \(error)")
            }
            if let outcome { app.logger.warning("outbox: notice \(id) (\(notice.kind)) not sent, attempt \(notice.attempts + 1): \(outcome)") }
        }
        return due.count
    }
}

/// The daily reminders inside the server: at start and each hour after; the
/// run is idempotent, so restarts and `kalyna remind` never double them.
final class ReminderSchedule: @unchecked Sendable {
    private let app: App
    private let condition = NSCondition()
    private var stopping = false

    init(app: App) { self.app = app }

    func start() {
        let thread = Thread { [self] in
            while !condition.withLock({ stopping }) {
                do { try app.remind() } catch { app.logger.error("reminders failed: \(error)") }
                condition.withLock { if !stopping { _ = condition.wait(until: Date().addingTimeInterval(3600)) } }
            }
        }
        thread.name = "reminders"
        thread.start()
    }

    func stop() {
        condition.withLock {
            stopping = true
            condition.signal()
        }
    }
}

extension App {
    /// Whether this installation sends e-mail (an SMTP server is configured).
    public var sendsMail: Bool { !config.smtpURL.isEmpty }

    /// Writes today's reminders (in the network's time zone); returns how many were new.
    @discardableResult
    public func remind() throws -> Int {
        let now = clock.now
        return try database.pool.write { try ReminderStore.run($0, today: CalendarDate(now, in: timeZone), now: now) }
    }

    /// Starts what runs beside the requests: the e-mail sender (when SMTP is
    /// configured) and the daily reminders. `kalyna serve` calls it; tests
    /// that need them do too.
    public func startBackgroundWork(reminders: Bool = true) {
        if let client = SMTPClient(config: config, environment: ProcessInfo.processInfo.environment) {
            do {
                // One server sends for a database: an attempt with no outcome was cut off by a crash.
                try database.pool.write { try NoticeStore.resumeInterrupted($0, now: clock.now) }
            } catch {
                logger.error("outbox: cannot resume interrupted deliveries: \(error)")
            }
            let outbox = Outbox(app: self, client: client)
            background.withLock { $0.outbox = outbox }
            database.changes.onNotice { outbox.wake() }
            outbox.start()
            logger.notice("e-mail: sending through \(config.smtpURL)")
        }
        if reminders {
            let schedule = ReminderSchedule(app: self)
            background.withLock { $0.reminders = schedule }
            schedule.start()
        }
    }

    public func stopBackgroundWork() {
        let (outbox, reminders) = background.withLock { ($0.outbox, $0.reminders) }
        outbox?.stop()
        reminders?.stop()
    }

    /// Sends what is due now, on the caller's thread (tests that move the clock).
    @discardableResult
    public func deliverDueMail() -> Int {
        background.withLock { $0.outbox }?.deliverDue() ?? 0
    }
}

/// The background workers a running app holds.
struct BackgroundWork: Sendable {
    var outbox: Outbox?
    var reminders: ReminderSchedule?
}
