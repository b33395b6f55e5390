#define _GNU_SOURCE /* accept4 */
#include "CMHDHelpers.h"

#include <arpa/inet.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>
#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

/* libmicrohttpd writes a line for every connection it refuses: under a flood of
 * connections that is thousands of lines a second. At most five lines a second
 * go out, then one line saying how many were left out. */
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static time_t log_second = 0;
static unsigned int log_count = 0, log_dropped = 0;

static void log_with(const char *prefix, const char *format, va_list arguments) {
    time_t now = time(NULL);
    pthread_mutex_lock(&log_lock);
    if (now != log_second) {
        if (log_dropped > 0) fprintf(stderr, "libmicrohttpd: %u more messages in the last second(s) left out\n", log_dropped);
        log_second = now;
        log_count = 0;
        log_dropped = 0;
    }
    if (log_count < 5) {
        log_count++;
        fputs(prefix, stderr);
        vfprintf(stderr, format, arguments);
    } else {
        log_dropped++;
    }
    pthread_mutex_unlock(&log_lock);
}

static void kalyna_mhd_log(void *cls, const char *format, va_list arguments) {
    (void)cls;
    log_with("libmicrohttpd: ", format, arguments);
}

/* The acceptor's own messages, under the same limit. */
static void server_log(const char *format, ...) {
    va_list arguments;
    va_start(arguments, format);
    log_with("server: ", format, arguments);
    va_end(arguments);
}

/* Deadlines for a request to arrive. libmicrohttpd's own timeout is for
 * silence: a client sending a header byte every few seconds is never silent
 * and would hold its connection for ever. Each connection gets a record (its
 * socket context): when its current phase began and how long it may last —
 * the headers from the connection or the previous response on it, then the
 * body from the headers' arrival. A thread looks at them twice a second and
 * shuts down the socket of one past its deadline; libmicrohttpd then reads
 * the end of the stream and closes the connection in its own thread, as if
 * the client had hung up. The record leaves the list in the CLOSED
 * notification, which libmicrohttpd sends before it closes the descriptor,
 * and the sweep holds the same lock: a descriptor shut down is never one
 * already reused by another connection. */
struct deadline_record {
    struct deadline_record *previous, *next;
    int fd;
    _Atomic uint64_t phase_start_ms;
    _Atomic uint32_t phase_limit_ms; /* 0: no deadline (the request is in, or the response is going out) */
    _Atomic int cut;
    struct deadlines *owner;
};

struct deadlines {
    pthread_mutex_t lock;
    pthread_cond_t wake;
    struct deadline_record *head;
    pthread_t thread;
    int stopping;
    uint32_t headers_ms, body_ms;
    MHD_RequestCompletedCallback completed;
    void *completed_cls;
    _Atomic uint64_t cut_total;
};

/* One libmicrohttpd daemon with one thread: an epoll loop that runs the
 * handlers of the connections it was given. */
struct worker {
    struct MHD_Daemon *daemon;
    struct server *server;
    /* Connections handed to it, and those it has closed: the difference is
     * what it holds (or is about to), counted by the acceptor before the
     * daemon's thread has even seen a new one. */
    _Atomic uint64_t handed, closed;
};

/* The server: a listening socket, one acceptor thread and a daemon per
 * thread. libmicrohttpd's own thread pool lets whichever thread wakes first
 * take a new connection; with keep-alive connections opened together (a
 * browser's, a proxy's, a load test's) one thread could hold twice as many as
 * another, and its requests wait twice as long while the other core idles.
 * The acceptor gives each new connection to the daemon that holds the fewest,
 * and when every one is at its share of the connection limit it stops
 * accepting, so that new clients wait in the kernel's queue rather than being
 * refused. */
struct server {
    int listen_fd;
    uint16_t port;
    unsigned int count;
    uint64_t share; /* connections a worker may hold */
    struct worker *workers;
    struct deadlines deadlines;
    pthread_t acceptor;
    int acceptor_running;
    _Atomic int closing;
    /* The acceptor waits here for room (a connection to close) or for a
     * moment after a failed accept; `waiting` says whether to wake it. */
    pthread_mutex_t room_lock;
    pthread_cond_t room;
    _Atomic int waiting;
};

