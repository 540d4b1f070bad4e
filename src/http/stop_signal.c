/* stop_signal.c - the self-pipe for SIGINT and SIGTERM. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "http/stop_signal.h"

/* Written by the handler, which can reach nothing else. */
static volatile sig_atomic_t write_fd = -1;

static void on_signal(int sig)
{
	int saved = errno;
	unsigned char b = (unsigned char)sig;

	if (write_fd >= 0)
		(void)!write(write_fd, &b, 1);
	errno = saved;
}

enum status stop_signal_catch(struct stop_signal *s, struct err *e)
{
	struct sigaction sa;

	if (pipe2(s->pipe, O_CLOEXEC | O_NONBLOCK))
		return err_set(e, ST_IO, "cannot make a pipe for signals: %s",
		               strerror(errno));
	write_fd = s->pipe[1];
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGINT, &sa, &s->old_int);
	sigaction(SIGTERM, &sa, &s->old_term);
	return ST_OK;
}

int stop_signal_wait(struct stop_signal *s)
{
	struct pollfd p = {.fd = s->pipe[0], .events = POLLIN};
	unsigned char b;

	for (;;) {
		if (poll(&p, 1, -1) < 0 && errno != EINTR)
			return 0;
		if (read(s->pipe[0], &b, 1) == 1)
			return b;
	}
}

void stop_signal_release(struct stop_signal *s)
{
	sigaction(SIGINT, &s->old_int, NULL);
	sigaction(SIGTERM, &s->old_term, NULL);
	write_fd = -1;
	close(s->pipe[0]);
	close(s->pipe[1]);
}

int stop_signal_thread_create(pthread_t *t, void *(*fn)(void *), void *arg)
{
	sigset_t block, old;
	int r;

	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	r = pthread_create(t, NULL, fn, arg);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return r;
}
