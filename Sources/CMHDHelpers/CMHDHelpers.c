#include "CMHDHelpers.h"

#include <arpa/inet.h>
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

static void kalyna_mhd_log(void *cls, const char *format, va_list arguments) {
    (void)cls;
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
        fputs("libmicrohttpd: ", stderr);
        vfprintf(stderr, format, arguments);
    } else {
        log_dropped++;
    }
    pthread_mutex_unlock(&log_lock);
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
    struct MHD_Daemon *daemon;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    struct deadline_record *head;
    pthread_t thread;
    int stopping;
    uint32_t headers_ms, body_ms;
    MHD_RequestCompletedCallback completed;
    void *completed_cls;
    _Atomic uint64_t cut_total;
    struct deadlines *next_server;
};

/* The running daemons' deadlines, found by daemon when it stops. */
static pthread_mutex_t servers_lock = PTHREAD_MUTEX_INITIALIZER;
static struct deadlines *servers = NULL;

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

static void connection_notified(void *cls, struct MHD_Connection *connection, void **socket_context, enum MHD_ConnectionNotificationCode code) {
    struct deadlines *deadlines = cls;
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

static struct deadlines *take_deadlines(void *daemon) {
    pthread_mutex_lock(&servers_lock);
    struct deadlines **link = &servers;
    while (*link != NULL && (*link)->daemon != daemon) link = &(*link)->next_server;
    struct deadlines *found = *link;
    if (found != NULL) *link = found->next_server;
    pthread_mutex_unlock(&servers_lock);
    return found;
}

unsigned long long kalyna_mhd_deadline_cuts(void *daemon) {
    unsigned long long total = 0;
    pthread_mutex_lock(&servers_lock);
    for (struct deadlines *d = servers; d != NULL; d = d->next_server) {
        if (d->daemon == daemon) total = atomic_load(&d->cut_total);
    }
    pthread_mutex_unlock(&servers_lock);
    return total;
}

void kalyna_mhd_stop(void *daemon) {
    struct deadlines *deadlines = take_deadlines(daemon);
    if (deadlines != NULL) {
        pthread_mutex_lock(&deadlines->lock);
        deadlines->stopping = 1;
        pthread_cond_signal(&deadlines->wake);
        pthread_mutex_unlock(&deadlines->lock);
        pthread_join(deadlines->thread, NULL);
    }
    MHD_stop_daemon((struct MHD_Daemon *)daemon);
    if (deadlines != NULL) {
        /* Every connection was closed (and its record freed) by now; any left are freed here. */
        struct deadline_record *record = deadlines->head;
        while (record != NULL) {
            struct deadline_record *next = record->next;
            free(record);
            record = next;
        }
        pthread_cond_destroy(&deadlines->wake);
        pthread_mutex_destroy(&deadlines->lock);
        free(deadlines);
    }
}

void *kalyna_mhd_start(const char *address, uint16_t port,
                       unsigned int threads, unsigned int timeout_seconds,
                       unsigned int connection_limit, unsigned int per_address_limit, size_t connection_memory_limit,
                       unsigned int headers_seconds, unsigned int body_seconds,
                       void *access_handler, void *access_cls,
                       void *completed_handler, void *completed_cls,
                       const char **error_out) {
    struct sockaddr_in v4;
    struct sockaddr_in6 v6;
    const struct sockaddr *sa;
    unsigned int flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG;

    memset(&v4, 0, sizeof v4);
    memset(&v6, 0, sizeof v6);
    if (inet_pton(AF_INET, address, &v4.sin_addr) == 1) {
        v4.sin_family = AF_INET;
        v4.sin_port = htons(port);
        sa = (const struct sockaddr *)&v4;
    } else if (inet_pton(AF_INET6, address, &v6.sin6_addr) == 1) {
        v6.sin6_family = AF_INET6;
        v6.sin6_port = htons(port);
        sa = (const struct sockaddr *)&v6;
        flags |= MHD_USE_IPv6;
    } else {
        *error_out = "listen address is not an IPv4 or IPv6 literal";
        return NULL;
    }

    struct deadlines *deadlines = calloc(1, sizeof *deadlines);
    if (deadlines == NULL) {
        *error_out = "out of memory";
        return NULL;
    }
    pthread_mutex_init(&deadlines->lock, NULL);
    pthread_cond_init(&deadlines->wake, NULL);
    deadlines->headers_ms = headers_seconds * 1000u;
    deadlines->body_ms = body_seconds * 1000u;
    deadlines->completed = (MHD_RequestCompletedCallback)completed_handler;
    deadlines->completed_cls = completed_cls;

    struct MHD_Daemon *daemon = MHD_start_daemon(
        flags, port, NULL, NULL,
        (MHD_AccessHandlerCallback)access_handler, access_cls,
        MHD_OPTION_EXTERNAL_LOGGER, kalyna_mhd_log, NULL,
        MHD_OPTION_SOCK_ADDR, sa,
        MHD_OPTION_THREAD_POOL_SIZE, threads,
        MHD_OPTION_CONNECTION_TIMEOUT, timeout_seconds,
        MHD_OPTION_CONNECTION_LIMIT, connection_limit,
        /* 0 = no limit per client address (behind a proxy, which limits instead). */
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_address_limit,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, connection_memory_limit,
        MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned int)1,
        MHD_OPTION_NOTIFY_COMPLETED, request_completed, deadlines,
        MHD_OPTION_NOTIFY_CONNECTION, connection_notified, deadlines,
        MHD_OPTION_END);
    if (daemon == NULL) {
        *error_out = "libmicrohttpd could not start (is the port in use?)";
        pthread_cond_destroy(&deadlines->wake);
        pthread_mutex_destroy(&deadlines->lock);
        free(deadlines);
        return NULL;
    }
    deadlines->daemon = daemon;
    if (pthread_create(&deadlines->thread, NULL, sweep, deadlines) != 0) {
        MHD_stop_daemon(daemon);
        *error_out = "could not start the request deadline thread";
        free(deadlines);
        return NULL;
    }
    pthread_mutex_lock(&servers_lock);
    deadlines->next_server = servers;
    servers = deadlines;
    pthread_mutex_unlock(&servers_lock);
    return daemon;
}

uint16_t kalyna_mhd_bound_port(void *daemon) {
    const union MHD_DaemonInfo *info =
        MHD_get_daemon_info((struct MHD_Daemon *)daemon, MHD_DAEMON_INFO_BIND_PORT);
    return info == NULL ? 0 : info->port;
}

unsigned int kalyna_mhd_connection_count(void *daemon) {
    const union MHD_DaemonInfo *info =
        MHD_get_daemon_info((struct MHD_Daemon *)daemon, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
    return info == NULL ? 0 : info->num_connections;
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
