import Foundation

public enum Signals {
    /// From now on SIGINT and SIGTERM wait, pending, in this thread and every
    /// thread it starts, until `waitForTermination` takes one. Call it first,
    /// before any thread exists. (Catching them with dispatch sources lost a
    /// signal sent just after start-up: the handler is installed a moment after
    /// the source is resumed, and meanwhile the signal was ignored.)
    public static func holdTermination() {
        var set = terminationSignals
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    /// Blocks until the process receives SIGINT or SIGTERM (held since
    /// `holdTermination`, however early it came), and returns which. A second
    /// signal stays pending, so it does not kill the process while it shuts down.
    public static func waitForTermination() -> Int32 {
        var set = terminationSignals
        var signo: Int32 = 0
        while sigwait(&set, &signo) != 0 {}
        return signo
    }

    private static var terminationSignals: sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        return set
    }
}
