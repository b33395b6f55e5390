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
}