static uint64_t now_ms(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (uint64_t)now.tv_sec * 1000u + (uint64_t)now.tv_nsec / 1000000u;
}

static struct deadline_record *record_of(struct MHD_Connection *connection) {
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return info == NULL ? NULL : (struct deadline_record *)info->socket_context;
}

static void begin_phase(struct deadline_record *record, uint32_t limit_ms) {
    if (record == NULL) return;
    atomic_store(&record->phase_start_ms, now_ms());
    atomic_store(&record->phase_limit_ms, limit_ms);
}

static void wake_acceptor(struct server *server) {
    if (!atomic_load(&server->waiting)) return;
    pthread_mutex_lock(&server->room_lock);
    pthread_cond_signal(&server->room);
    pthread_mutex_unlock(&server->room_lock);
}

/* libmicrohttpd sends STARTED and CLOSED for every connection it takes on,
 * in its own thread; CLOSED before it closes the descriptor. */
static void connection_notified(void *cls, struct MHD_Connection *connection, void **socket_context, enum MHD_ConnectionNotificationCode code) {
    struct worker *worker = cls;
    struct deadlines *deadlines = &worker->server->deadlines;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        struct deadline_record *record = calloc(1, sizeof *record);
        if (record == NULL) return;
        const union MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
        record->fd = info == NULL ? -1 : info->connect_fd;
        record->owner = deadlines;
        begin_phase(record, deadlines->headers_ms);
        pthread_mutex_lock(&deadlines->lock);
        record->next = deadlines->head;
        if (deadlines->head != NULL) deadlines->head->previous = record;
        deadlines->head = record;
        pthread_mutex_unlock(&deadlines->lock);
        *socket_context = record;
    } else if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
        atomic_fetch_add(&worker->closed, 1);
        wake_acceptor(worker->server);
        struct deadline_record *record = *socket_context;
        if (record == NULL) return;
        pthread_mutex_lock(&deadlines->lock);
        if (record->previous != NULL) record->previous->next = record->next; else deadlines->head = record->next;
        if (record->next != NULL) record->next->previous = record->previous;
        pthread_mutex_unlock(&deadlines->lock);
        *socket_context = NULL;
        free(record);
    }
}

/* A response went out: the next request's headers are due from now. */
static void request_completed(void *cls, struct MHD_Connection *connection, void **request_context, enum MHD_RequestTerminationCode code) {
    struct deadlines *deadlines = cls;
    begin_phase(record_of(connection), deadlines->headers_ms);
    if (deadlines->completed != NULL) deadlines->completed(deadlines->completed_cls, connection, request_context, code);
}

static void *sweep(void *cls) {
    struct deadlines *deadlines = cls;
    pthread_mutex_lock(&deadlines->lock);
    while (!deadlines->stopping) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += 500000000L;
        if (until.tv_nsec >= 1000000000L) { until.tv_sec += 1; until.tv_nsec -= 1000000000L; }
        pthread_cond_timedwait(&deadlines->wake, &deadlines->lock, &until);
        if (deadlines->stopping) break;
        uint64_t now = now_ms();
        for (struct deadline_record *record = deadlines->head; record != NULL; record = record->next) {
            uint32_t limit = atomic_load(&record->phase_limit_ms);
            if (limit == 0 || record->fd < 0 || atomic_load(&record->cut)) continue;
            if (now - atomic_load(&record->phase_start_ms) > limit) {
                /* Counted before the shutdown: whoever sees the connection end
                 * also sees it counted. */
                atomic_store(&record->cut, 1);
                atomic_fetch_add(&deadlines->cut_total, 1);
                shutdown(record->fd, SHUT_RDWR);
            }
        }
    }
    pthread_mutex_unlock(&deadlines->lock);
    return NULL;
}

void kalyna_mhd_headers_received(void *connection) {
    struct deadline_record *record = record_of((struct MHD_Connection *)connection);
    if (record != NULL) begin_phase(record, record->owner->body_ms);
}

void kalyna_mhd_request_received(void *connection) {
    begin_phase(record_of((struct MHD_Connection *)connection), 0);
}

