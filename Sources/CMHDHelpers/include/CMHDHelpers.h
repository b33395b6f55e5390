#ifndef KALYNA_CMHD_HELPERS_H
#define KALYNA_CMHD_HELPERS_H

#include <stddef.h>
#include <stdint.h>

// Wrappers for the variadic parts of libmicrohttpd, which Swift cannot call.
// Only plain C types cross this boundary, so that the MHD types Swift sees all
// come from one module (CMicroHTTPD).

/// Starts the server on `address` (IPv4 or IPv6 literal) and `port` (0 = any
/// free port): a listening socket, a thread that accepts connections, and
/// `threads` libmicrohttpd daemons with one epoll thread each; every new
/// connection goes to the daemon holding the fewest. `access_handler` and
/// `completed_handler` are `MHD_AccessHandlerCallback` and
/// `MHD_RequestCompletedCallback` function pointers. Returns the server, or NULL
/// (with `*error_out` set to a static message) when it cannot start.
/// A request's headers must arrive within `headers_seconds` of the connection
/// (or of the previous response on it), its body within `body_seconds` of the
/// headers; a connection past its deadline is shut down (0: no deadline).
void *kalyna_mhd_start(const char *address, uint16_t port,
                       unsigned int threads, unsigned int timeout_seconds,
                       unsigned int connection_limit, unsigned int per_address_limit, size_t connection_memory_limit,
                       unsigned int headers_seconds, unsigned int body_seconds,
                       void *access_handler, void *access_cls,
                       void *completed_handler, void *completed_cls,
                       const char **error_out);

/// Stops accepting: new connections are refused at once; those open go on.
void kalyna_mhd_quiesce(void *server);

/// Stops accepting, then the deadline thread, then every daemon
/// (`MHD_stop_daemon` closes their connections), and frees the server.
void kalyna_mhd_stop(void *server);

/// From the access handler: the headers of `connection`'s request are in (the
/// body's deadline starts), or the whole request is (no deadline until the response is sent).
void kalyna_mhd_headers_received(void *connection);
void kalyna_mhd_request_received(void *connection);

/// Connections shut down so far for missing their deadline.
unsigned long long kalyna_mhd_deadline_cuts(void *server);

/// The port the server is bound to (useful after starting on port 0).
uint16_t kalyna_mhd_bound_port(void *server);

/// The connections each daemon holds open (idle keep-alive ones included),
/// written into `counts`; returns how many daemons were written (at most `capacity`).
unsigned int kalyna_mhd_connection_counts(void *server, unsigned int *counts, unsigned int capacity);

/// Writes the client's IP address of `connection` (an `MHD_Connection *`) into
/// `buffer` as text; writes an empty string when it is unknown.
void kalyna_mhd_client_address(void *connection, char *buffer, size_t length);

/* The request's headers, cookies and query arguments, in one pass (Swift cannot
 * spell the combined kind: MHD_ValueKind is an enum there). Returns how many. */
int kalyna_mhd_request_values(void *connection, void *iterator, void *iterator_cls);

#endif
