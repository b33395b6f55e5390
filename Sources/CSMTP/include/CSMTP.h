#ifndef KALYNA_CSMTP_H
#define KALYNA_CSMTP_H

#include <stddef.h>

/// How the connection is secured: none (loopback test servers), STARTTLS
/// required (smtp:// URLs), or TLS from the start (smtps:// URLs).
typedef enum { KALYNA_SMTP_PLAIN = 0, KALYNA_SMTP_STARTTLS = 1, KALYNA_SMTP_TLS = 2 } kalyna_smtp_security;

/// Sends one message through libcurl's SMTP client. `message` is the whole
/// RFC 5322 message (headers and body, CRLF line ends). Returns 0 on success;
/// otherwise the SMTP reply code when the server gave one (>= 400), or -1,
/// with a description in `error` (at least 256 bytes). `ca_file`, when not
/// empty, is the certificate authority the server's certificate must chain
/// to (a private CA); otherwise the system's authorities are trusted.
int kalyna_smtp_send(const char *url, kalyna_smtp_security security, const char *username, const char *password,
                     const char *from, const char *to, const char *message, size_t length, const char *ca_file, long timeout_seconds,
                     char *error, size_t error_size);

#endif
