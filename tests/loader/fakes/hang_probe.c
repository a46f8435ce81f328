/* A probe that never returns (and a child process of its own, which the timeout must take down
 * with it: the worker's process group is killed). When PFHOST_TEST_HANG_CHILD_PID_FILE is set
 * (the probe worker inherits the test's environment), the child's pid is written there so the
 * test can check that nothing the plugin started is still running after the timeout. */
#include <stdio.h>
#include <stdlib.h>
#ifdef _WIN32
#include <wchar.h>
#include <windows.h>
#else
#include <sys/types.h>
#include <unistd.h>
#endif

#include "fake_common.h"

/* Written whole to a temporary name, then renamed: the test never reads half a pid. */
static void hang_record_child(long child) {
  const char *path = getenv("PFHOST_TEST_HANG_CHILD_PID_FILE");
  if (path == NULL || child <= 0) return;
  char tmp[1100];
  snprintf(tmp, sizeof tmp, "%s.tmp", path);
  FILE *f = fopen(tmp, "w");
  if (f == NULL) return;
  fprintf(f, "%ld\n", child);
  if (fclose(f) == 0) rename(tmp, path);
}

static pfhost_status hanging_probe(void *ctx, pfhost_reason *reason) {
  (void)ctx, (void)reason;
  fake_touch_marker("hang probe started");
#ifdef _WIN32
  /* The child is a second copy of the probe worker, waiting forever on its stdin (a pipe nobody
   * writes): the worker's job object must take it down. */
  wchar_t self[MAX_PATH];
  GetModuleFileNameW(NULL, self, MAX_PATH);
  HANDLE in_read = NULL, in_write = NULL;
  SECURITY_ATTRIBUTES inherit = {sizeof inherit, NULL, TRUE};
  CreatePipe(&in_read, &in_write, &inherit, 0);
  STARTUPINFOW startup;
  memset(&startup, 0, sizeof startup);
  startup.cb = sizeof startup;
  startup.dwFlags = STARTF_USESTDHANDLES;
  startup.hStdInput = in_read;
  startup.hStdOutput = GetStdHandle(STD_ERROR_HANDLE);
  startup.hStdError = GetStdHandle(STD_ERROR_HANDLE);
  PROCESS_INFORMATION info;
  memset(&info, 0, sizeof info);
  wchar_t line[MAX_PATH + 4];
  swprintf(line, MAX_PATH + 4, L"\"%ls\"", self);
  if (CreateProcessW(self, line, NULL, NULL, TRUE, 0, NULL, NULL, &startup, &info))
    hang_record_child((long)info.dwProcessId);
  for (;;) Sleep(INFINITE);
#else
  const pid_t child = fork();
  if (child == 0) {
    for (;;) pause();
  }
  hang_record_child((long)child);
  for (;;) pause();
#endif
  return PFHOST_OK;
}

FAKE_BACKEND(hanger, PFHOST_BACKEND_DISPLAY, "hanger", "hangs in probe", 1, hanging_probe,
             &fake_display_table, NULL, NULL);
FAKE_PLUGIN("hang-probe", fake_init_marker, &hanger)
