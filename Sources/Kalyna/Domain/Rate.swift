import Foundation

/// An exchange rate as typed ("41.2", "0,0243"): kept as a decimal string, never a float.
enum Rate {
    static func parse(_ text: String) -> String? {
        let cleaned = text.trimmed.replacingOccurrences(of: ",", with: ".")
        let parts = cleaned.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            cleaned.count <= 20, cleaned.contains(where: { $0 != "0" && $0 != "." })
        else { return nil }
        return cleaned
    }
}
