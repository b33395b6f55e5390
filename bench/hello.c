/* The ceiling of this HTTP stack: libmicrohttpd answering a fixed page, with the
   same threading model as Kalyna (epoll, internal thread pool).

     hello PORT THREADS [GZIP-FILE]

   With GZIP-FILE it answers that file's bytes as a gzip-encoded page instead:
   a peer that sends exactly what a kept Kalyna page sends, so the cost of the
   page's size (to the server and to the client on the same machine) is told
   apart from Kalyna's own work. */
#include <microhttpd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *PAGE = "<!DOCTYPE html><html><head><title>hello</title></head><body>Hello, world</body></html>";
static char *file_body = NULL;
static size_t file_size = 0;

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
      file_body != NULL ? MHD_create_response_from_buffer(file_size, file_body, MHD_RESPMEM_PERSISTENT)
                        : MHD_create_response_from_buffer(strlen(PAGE), (void *)PAGE, MHD_RESPMEM_PERSISTENT);
  MHD_add_response_header(response, "Content-Type", "text/html; charset=utf-8");
  if (file_body != NULL) MHD_add_response_header(response, "Content-Encoding", "gzip");
  enum MHD_Result ret = MHD_queue_response(connection, MHD_HTTP_OK, response);
  MHD_destroy_response(response);
  return ret;
}

int main(int argc, char **argv) {
  unsigned int port = argc > 1 ? (unsigned int)atoi(argv[1]) : 8090;
  unsigned int threads = argc > 2 ? (unsigned int)atoi(argv[2]) : 4;
  if (argc > 3) {
    FILE *file = fopen(argv[3], "rb");
    if (file == NULL) { perror(argv[3]); return 1; }
    fseek(file, 0, SEEK_END);
    long size = ftell(file);
    fseek(file, 0, SEEK_SET);
    file_body = malloc(size > 0 ? (size_t)size : 1);
    if (file_body == NULL || size <= 0 || fread(file_body, 1, (size_t)size, file) != (size_t)size) { fprintf(stderr, "cannot read %s\n", argv[3]); return 1; }
    file_size = (size_t)size;
    fclose(file);
  }
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