static uint64_t held(struct worker *worker) {
    return atomic_load(&worker->handed) - atomic_load(&worker->closed);
}

/* The worker holding the fewest connections, or NULL when all hold their share. */
static struct worker *least_held(struct server *server) {
    struct worker *best = NULL;
    uint64_t fewest = UINT64_MAX;
    for (unsigned int i = 0; i < server->count; i++) {
        uint64_t n = held(&server->workers[i]);
        if (n < server->share && n < fewest) { best = &server->workers[i]; fewest = n; }
    }
    return best;
}

/* Waits until a worker has room (`until_room`) or a connection closes (not
 * `until_room`), the server closes, or `milliseconds` pass. */
static void wait_for_room(struct server *server, long milliseconds, int until_room) {
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += milliseconds / 1000;
    until.tv_nsec += (milliseconds % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) { until.tv_sec += 1; until.tv_nsec -= 1000000000L; }
    pthread_mutex_lock(&server->room_lock);
    atomic_store(&server->waiting, 1);
    while (!atomic_load(&server->closing) && (!until_room || least_held(server) == NULL)) {
        if (pthread_cond_timedwait(&server->room, &server->room_lock, &until) != 0) break;
        if (!until_room) break;
    }
    atomic_store(&server->waiting, 0);
    pthread_mutex_unlock(&server->room_lock);
}

static void *accept_loop(void *cls) {
    struct server *server = cls;
    while (!atomic_load(&server->closing)) {
        if (least_held(server) == NULL) {
            wait_for_room(server, 1000, 1);
            continue;
        }
        struct sockaddr_storage address;
        socklen_t length = sizeof address;
        int fd = accept4(server->listen_fd, (struct sockaddr *)&address, &length, SOCK_CLOEXEC | SOCK_NONBLOCK);
        if (fd < 0) {
            if (atomic_load(&server->closing)) break;
            if (errno == EINTR || errno == ECONNABORTED || errno == EAGAIN || errno == EPROTO) continue;
            /* Out of descriptors or memory: the client waits in the queue
             * while others close; tried again after a connection closes or
             * 100 ms, and said at most five times a second (`log_with`). */
            server_log("accepting a connection failed: %s\n", strerror(errno));
            wait_for_room(server, 100, 0);
            continue;
        }
        /* Only this thread hands connections over, so the one it picks still has room. */
        struct worker *worker = least_held(server);
        if (worker == NULL) { close(fd); continue; }
        /* Counted first: the daemon's thread may close it before the call returns. */
        atomic_fetch_add(&worker->handed, 1);
        /* On failure (the client's address holds too many, no memory) the
         * socket is closed and the daemon never saw it. */
        if (MHD_add_connection(worker->daemon, fd, (const struct sockaddr *)&address, length) != MHD_YES) {
            atomic_fetch_sub(&worker->handed, 1);
        }
    }
    return NULL;
}

static void free_server(struct server *server) {
    /* Every connection was closed (and its record freed) by now; any left are freed here. */
    struct deadline_record *record = server->deadlines.head;
    while (record != NULL) {
        struct deadline_record *next = record->next;
        free(record);
        record = next;
    }
    pthread_cond_destroy(&server->deadlines.wake);
    pthread_mutex_destroy(&server->deadlines.lock);
    pthread_cond_destroy(&server->room);
    pthread_mutex_destroy(&server->room_lock);
    if (server->listen_fd >= 0) close(server->listen_fd);
    free(server->workers);
    free(server);
}

void kalyna_mhd_quiesce(void *handle) {
    struct server *server = handle;
    if (atomic_exchange(&server->closing, 1)) return;
    /* On Linux a listening socket shut down refuses new connections at once
     * and wakes the blocked accept; the descriptor stays open until stop. */
    shutdown(server->listen_fd, SHUT_RDWR);
    pthread_mutex_lock(&server->room_lock);
    pthread_cond_signal(&server->room);
    pthread_mutex_unlock(&server->room_lock);
    if (server->acceptor_running) {
        pthread_join(server->acceptor, NULL);
        server->acceptor_running = 0;
    }
}

