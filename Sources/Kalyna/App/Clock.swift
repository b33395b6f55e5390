import Foundation

/// The time, as the application sees it. Tests move it to check expiry and
/// lockouts without waiting.
public final class AppClock: @unchecked Sendable {
    private let lock = NSLock()
    private var offset: TimeInterval = 0

    public init() {}

    public var now: Date { lock.withLock { Date().addingTimeInterval(offset) } }

    public func advance(by seconds: TimeInterval) {
        lock.withLock { offset += seconds }
    }

    private var recordOnly = false
    private var recorded: [TimeInterval] = []

    /// Waits `seconds` (sign-in slowing). Tests can have pauses recorded instead of waited.
    public func pause(_ seconds: TimeInterval) {
        guard seconds > 0 else { return }
        let skip = lock.withLock { () -> Bool in
            if recordOnly { recorded.append(seconds) }
            return recordOnly
        }
        if !skip { Thread.sleep(forTimeInterval: seconds) }
    }

    /// From now on pauses are recorded, not waited.
    public func recordPauses() { lock.withLock { recordOnly = true } }

    /// The pauses recorded so far.
    public var pauses: [TimeInterval] { lock.withLock { recorded } }
}
