/* A healthy plugin: one display, one capture, one encode backend that all probe OK. Its init
 * logs the "greeting" from its config table (tests check the host routes plugin logs with the
 * plugin's name), and its probe prints to stdout, which must not disturb the worker protocol. */
#include "fake_common.h"

static pfhost_status good_init(const pfhost_host_api *host, void **ctx, pfhost_reason *reason) {
  (void)reason;
  fake_read_marker(host);
  const char *greeting = "no greeting configured";
  if (host->config_get_string != NULL)
    host->config_get_string(host->host_ctx, "greeting", &greeting);
  char line[256];
  snprintf(line, sizeof line, "init says: %s", greeting);
  host->log(host->host_ctx, PFHOST_LOG_INFO, line);
  *ctx = (void *)host;
  return PFHOST_OK;
}

static pfhost_status good_probe_noisy(void *ctx, pfhost_reason *reason) {
  (void)reason;
  fake_touch_marker("good probe");
  printf("this stdout noise must not reach the host's event stream\n");
  fflush(stdout);
  return ctx != NULL ? PFHOST_OK : PFHOST_E_INTERNAL; /* init's context arrives */
}

FAKE_BACKEND(good_display, PFHOST_BACKEND_DISPLAY, "good-display", "A fake virtual display", 50,
             good_probe_noisy, &fake_display_table, NULL, NULL);
FAKE_BACKEND(good_capture, PFHOST_BACKEND_CAPTURE, "good-capture", "A fake capturer", 50,
             fake_probe_ok, NULL, &fake_capture_table, NULL);
FAKE_BACKEND(good_encoder, PFHOST_BACKEND_ENCODE, "good-encoder", "A fake H.264 encoder", 10,
             fake_probe_ok, NULL, NULL, &fake_encode_table);
FAKE_PLUGIN("good", good_init, &good_display, &good_capture, &good_encoder)
