/// Where a browser may be sent back to after signing in or choosing a language:
/// a path on this site only. A single leading "/" followed by anything but "/"
/// or "\" (which browsers read as another host), and no control character or
/// whitespace anywhere (browsers drop a TAB or newline inside a URL, so
/// "/\t/evil.example" becomes "//evil.example").
public enum ReturnPath {
    public static func safe(_ next: String?, fallback: String = "/") -> String {
        guard let next, next.hasPrefix("/") else { return fallback }
        let rest = next.unicodeScalars.dropFirst()
        if let second = rest.first, second == "/" || second == "\\" { return fallback }
        let refused = next.unicodeScalars.contains { scalar in
            scalar == "\\" || scalar.properties.isWhitespace || scalar.properties.generalCategory == .control
                || scalar.properties.generalCategory == .format
        }
        return refused ? fallback : next
    }
}
