import CSodium
import Foundation

/// Encrypts case narratives at rest (libsodium secretbox: XSalsa20-Poly1305,
/// a fresh nonce for every message). The key lives outside the database: in
/// `KALYNA_NARRATIVE_KEY` (64 hex digits) or in a key file that Kalyna creates,
/// readable by its owner only, on first start. A copy of the database alone
/// reveals no narrative.
public struct NarrativeBox: Sendable {
    private let key: [UInt8]

    public init(key: [UInt8]) {
        self.key = key
    }

    public enum KeyError: Error, CustomStringConvertible {
        case invalid(String)
        public var description: String {
            switch self { case .invalid(let why): "narrative key: \(why)" }
        }
    }

    /// A new random key.
    public static func generate() -> NarrativeBox {
        _ = sodium_init()
        var key = [UInt8](repeating: 0, count: Int(crypto_secretbox_keybytes()))
        randombytes_buf(&key, key.count)
        return NarrativeBox(key: key)
    }

    /// The key as the key file holds it: 64 hexadecimal digits.
    public var hex: String { Self.encodeHex(key) }

    /// Writes the key to `file`, readable by its owner only, replacing it
    /// atomically (a new file renamed over the old one).
    public func write(to file: String) throws {
        let directory = URL(fileURLWithPath: file).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let temporary = file + ".new"
        try? FileManager.default.removeItem(atPath: temporary)
        guard FileManager.default.createFile(atPath: temporary, contents: Data(hex.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw KeyError.invalid("cannot create \(temporary)")
        }
        if rename(temporary, file) != 0 { throw KeyError.invalid("cannot replace \(file)") }
    }

    static func encodeHex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The key from the environment, else from `file` (created when missing).
    public static func load(file: String, environment: [String: String]) throws -> NarrativeBox {
        _ = sodium_init()
        if let hex = environment["KALYNA_NARRATIVE_KEY"] {
            guard let key = decodeHex(hex), key.count == Int(crypto_secretbox_keybytes()) else {
                throw KeyError.invalid("KALYNA_NARRATIVE_KEY must be 64 hexadecimal digits")
            }
            return NarrativeBox(key: key)
        }
        if let text = try? String(contentsOfFile: file, encoding: .utf8) {
            guard let key = decodeHex(text.trimmingCharacters(in: .whitespacesAndNewlines)), key.count == Int(crypto_secretbox_keybytes()) else {
                throw KeyError.invalid("\(file) does not hold 64 hexadecimal digits")
            }
            return NarrativeBox(key: key)
        }
        let box = generate()
        try box.write(to: file)
        return box
    }

    /// Nonce followed by the sealed text.
    public func seal(_ text: String) -> [UInt8] {
        var nonce = [UInt8](repeating: 0, count: Int(crypto_secretbox_noncebytes()))
        randombytes_buf(&nonce, nonce.count)
        let message = Array(text.utf8)
        var sealed = [UInt8](repeating: 0, count: message.count + Int(crypto_secretbox_macbytes()))
        _ = crypto_secretbox_easy(&sealed, message, UInt64(message.count), nonce, key)
        return nonce + sealed
    }

    public func open(_ box: [UInt8]) -> String? {
        let nonceLength = Int(crypto_secretbox_noncebytes())
        guard box.count >= nonceLength + Int(crypto_secretbox_macbytes()) else { return nil }
        let nonce = Array(box.prefix(nonceLength))
        let sealed = Array(box.dropFirst(nonceLength))
        var message = [UInt8](repeating: 0, count: sealed.count - Int(crypto_secretbox_macbytes()))
        guard crypto_secretbox_open_easy(&message, sealed, UInt64(sealed.count), nonce, key) == 0 else { return nil }
        return String(validating: message, as: UTF8.self)
    }

    static func decodeHex(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        var index = 0
        while index < digits.count {
            guard let high = hexValue(digits[index]), let low = hexValue(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
