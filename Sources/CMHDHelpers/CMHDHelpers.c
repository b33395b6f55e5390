#include "CMHDHelpers.h"

#include <arpa/inet.h>
#include <pthread.h>
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

void *kalyna_mhd_start(const char *address, uint16_t port,
                       unsigned int threads, unsigned int timeout_seconds,
                       unsigned int connection_limit, unsigned int per_address_limit, size_t connection_memory_limit,
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
        MHD_OPTION_NOTIFY_COMPLETED, (MHD_RequestCompletedCallback)completed_handler, completed_cls,
        MHD_OPTION_END);
    if (daemon == NULL) {
        *error_out = "libmicrohttpd could not start (is the port in use?)";
    }
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

void kalyna_mhd_client_address(void *connection, char *buffer, size_t length) {
    if (length == 0) return;
    buffer[0] = '\0';
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(
        (struct MHD_Connection *)connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (info == NULL || info->client_addr == NULL) return;
    const struct sockaddr *sa = info->client_addr;
    if (sa->sa_family == AF_INET) {
        inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, buffer, (socklen_t)length);
    } else if (sa->sa_family == AF_INET6) {
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, buffer, (socklen_t)length);
    }
}
