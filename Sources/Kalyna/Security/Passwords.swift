import CSodium
import Foundation

/// Password hashes: argon2id through libsodium with OWASP's recommended
/// parameters (19 MiB, 2 passes, 1 lane). The stored string carries its own
/// parameters and salt (`$argon2id$v=19$m=19456,t=2,p=1$…`), so hashes made
/// with other parameters still verify, and are renewed at the next sign-in.
///
/// Each hash takes its memory for ~20 ms; at most `concurrentHashes` run at
/// once, so that a burst of sign-ins waits its turn instead of multiplying the
/// server's memory (libsodium's "interactive" 64 MiB × 4 threads held the
/// server at 100+ MB after a single sign-in).
public enum Passwords {
    static let memoryLimit = 19 * 1024 * 1024
    static let passes: UInt64 = 2
    static let concurrentHashes = 2
    private static let slots = DispatchSemaphore(value: concurrentHashes)

    /// A hash of a well-known password, checked when an account does not exist
    /// so that a sign-in takes as long whether or not the email is known.
    static let decoy: String = hash("decoy password that is never used") ?? ""

    public static func hash(_ password: String) -> String? {
        hash(password, passes: passes, memoryLimit: memoryLimit)
    }

    static func hash(_ password: String, passes: UInt64, memoryLimit: Int) -> String? {
        guard sodium_init() >= 0 else { return nil }
        var output = [CChar](repeating: 0, count: Int(crypto_pwhash_strbytes()))
        let length = UInt64(password.utf8.count)
        let result = withSlot {
            password.withCString { chars in crypto_pwhash_str(&output, chars, length, passes, memoryLimit) }
        }
        guard result == 0 else { return nil }
        return String(decoding: output.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public static func verify(_ password: String, hash: String) -> Bool {
        guard sodium_init() >= 0 else { return false }
        let length = UInt64(password.utf8.count)
        return withSlot { password.withCString { chars in crypto_pwhash_str_verify(hash, chars, length) == 0 } }
    }

    /// True when `hash` was made with other parameters than today's.
    public static func needsRehash(_ hash: String) -> Bool {
        crypto_pwhash_str_needs_rehash(hash, passes, memoryLimit) != 0
    }

    private static func withSlot<T>(_ body: () -> T) -> T {
        slots.wait()
        defer { slots.signal() }
        return body()
    }
}