void kalyna_mhd_stop(void *handle) {
    struct server *server = handle;
    kalyna_mhd_quiesce(server);
    if (server->deadlines.thread != 0) {
        pthread_mutex_lock(&server->deadlines.lock);
        server->deadlines.stopping = 1;
        pthread_cond_signal(&server->deadlines.wake);
        pthread_mutex_unlock(&server->deadlines.lock);
        pthread_join(server->deadlines.thread, NULL);
    }
    for (unsigned int i = 0; i < server->count; i++) {
        if (server->workers[i].daemon != NULL) MHD_stop_daemon(server->workers[i].daemon);
    }
    free_server(server);
}

unsigned long long kalyna_mhd_deadline_cuts(void *handle) {
    return atomic_load(&((struct server *)handle)->deadlines.cut_total);
}

/* The listening socket, bound and listening; -1 with `*error_out` set when not. */
static int open_listener(const char *address, uint16_t port, uint16_t *bound, const char **error_out) {
    struct sockaddr_storage storage;
    memset(&storage, 0, sizeof storage);
    socklen_t length;
    struct sockaddr_in *v4 = (struct sockaddr_in *)&storage;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&storage;
    if (inet_pton(AF_INET, address, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons(port);
        length = sizeof *v4;
    } else if (inet_pton(AF_INET6, address, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(port);
        length = sizeof *v6;
    } else {
        *error_out = "listen address is not an IPv4 or IPv6 literal";
        return -1;
    }
    int fd = socket(storage.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        *error_out = "could not open a socket";
        return -1;
    }
    int on = 1;
    /* A restarted server may bind while the old one's connections linger in
     * TIME_WAIT; two servers on one port are still refused (no SO_REUSEPORT). */
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    if (storage.ss_family == AF_INET6) setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on);
    if (bind(fd, (struct sockaddr *)&storage, length) != 0) {
        *error_out = errno == EADDRINUSE ? "the port is in use" : "could not bind the listen address";
        close(fd);
        return -1;
    }
    if (listen(fd, SOMAXCONN) != 0) {
        *error_out = "could not listen on the socket";
        close(fd);
        return -1;
    }
    length = sizeof storage;
    if (getsockname(fd, (struct sockaddr *)&storage, &length) != 0) {
        *error_out = "could not read the bound port";
        close(fd);
        return -1;
    }
    *bound = ntohs(storage.ss_family == AF_INET ? v4->sin_port : v6->sin6_port);
    return fd;
}

void *kalyna_mhd_start(const char *address, uint16_t port,
                       unsigned int threads, unsigned int timeout_seconds,
                       unsigned int connection_limit, unsigned int per_address_limit, size_t connection_memory_limit,
                       unsigned int headers_seconds, unsigned int body_seconds,
                       void *access_handler, void *access_cls,
                       void *completed_handler, void *completed_cls,
                       const char **error_out) {
    if (threads == 0) threads = 1;
    struct server *server = calloc(1, sizeof *server);
    struct worker *workers = calloc(threads, sizeof *workers);
    if (server == NULL || workers == NULL) {
        free(server);
        free(workers);
        *error_out = "out of memory";
        return NULL;
    }
    server->workers = workers;
    server->count = threads;
    /* libmicrohttpd's pool split the limit the same way. */
    server->share = connection_limit / threads > 0 ? connection_limit / threads : 1;
    pthread_mutex_init(&server->deadlines.lock, NULL);
    pthread_cond_init(&server->deadlines.wake, NULL);
    pthread_mutex_init(&server->room_lock, NULL);
    pthread_cond_init(&server->room, NULL);
    server->deadlines.headers_ms = headers_seconds * 1000u;
    server->deadlines.body_ms = body_seconds * 1000u;
    server->deadlines.completed = (MHD_RequestCompletedCallback)completed_handler;
    server->deadlines.completed_cls = completed_cls;
    server->listen_fd = open_listener(address, port, &server->port, error_out);
    if (server->listen_fd < 0) {
        free_server(server);
        return NULL;
    }
    for (unsigned int i = 0; i < threads; i++) {
        workers[i].server = server;
        workers[i].daemon = MHD_start_daemon(
            MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG | MHD_USE_NO_LISTEN_SOCKET, 0, NULL, NULL,
            (MHD_AccessHandlerCallback)access_handler, access_cls,
            MHD_OPTION_EXTERNAL_LOGGER, kalyna_mhd_log, NULL,
            MHD_OPTION_CONNECTION_TIMEOUT, timeout_seconds,
            /* The acceptor keeps each daemon to its share; the daemon's own
             * limit, above it, must never be reached. libmicrohttpd 0.9.75
             * keeps a lock held when its thread refuses a connection at the
             * limit, and that thread then hangs for good. The daemon counts a
             * closed connection only until the end of the same step in its
             * own thread, so it never holds more than the acceptor counts. */
            MHD_OPTION_CONNECTION_LIMIT, (unsigned int)(server->share + 64),
            /* Counted per daemon, as libmicrohttpd's pool did per thread; 0 = no limit (behind a proxy, which limits instead). */
            MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_address_limit,
            MHD_OPTION_CONNECTION_MEMORY_LIMIT, connection_memory_limit,
            MHD_OPTION_NOTIFY_COMPLETED, request_completed, &server->deadlines,
            MHD_OPTION_NOTIFY_CONNECTION, connection_notified, &workers[i],
            MHD_OPTION_END);
        if (workers[i].daemon == NULL) {
            *error_out = "libmicrohttpd could not start";
            kalyna_mhd_stop(server);
            return NULL;
        }
    }
    if (pthread_create(&server->deadlines.thread, NULL, sweep, &server->deadlines) != 0) {
        server->deadlines.thread = 0;
        *error_out = "could not start the request deadline thread";
        kalyna_mhd_stop(server);
        return NULL;
    }
    if (pthread_create(&server->acceptor, NULL, accept_loop, server) != 0) {
        *error_out = "could not start the thread that accepts connections";
        kalyna_mhd_stop(server);
        return NULL;
    }
    server->acceptor_running = 1;
    return server;
}

uint16_t kalyna_mhd_bound_port(void *handle) {
    return ((struct server *)handle)->port;
}

unsigned int kalyna_mhd_connection_counts(void *handle, unsigned int *counts, unsigned int capacity) {
    struct server *server = handle;
    unsigned int n = server->count < capacity ? server->count : capacity;
    for (unsigned int i = 0; i < n; i++) {
        const union MHD_DaemonInfo *info = MHD_get_daemon_info(server->workers[i].daemon, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
        counts[i] = info == NULL ? 0 : info->num_connections;
    }
    return n;
}

int kalyna_mhd_request_values(void *connection, void *iterator, void *iterator_cls) {
    return MHD_get_connection_values((struct MHD_Connection *)connection,
                                     (enum MHD_ValueKind)(MHD_HEADER_KIND | MHD_COOKIE_KIND | MHD_GET_ARGUMENT_KIND),
                                     (MHD_KeyValueIterator)iterator, iterator_cls);
}

void kalyna_mhd_client_address(void *connection, char *buffer, size_t length) {
    if (length == 0) return;
    buffer[0] = '\0';
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(
        (struct MHD_Connection *)connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (info == NULL || info->client_addr == NULL) return;
    const struct sockaddr *sa = info->client_addr;
    if (sa->sa_family == AF_INET && length >= 16) {
        /* Written by hand: glibc's inet_ntop goes through sprintf, and this runs for every request. */
        const unsigned char *octets = (const unsigned char *)&((const struct sockaddr_in *)sa)->sin_addr;
        char *out = buffer;
        for (int i = 0; i < 4; i++) {
            unsigned int octet = octets[i];
            if (octet >= 100) *out++ = (char)('0' + octet / 100);
            if (octet >= 10) *out++ = (char)('0' + octet / 10 % 10);
            *out++ = (char)('0' + octet % 10);
            *out++ = i < 3 ? '.' : '\0';
        }
    } else if (sa->sa_family == AF_INET) {
        inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, buffer, (socklen_t)length);
    } else if (sa->sa_family == AF_INET6) {
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, buffer, (socklen_t)length);
    }
}
