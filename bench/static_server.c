/* static_server.c - the baseline of bench/ingest.sh: libmicrohttpd with the
 * threading observa serve uses (internal polling thread, epoll, a pool of
 * worker threads, suspend/resume allowed), reading each request's body and
 * answering a fixed small JSON document on the second call of the access
 * handler, as observa does.  No parsing, no database: the ceiling HTTP
 * alone puts on this machine.
 *
 *   static_server PORT THREADS    (PORT 0: any free port; serves until
 *                                  SIGINT or SIGTERM) */
#include <microhttpd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char answer[] =
    "{\"id\":1,\"client_id\":\"x\",\"status\":\"new\",\"version\":1,"
    "\"duplicate\":false,\"problems\":[]}";

static enum MHD_Result on_request(void *cls, struct MHD_Connection *mc, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
	static int first;
	struct MHD_Response *r;
	enum MHD_Result ret;

	(void)cls;
	(void)url;
	(void)version;
	(void)upload_data;
	if (!*con_cls) {
		*con_cls = &first; /* the first call: headers only */
		return MHD_YES;
	}
	if (*upload_data_size) {
		*upload_data_size = 0; /* the body is read and dropped */
		return MHD_YES;
	}
	r = MHD_create_response_from_buffer(sizeof(answer) - 1, (void *)answer,
	                                    MHD_RESPMEM_PERSISTENT);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
	                        "application/json; charset=utf-8");
	ret = MHD_queue_response(mc, strcmp(method, "POST") ? 200 : 201, r);
	MHD_destroy_response(r);
	return ret;
}

int main(int argc, char **argv)
{
	const union MHD_DaemonInfo *info;
	struct MHD_Daemon *d;
	sigset_t set;
	int sig, port = argc > 1 ? atoi(argv[1]) : 8090;
	unsigned threads = argc > 2 ? (unsigned)atoi(argv[2]) : 4;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
	                         MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG,
	                     (uint16_t)port, NULL, NULL, on_request, NULL,
	                     MHD_OPTION_THREAD_POOL_SIZE, threads > 1 ? threads : 0,
	                     MHD_OPTION_CONNECTION_TIMEOUT, 60u, MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "static_server: cannot listen on port %d\n", port);
		return 1;
	}
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	fprintf(stderr, "static_server: serving on http://127.0.0.1:%u/\n",
	        info ? (unsigned)info->port : (unsigned)port);
	sigwait(&set, &sig);
	MHD_stop_daemon(d);
	return 0;
}
