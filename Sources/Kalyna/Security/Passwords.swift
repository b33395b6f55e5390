import CSodium

/// Password hashes: argon2id through libsodium, with its "interactive" limits
/// (64 MiB, 2 passes), above OWASP's minimum for argon2id. The stored string
/// carries its own parameters and salt (`$argon2id$v=19$m=65536,t=2,p=1$…`).
public enum Passwords {
    /// A hash of a well-known password, checked when an account does not exist
    /// so that a sign-in takes as long whether or not the email is known.
    static let decoy: String = hash("decoy password that is never used") ?? ""

    public static func hash(_ password: String) -> String? {
        guard sodium_init() >= 0 else { return nil }
        var output = [CChar](repeating: 0, count: Int(crypto_pwhash_strbytes()))
        let length = UInt64(password.utf8.count)
        let result = password.withCString { chars in
            crypto_pwhash_str(
                &output, chars, length, UInt64(crypto_pwhash_opslimit_interactive()), crypto_pwhash_memlimit_interactive())
        }
        guard result == 0 else { return nil }
        return String(decoding: output.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public static func verify(_ password: String, hash: String) -> Bool {
        guard sodium_init() >= 0 else { return false }
        let length = UInt64(password.utf8.count)
        return password.withCString { chars in crypto_pwhash_str_verify(hash, chars, length) == 0 }
    }
}
