/* The ceiling of this HTTP stack: libmicrohttpd answering a fixed page, with the
   same threading model as Kalyna (epoll, internal thread pool). */
#include <microhttpd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *PAGE = "<!DOCTYPE html><html><head><title>hello</title></head><body>Hello, world</body></html>";

static enum MHD_Result answer(void *cls, struct MHD_Connection *connection, const char *url,
                              const char *method, const char *version, const char *upload_data,
                              size_t *upload_data_size, void **req_cls) {
  (void)cls; (void)url; (void)method; (void)version; (void)upload_data; (void)upload_data_size;
  /* Answer on the second call, once the request is complete: a response queued on
     the first call makes libmicrohttpd close the connection (no keep-alive). */
  static int marker;
  if (*req_cls == NULL) {
    *req_cls = &marker;
    return MHD_YES;
  }
  struct MHD_Response *response =
      MHD_create_response_from_buffer(strlen(PAGE), (void *)PAGE, MHD_RESPMEM_PERSISTENT);
  MHD_add_response_header(response, "Content-Type", "text/html; charset=utf-8");
  enum MHD_Result ret = MHD_queue_response(connection, MHD_HTTP_OK, response);
  MHD_destroy_response(response);
  return ret;
}

int main(int argc, char **argv) {
  unsigned int port = argc > 1 ? (unsigned int)atoi(argv[1]) : 8090;
  unsigned int threads = argc > 2 ? (unsigned int)atoi(argv[2]) : 4;
  struct MHD_Daemon *d = MHD_start_daemon(MHD_USE_EPOLL_INTERNAL_THREAD, (uint16_t)port, NULL, NULL,
                                          &answer, NULL, MHD_OPTION_THREAD_POOL_SIZE, threads,
                                          MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_END);
  if (d == NULL) { fprintf(stderr, "cannot start\n"); return 1; }
  sigset_t set; int sig;
  sigemptyset(&set); sigaddset(&set, SIGTERM); sigaddset(&set, SIGINT);
  sigprocmask(SIG_BLOCK, &set, NULL);
  sigwait(&set, &sig);
  MHD_stop_daemon(d);
  return 0;
}
