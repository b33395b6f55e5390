// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Kalyna",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "kalyna", targets: ["kalyna"]),
        .library(name: "Kalyna", targets: ["Kalyna"]),
        .library(name: "HTTPServer", targets: ["HTTPServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // Reading .xlsx files for the case import (a workbook is a zip of XML parts).
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // libmicrohttpd's header as a Swift module (module map only).
        .systemLibrary(
            name: "CMicroHTTPD",
            pkgConfig: "libmicrohttpd",
            providers: [.apt(["libmicrohttpd-dev"])]
        ),
        // libsodium: argon2id password hashes, random tokens, SHA-256, secret boxes.
        .systemLibrary(name: "CSodium", pkgConfig: "libsodium", providers: [.apt(["libsodium-dev"])]),
        // GLPK: the linear programs of the disclosure audit (see Disclosure).
        .systemLibrary(name: "CGLPK", providers: [.apt(["libglpk-dev"])]),
        .target(name: "LinearProgramming", dependencies: ["CGLPK"]),
        // libdeflate: gzip for pages and the stylesheet, about three times as fast
        // as zlib on a page (one call, compressors kept and reused).
        .systemLibrary(name: "CDeflate", pkgConfig: "libdeflate", providers: [.apt(["libdeflate-dev"])]),
        // libxlsxwriter: spreadsheets with typed numbers and dates beside every CSV.
        .systemLibrary(name: "CXlsxWriter", pkgConfig: "xlsxwriter", providers: [.apt(["libxlsxwriter-dev"])]),
        // The few libmicrohttpd calls Swift cannot make (variadic C functions).
        .target(
            name: "CMHDHelpers",
            linkerSettings: [.linkedLibrary("microhttpd")]
        ),
        // Outgoing e-mail: libcurl's SMTP client, called from C because its
        // options are set through a variadic function.
        .target(name: "CSMTP", linkerSettings: [.linkedLibrary("curl")]),
        // glibc's malloc settings, which Swift cannot reach (<malloc.h>).
        .target(name: "CHeap"),
        // Mustache templates rendered over UTF-8 bytes from typed values (see README).
        .target(name: "Templating"),
        .target(
            name: "HTTPServer",
            dependencies: [
                "CMicroHTTPD",
                "CMHDHelpers",
                "CDeflate",
            ]
        ),
        .target(
            name: "Kalyna",
            dependencies: [
                "HTTPServer",
                .product(name: "GRDB", package: "GRDB.swift"),
                "Templating",
                "LinearProgramming",
                "CSodium",
                "CXlsxWriter",
                "CSMTP",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .executableTarget(
            name: "kalyna",
            dependencies: [
                "Kalyna",
                "CHeap",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // An HTTP client and helpers shared by the test targets.
        .target(name: "TestSupport"),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer", "TestSupport"]),
        .testTarget(name: "LinearProgrammingTests", dependencies: ["LinearProgramming"]),
        .testTarget(name: "TemplatingTests", dependencies: ["Templating"], exclude: ["Resources"]),
        .testTarget(
            name: "KalynaTests",
            dependencies: ["Kalyna", "HTTPServer", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")],
            exclude: ["Resources"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
