import CSodium

/// CSRF tokens as forms carry them: the token XOR-ed with a fresh one-time pad,
/// pad first, so that the same secret never appears twice in page bodies.
/// Pages go out gzipped; a secret that repeats beside text an attacker can
/// choose (a query string echoed in a link) would let her guess it from the
/// compressed sizes (BREACH). The server unmasks what a form sends back.
enum CSRFMask {
    static func mask(_ token: String) -> String {
        let secret = Array(token.utf8)
        var pad = [UInt8](repeating: 0, count: secret.count)
        randombytes_buf(&pad, pad.count)
        return Tokens.base64URL(pad + zip(pad, secret).map { $0 ^ $1 })
    }

    /// The token inside a masked value; a bare token (43 characters) as it is.
    static func unmask(_ sent: String) -> String? {
        if sent.utf8.count == 43 { return sent }
        guard let bytes = Tokens.base64URLDecode(sent), !bytes.isEmpty, bytes.count % 2 == 0 else { return nil }
        let half = bytes.count / 2
        return String(decoding: zip(bytes[..<half], bytes[half...]).map { $0 ^ $1 }, as: UTF8.self)
    }
}
