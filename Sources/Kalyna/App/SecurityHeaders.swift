import HTTPServer

/// Headers every response carries. Kalyna sends no script at all, so the policy
/// allows none; styles, images and framed previews come only from Kalyna itself.
/// A response that sets its own policy and framing rule keeps them (a file
/// preview may be framed by our pages).
enum SecurityHeaders {
    static let contentSecurityPolicy = [
        "default-src 'none'", "style-src 'self'", "img-src 'self' data:", "frame-src 'self'", "form-action 'self'",
        "frame-ancestors 'none'", "base-uri 'none'",
    ].joined(separator: "; ")

    static func apply(to response: inout Response) {
        if response.header("Content-Security-Policy") == nil { response.setHeader("Content-Security-Policy", contentSecurityPolicy) }
        response.setHeader("X-Content-Type-Options", "nosniff")
        response.setHeader("Referrer-Policy", "same-origin")
        if response.header("X-Frame-Options") == nil { response.setHeader("X-Frame-Options", "DENY") }
        response.setHeader("Cross-Origin-Opener-Policy", "same-origin")
        if response.header("Cache-Control") == nil {
            // Pages can hold personal data: keep them out of shared caches.
            response.setHeader("Cache-Control", "no-store")
        }
    }
}
