/* pdf_chromium.c - running headless chromium to print a page to PDF:
 * temporary files, posix_spawn with a process group of its own, waiting
 * with a deadline, reading the PDF back, cleaning up. */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/text.h"
#include "report/pdf_chromium.h"

extern char **environ;

const char *pdf_chromium_path(void)
{
	const char *p = getenv("OBSERVA_CHROMIUM");

	return p && *p ? p : PDF_CHROMIUM_PATH;
}

int pdf_chromium_timeout(void)
{
	const char *t = getenv("OBSERVA_PDF_TIMEOUT");
	int64_t v;

	if (t && text_int64(t, 1, 3600, &v))
		return (int)v;
	return PDF_TIMEOUT_DEFAULT;
}

static int remove_one(const char *path, const struct stat *sb, int flag, struct FTW *f)
{
	(void)sb;
	(void)flag;
	(void)f;
	remove(path);
	return 0;
}

static void remove_tree(const char *dir)
{
	nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

static enum status write_file(const char *path, const char *data, size_t len,
                              struct err *e)
{
	FILE *f = fopen(path, "wb");
	bool ok;

	if (!f)
		return err_set(e, ST_IO, "%s: %s", path, strerror(errno));
	ok = fwrite(data, 1, len, f) == len;
	ok = !fclose(f) && ok;
	return ok ? ST_OK : err_set(e, ST_IO, "%s: cannot write", path);
}

static enum status read_file(const char *path, struct buf *out, struct err *e)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t n;
	enum status rc = ST_OK;

	if (!f)
		return err_set(e, ST_IO, "chromium wrote no PDF");
	while (!rc && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		rc = buf_append(out, chunk, n);
	fclose(f);
	if (rc)
		return err_set(e, rc, "the PDF is too large");
	return ST_OK;
}

/* The last non-empty line of the file at path, for an error message. */
static void last_line(const char *path, char *line, size_t size)
{
	FILE *f = fopen(path, "r");
	char buf[1024];

	line[0] = '\0';
	if (!f)
		return;
	while (fgets(buf, sizeof(buf), f)) {
		buf[strcspn(buf, "\r\n")] = '\0';
		if (buf[0])
			snprintf(line, size, "%s", buf);
	}
	fclose(f);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Start the browser; *pid is its id, the leader of its own group. */
static enum status spawn(const char *exe, char *const argv[], const char *log, pid_t *pid,
                         struct err *e)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t none, dflt;
	int r;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	posix_spawnattr_init(&at);
	sigemptyset(&none);
	sigemptyset(&dflt);
	sigaddset(&dflt, SIGPIPE);
	sigaddset(&dflt, SIGTERM);
	sigaddset(&dflt, SIGINT);
	sigaddset(&dflt, SIGHUP);
	posix_spawnattr_setsigmask(&at, &none);
	posix_spawnattr_setsigdefault(&at, &dflt);
	posix_spawnattr_setpgroup(&at, 0);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
	                                  POSIX_SPAWN_SETSIGDEF);
	r = posix_spawn(pid, exe, &fa, &at, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	if (r)
		return err_set(e, ST_IO, "cannot start %s: %s", exe, strerror(r));
	return ST_OK;
}

/* Wait for pid until timeout seconds have passed; then kill its group.
 * *status is waitpid's; *timed_out tells whether it was killed; false is
 * returned when the child could not be waited for (SIGCHLD ignored by the
 * process), so its outcome is unknown. */
static bool wait_for(pid_t pid, int timeout, int *status, bool *timed_out)
{
	double deadline = now_s() + timeout;
	struct timespec pause = {0, 20 * 1000 * 1000};
	bool known = true;

	*timed_out = false;
	for (;;) {
		pid_t r = waitpid(pid, status, WNOHANG);
		if (r == pid)
			break;
		if (r < 0 && errno != EINTR) {
			known = false;
			break;
		}
		if (now_s() >= deadline) {
			*timed_out = true;
			kill(-pid, SIGKILL);
			while (waitpid(pid, status, 0) < 0 && errno == EINTR)
				;
			break;
		}
		nanosleep(&pause, NULL);
	}
	kill(-pid, SIGKILL); /* helpers the browser left behind, if any */
	return known;
}

enum status pdf_chromium_print(const char *html, size_t len, int timeout, struct buf *out,
                               struct err *e)
{
	const char *exe = pdf_chromium_path(), *tmp = getenv("TMPDIR");
	char dir[4096], page[4200], pdf[4200], profile[4200], log[4200];
	char url[4300], print_to[4300], user_data[4300], why[256];
	pid_t pid;
	int status = 0;
	bool timed_out, known;
	enum status rc;

	if (access(exe, X_OK))
		return err_set(e, ST_UNSUPPORTED, PDF_CHROMIUM_MISSING " (%s: %s)", exe,
		               strerror(errno));
	if (timeout <= 0)
		timeout = pdf_chromium_timeout();
	snprintf(dir, sizeof(dir), "%s/observa-pdf-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		return err_set(e, ST_IO, "a temporary directory for the PDF: %s",
		               strerror(errno));
	snprintf(page, sizeof(page), "%s/statement.html", dir);
	snprintf(pdf, sizeof(pdf), "%s/statement.pdf", dir);
	snprintf(profile, sizeof(profile), "%s/profile", dir);
	snprintf(log, sizeof(log), "%s/chromium.log", dir);
	snprintf(url, sizeof(url), "file://%s", page);
	snprintf(print_to, sizeof(print_to), "--print-to-pdf=%s", pdf);
	snprintf(user_data, sizeof(user_data), "--user-data-dir=%s", profile);
	rc = write_file(page, html, len, e);
	if (!rc && mkdir(profile, 0700))
		rc = err_set(e, ST_IO, "%s: %s", profile, strerror(errno));
	if (!rc) {
		char *const argv[] = {(char *)exe,
		                      "--headless",
		                      "--no-sandbox",
		                      "--disable-gpu",
		                      "--no-first-run",
		                      "--disable-background-networking",
		                      "--disable-component-update",
		                      "--disable-sync",
		                      user_data,
		                      "--no-pdf-header-footer",
		                      print_to,
		                      url,
		                      NULL};
		rc = spawn(exe, argv, log, &pid, e);
	}
	if (rc)
		goto out;
	known = wait_for(pid, timeout, &status, &timed_out);
	last_line(log, why, sizeof(why));
	if (!known)
		rc = err_set(e, ST_IO,
		             "chromium could not be waited for (SIGCHLD is ignored?)");
	else if (timed_out)
		rc = err_set(e, ST_IO, "chromium did not print the PDF within %d s",
		             timeout);
	else if (!WIFEXITED(status) || WEXITSTATUS(status))
		rc = err_set(e, ST_IO, "chromium failed (%s %d)%s%s",
		             WIFEXITED(status) ? "exit status" : "signal",
		             WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status),
		             why[0] ? ": " : "", why);
	else {
		size_t before = out->len;
		rc = read_file(pdf, out, e);
		if (!rc && out->len == before)
			rc = err_set(e, ST_IO, "chromium wrote an empty PDF");
	}
out:
	remove_tree(dir);
	return rc;
}
