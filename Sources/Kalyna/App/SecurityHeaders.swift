import HTTPServer

/// Headers every response carries. Kalyna sends no script at all, so the policy
/// allows none; styles and images come only from Kalyna itself.
enum SecurityHeaders {
    static let contentSecurityPolicy = [
        "default-src 'none'", "style-src 'self'", "img-src 'self' data:", "form-action 'self'",
        "frame-ancestors 'none'", "base-uri 'none'",
    ].joined(separator: "; ")

    static func apply(to response: inout Response) {
        response.setHeader("Content-Security-Policy", contentSecurityPolicy)
        response.setHeader("X-Content-Type-Options", "nosniff")
        response.setHeader("Referrer-Policy", "same-origin")
        response.setHeader("X-Frame-Options", "DENY")
        response.setHeader("Cross-Origin-Opener-Policy", "same-origin")
        if response.header("Cache-Control") == nil {
            // Pages can hold personal data: keep them out of shared caches.
            response.setHeader("Cache-Control", "no-store")
        }
    }
}
