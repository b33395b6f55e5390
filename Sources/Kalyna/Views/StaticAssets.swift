import Foundation
import HTTPServer

/// The files under `templates/static/`, read once at start and served from
/// memory with an ETag, so a request never touches the file system.
public struct StaticAssets: Sendable {
    public struct Asset: Sendable {
        public let bytes: [UInt8]
        public let contentType: String
        public let etag: String
        /// The gzip form of a text file (stylesheets), made once at start.
        public let gzipped: [UInt8]?
    }

    public let assets: [String: Asset]

    public static func load(directory: String) throws -> StaticAssets {
        var assets: [String: Asset] = [:]
        let root = URL(fileURLWithPath: directory).resolvingSymlinksInPath().path
        guard let walker = FileManager.default.enumerator(atPath: root) else {
            throw ViewError.missingFile(root)
        }
        for case let relative as String in walker {
            var isDirectory: ObjCBool = false
            let full = root + "/" + relative
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue,
                let data = FileManager.default.contents(atPath: full)
            else { continue }
            let bytes = [UInt8](data)
            let type = contentType(of: relative)
            let text = type.hasPrefix("text/") || type.hasPrefix("image/svg")
            assets[relative] = Asset(
                bytes: bytes, contentType: type, etag: "\"\(fnv1a(bytes))\"", gzipped: text && bytes.count >= 1024 ? Gzip.compress(bytes, level: 9) : nil)
        }
        return StaticAssets(assets: assets)
    }

    /// The URL of an asset with its version, so that browsers may cache it long.
    public func url(_ name: String) -> String {
        guard let asset = assets[name] else { return "/static/\(name)" }
        return "/static/\(name)?v=\(asset.etag.dropFirst().dropLast())"
    }

    static func contentType(of name: String) -> String {
        switch name.split(separator: ".").last.map(String.init) ?? "" {
        case "css": "text/css; charset=utf-8"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "ico": "image/x-icon"
        case "woff2": "font/woff2"
        case "txt": "text/plain; charset=utf-8"
        default: "application/octet-stream"
        }
    }

    /// A 64-bit FNV-1a hash: enough to tell versions of a file apart.
    static func fnv1a(_ bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }
}
