/*
 * pfhost plugin ABI — services the host hands a plugin at init: logging, the plugin's own
 * configuration table, and a monotonic clock. Plugins never read host.toml themselves.
 */
#ifndef PFHOST_HOST_H
#define PFHOST_HOST_H

#include "pfhost/abi.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum pfhost_log_level {
  PFHOST_LOG_TRACE = 0,
  PFHOST_LOG_DEBUG = 1,
  PFHOST_LOG_INFO = 2,
  PFHOST_LOG_WARN = 3,
  PFHOST_LOG_ERROR = 4
} pfhost_log_level;

/*
 * The host's services. The table and everything it points to stay valid for the life of the
 * process (plugins are never unloaded), so a plugin may keep the pointer it got at init.
 *
 * Configuration: the plugin's `[plugins.<plugin name>]` table from host.toml, flattened: nested
 * tables become dotted keys ("encoder.preset"); arrays are not flattened (use config_get_string
 * on "key[0]", "key[1]"...). Every getter returns PFHOST_OK, PFHOST_E_NOT_FOUND when the key is
 * absent, or PFHOST_E_INVALID_ARGUMENT when the key exists with another type (integers are
 * accepted by config_get_double).
 */
typedef struct pfhost_host_api {
  uint32_t struct_size;
  uint32_t abi_major; /* the host's ABI version */
  uint32_t abi_minor;
  uint32_t reserved0;
  void *host_ctx; /* opaque; pass back to every call below */

  /* [any thread] Writes one log line attributed to this plugin. `message` is UTF-8, no trailing
   * newline needed; the host copies it before returning. */
  void (*log)(void *host_ctx, int32_t level, const char *message);

  /* [any thread] Looks up a string value. On PFHOST_OK, *out points at a NUL-terminated string
   * owned by the host and valid for the life of the process. */
  pfhost_status (*config_get_string)(void *host_ctx, const char *key, const char **out);
  /* [any thread] Looks up an integer value. */
  pfhost_status (*config_get_int)(void *host_ctx, const char *key, int64_t *out);
  /* [any thread] Looks up a floating-point value (integers convert). */
  pfhost_status (*config_get_double)(void *host_ctx, const char *key, double *out);
  /* [any thread] Looks up a boolean value; *out is 0 or 1. */
  pfhost_status (*config_get_bool)(void *host_ctx, const char *key, int32_t *out);
  /* [any thread] Enumerates the flattened keys: returns the index-th key, or NULL past the end.
   * Lets a plugin reject keys it does not know. The string lives as long as the process. */
  const char *(*config_key_at)(void *host_ctx, uint32_t index);

  /* [any thread] The host's monotonic clock in nanoseconds (CLOCK_MONOTONIC on Linux,
   * QueryPerformanceCounter on Windows). Frame timestamps use this clock. */
  uint64_t (*now_ns)(void *host_ctx);
} pfhost_host_api;

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* PFHOST_HOST_H */
