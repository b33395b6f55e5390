import Dispatch
import Foundation

public enum Signals {
    /// Blocks until the process receives SIGINT or SIGTERM, and returns which.
    /// The signals are caught through dispatch sources, so a second signal does
    /// not kill the process while it shuts down.
    public static func waitForTermination() -> Int32 {
        let received = DispatchSemaphore(value: 0)
        let caught = SignalBox()
        let queue = DispatchQueue(label: "kalyna.signals")
        var sources: [DispatchSourceSignal] = []
        for signo in [SIGINT, SIGTERM] {
            signal(signo, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signo, queue: queue)
            source.setEventHandler {
                caught.set(signo)
                received.signal()
            }
            source.resume()
            sources.append(source)
        }
        received.wait()
        withExtendedLifetime(sources) {}
        return caught.value
    }
}

private final class SignalBox: @unchecked Sendable {
    private let lock = NSLock()
    private var signo: Int32 = 0
    func set(_ value: Int32) { lock.withLock { signo = value } }
    var value: Int32 { lock.withLock { signo } }
}
