import CSodium
import GRDB

/// CSRF tokens for visitors who are not signed in (the sign-in and register
/// forms): a random nonce and its HMAC under a secret only the server knows.
/// A value a client picks for itself, or plants in another's browser, is not
/// genuine and is refused (login CSRF through a chosen cookie value).
public struct VisitorTokens: Sendable {
    private let key: [UInt8]

    init(key: [UInt8]) {
        self.key = key
    }

    static let setting = "visitor_csrf_key"

    /// The installation's key, made on first start and kept in the database.
    static func load(_ db: Database) throws -> VisitorTokens {
        if let hex = try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [setting]),
            let key = NarrativeBox.decodeHex(hex), key.count == Int(crypto_auth_hmacsha256_KEYBYTES)
        {
            return VisitorTokens(key: key)
        }
        _ = sodium_init()
        var key = [UInt8](repeating: 0, count: Int(crypto_auth_hmacsha256_KEYBYTES))
        randombytes_buf(&key, key.count)
        try db.execute(sql: "INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)", arguments: [setting, NarrativeBox.encodeHex(key)])
        return VisitorTokens(key: key)
    }

    private func mac(_ nonce: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(crypto_auth_hmacsha256_BYTES))
        _ = crypto_auth_hmacsha256(&out, nonce, UInt64(nonce.count), key)
        return Array(out.prefix(16))
    }

    /// A new token: 16 random bytes and 16 bytes of their HMAC (43 characters).
    func make() -> String {
        var nonce = [UInt8](repeating: 0, count: 16)
        randombytes_buf(&nonce, nonce.count)
        return Tokens.base64URL(nonce + mac(nonce))
    }

    func isGenuine(_ token: String) -> Bool {
        guard token.utf8.count == 43, let bytes = Tokens.base64URLDecode(token), bytes.count == 32 else { return false }
        let expected = mac(Array(bytes.prefix(16)))
        return sodium_memcmp(expected, Array(bytes.suffix(16)), 16) == 0
    }
}
