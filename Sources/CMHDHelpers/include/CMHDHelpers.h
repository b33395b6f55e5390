#ifndef KALYNA_CMHD_HELPERS_H
#define KALYNA_CMHD_HELPERS_H

#include <stddef.h>
#include <stdint.h>

// Wrappers for the variadic parts of libmicrohttpd, which Swift cannot call.
// Only plain C types cross this boundary, so that the MHD types Swift sees all
// come from one module (CMicroHTTPD).

/// Starts an epoll daemon with an internal thread pool on `address` (IPv4 or
/// IPv6 literal) and `port` (0 = any free port). `access_handler` and
/// `completed_handler` are `MHD_AccessHandlerCallback` and
/// `MHD_RequestCompletedCallback` function pointers. Returns the daemon, or NULL
/// (with `*error_out` set to a static message) when it cannot start.
void *kalyna_mhd_start(const char *address, uint16_t port,
                       unsigned int threads, unsigned int timeout_seconds,
                       unsigned int connection_limit, unsigned int per_address_limit, size_t connection_memory_limit,
                       void *access_handler, void *access_cls,
                       void *completed_handler, void *completed_cls,
                       const char **error_out);

/// The port the daemon is bound to (useful after starting on port 0); 0 if unknown.
uint16_t kalyna_mhd_bound_port(void *daemon);

/// The number of connections the daemon currently holds open.
unsigned int kalyna_mhd_connection_count(void *daemon);

/// Writes the client's IP address of `connection` (an `MHD_Connection *`) into
/// `buffer` as text; writes an empty string when it is unknown.
void kalyna_mhd_client_address(void *connection, char *buffer, size_t length);

#endif
