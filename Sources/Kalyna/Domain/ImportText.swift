import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The text of a spreadsheet file as people in the region save it: UTF-8 (with
/// or without the byte order mark Excel writes), UTF-16 ("Unicode text"), or
/// Windows-1251, what Excel in a Cyrillic locale writes for "CSV". A file whose
/// encoding cannot be decided is refused, never read into garbled text.
public enum ImportText {
    public enum Encoding: String, Sendable {
        case utf8 = "UTF-8"
        case utf8BOM = "UTF-8 (BOM)"
        case utf16 = "UTF-16"
        case windows1251 = "Windows-1251"
    }

    public enum Refusal: Error, Equatable {
        /// Neither UTF-8 nor text in Windows-1251.
        case undecidable
        /// A spreadsheet's own format (xlsx, xls, ods), not text.
        case binary
    }

    public static func decode(_ bytes: [UInt8]) -> Result<(text: String, encoding: Encoding), Refusal> {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            guard let text = String(validating: bytes.dropFirst(3), as: UTF8.self) else { return .failure(.undecidable) }
            return .success((text, .utf8BOM))
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            guard let text = String(data: Data(bytes), encoding: .utf16) else { return .failure(.undecidable) }
            return .success((text, .utf16))
        }
        // A zip (xlsx, ods) or an OLE file (xls); any NUL byte means it is not text.
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) || bytes.contains(0) {
            return .failure(.binary)
        }
        if let text = String(validating: bytes, as: UTF8.self) { return .success((text, .utf8)) }
        guard let text = windows1251(bytes), looksCyrillic(text) else { return .failure(.undecidable) }
        return .success((text, .windows1251))
    }

    /// Windows-1251 decodes almost any bytes, so a file is taken for it only
    /// when what is not ASCII reads as Cyrillic letters and the punctuation
    /// that goes with them, in words of their own. Latin-1 accents also read
    /// as Cyrillic letters (é as й), but inside Latin words ("Cafй"), which
    /// Cyrillic text has next to never.
    static func looksCyrillic(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        let others = scalars.filter { !$0.isASCII }
        guard !others.isEmpty else { return true }
        func isCyrillic(_ scalar: Unicode.Scalar) -> Bool { (0x0400...0x04FF).contains(scalar.value) }
        func isLatin(_ scalar: Unicode.Scalar) -> Bool { scalar.isASCII && scalar.properties.isAlphabetic }
        let fitting = others.filter { isCyrillic($0) || "«»—–№’‘“”„…".unicodeScalars.contains($0) || $0.value == 0xA0 }
        var mixed = 0
        for index in scalars.indices where isCyrillic(scalars[index]) {
            if (index > 0 && isLatin(scalars[index - 1])) || (index + 1 < scalars.count && isLatin(scalars[index + 1])) { mixed += 1 }
        }
        let letters = others.filter(isCyrillic).count
        return Double(fitting.count) >= 0.95 * Double(others.count) && Double(mixed) <= 0.02 * Double(max(letters, 1))
    }

    /// Through iconv, the C library's converter.
    static func windows1251(_ bytes: [UInt8]) -> String? {
        let converter = iconv_open("UTF-8", "WINDOWS-1251")
        guard converter != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(converter) }
        var input = bytes
        // Every Windows-1251 byte becomes at most three UTF-8 bytes.
        var output = [UInt8](repeating: 0, count: bytes.count * 3 + 4)
        var inputLeft = input.count, outputLeft = output.count
        let result = input.withUnsafeMutableBytes { inBuffer in
            output.withUnsafeMutableBytes { outBuffer -> Int in
                var inPointer = inBuffer.baseAddress?.assumingMemoryBound(to: CChar.self)
                var outPointer = outBuffer.baseAddress?.assumingMemoryBound(to: CChar.self)
                return iconv(converter, &inPointer, &inputLeft, &outPointer, &outputLeft)
            }
        }
        guard result != -1, inputLeft == 0 else { return nil }
        return String(validating: output[0..<(output.count - outputLeft)], as: UTF8.self)
    }
}
