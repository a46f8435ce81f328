/*
 * pfhost plugin ABI — the plugin descriptor and the one exported entry point.
 *
 * A plugin is a shared library exporting exactly one symbol:
 *
 *   PFHOST_EXPORT const pfhost_plugin_descriptor *
 *   pfhost_plugin_entry(uint32_t host_abi_major, uint32_t host_abi_minor);
 *
 * The host loads it, calls the entry, checks the descriptor, calls init() once, then probe() of
 * each backend. Probing runs in a short-lived child process first, so a plugin that crashes or
 * hangs there cannot take the host down.
 */
#ifndef PFHOST_PLUGIN_H
#define PFHOST_PLUGIN_H

#include "pfhost/abi.h"
#include "pfhost/capture.h"
#include "pfhost/display.h"
#include "pfhost/encode.h"
#include "pfhost/host.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum pfhost_backend_kind {
  PFHOST_BACKEND_DISPLAY = 1,
  PFHOST_BACKEND_CAPTURE = 2,
  PFHOST_BACKEND_ENCODE = 3
} pfhost_backend_kind;

/* One backend a plugin offers. Exactly the table matching `kind` is non-NULL. */
typedef struct pfhost_backend {
  uint32_t struct_size;
  uint32_t kind;           /* pfhost_backend_kind */
  const char *name;        /* unique among all loaded backends: [a-z0-9_-]+, e.g. "mutter" */
  const char *description; /* one line for --list-backends */
  /* Preference under `backend = "auto"`: higher wins among backends that probe OK. Guide: 100
   * hardware paths, 50 native compositor paths, 10 portable fallbacks. */
  int32_t rank;
  uint32_t reserved0;

  /* [any thread; may run in a child process] Says whether the backend works here, right now.
   * PFHOST_OK = available; PFHOST_E_UNSUPPORTED = can never work here (quiet, e.g. no such
   * driver); PFHOST_E_UNAVAILABLE = could work but what it needs is absent now (say what and how
   * to fix it in the reason); anything else = broken (loud). Must not crash when the device or
   * compositor is absent, and should answer within a second. */
  pfhost_status (*probe)(void *plugin_ctx, pfhost_reason *reason);

  const pfhost_display_vtable *display; /* kind == PFHOST_BACKEND_DISPLAY */
  const pfhost_capture_vtable *capture; /* kind == PFHOST_BACKEND_CAPTURE */
  const pfhost_encode_vtable *encode;   /* kind == PFHOST_BACKEND_ENCODE */
} pfhost_backend;

/* What pfhost_plugin_entry returns: static data that lives as long as the library. */
typedef struct pfhost_plugin_descriptor {
  uint32_t struct_size;
  uint32_t abi_major; /* PFHOST_ABI_MAJOR the plugin was built against */
  uint32_t abi_minor; /* PFHOST_ABI_MINOR the plugin was built against */
  uint32_t reserved0;
  const char *name;    /* unique plugin name, also its [plugins.<name>] table: [a-z0-9_-]+ */
  const char *version; /* the plugin's own version, free form ("1.2.0") */
  const char *vendor;
  const char *description;

  /* Optional. [called once, before anything else but the entry, on the host's main thread]
   * Sets up the plugin with the host's services; *plugin_ctx is passed to every probe/create/
   * open/query_caps call afterwards, and to deinit. A failure here marks every backend of the
   * plugin unusable with the reason (and deinit is then never called). The host never unloads
   * the library. */
  pfhost_status (*init)(const pfhost_host_api *host, void **plugin_ctx, pfhost_reason *reason);

  uint32_t backend_count;
  uint32_t reserved1;
  const pfhost_backend *const *backends; /* backend_count pointers */

  /* ABI 1.1. Optional; the pair of init. [called at most once, on the host's main thread, at
   * host exit] Frees what init made (the plugin_ctx it stored, which the plugin owns) and joins
   * the plugin's own threads, so a plugin does not have to leak its context.
   * When: once per process for a plugin whose init returned PFHOST_OK (or that has no init; then
   * plugin_ctx is NULL), after every display, capture and encoder of the plugin has been
   * destroyed or closed and every frame released, and never while any other call into the
   * plugin is in flight. Nothing of the plugin is called afterwards, but the library stays loaded,
   * so static data stays valid; the host-services table is still valid during the call.
   * Not called when the process ends abnormally, nor by the short-lived probe process (it leaves
   * with _exit): free memory and stop threads here, but never rely on it to save state.
   * Like every optional member it is read only when it lies inside struct_size: a 1.0 plugin
   * has none, and a 1.0 host never calls it. */
  void (*deinit)(void *plugin_ctx);
} pfhost_plugin_descriptor;

/* The entry point's type and name. [any thread, cheap, no side effects] Returns NULL when the
 * plugin cannot serve a host of that ABI (the host reports it). */
typedef const pfhost_plugin_descriptor *(*pfhost_plugin_entry_fn)(uint32_t host_abi_major,
                                                                  uint32_t host_abi_minor);
#define PFHOST_PLUGIN_ENTRY_SYMBOL "pfhost_plugin_entry"

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* PFHOST_PLUGIN_H */
