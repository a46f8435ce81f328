/*
 * pfhost plugin ABI — display backends: create a virtual display at a mode and describe where it
 * can be captured (the target descriptor).
 */
#ifndef PFHOST_DISPLAY_H
#define PFHOST_DISPLAY_H

#include "pfhost/abi.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What kind of capture target a display produced. Bit mask: (1u << kind). */
typedef enum pfhost_target_kind {
  PFHOST_TARGET_NONE = 0,
  PFHOST_TARGET_PIPEWIRE_NODE = 1,  /* a PipeWire video source node */
  PFHOST_TARGET_WAYLAND_OUTPUT = 2, /* a wl_output of a compositor, for wlr-screencopy */
  PFHOST_TARGET_WINDOWS_IDD = 3     /* an IddCx monitor of a Windows virtual-display driver */
} pfhost_target_kind;

/* A PipeWire node. remote_fd < 0 means the user's default PipeWire daemon. A remote_fd >= 0
 * (e.g. from the ScreenCast portal) belongs to the display; a capturer that needs it beyond
 * open() dup()s it. */
typedef struct pfhost_target_pipewire {
  uint32_t node_id;
  int32_t remote_fd;
} pfhost_target_pipewire;

/* A Wayland output: the compositor's socket (absolute path) and the output's wl_output name. */
typedef struct pfhost_target_wayland {
  char socket_path[256];
  char output_name[64];
} pfhost_target_wayland;

/* A monitor of an IddCx driver. gdi_name is UTF-8 ("\\\\.\\DISPLAY7"), empty until Windows has
 * activated the path.
 * This struct grows only inside the target union's reserved bytes, which the host zero-fills: a
 * member a plugin's headers do not have reads as empty. */
typedef struct pfhost_target_windows_idd {
  pfhost_luid adapter_luid;
  uint32_t target_id;
  uint32_t driver_pid; /* the driver host process (WUDFHost) that handles may be duplicated into */
  char gdi_name[64];
  /* ABI 1.2: the driver's own identity of the monitor, UTF-8, NUL-terminated; the same client
   * gets the same one across reconnects (Windows keys per-monitor settings on it). pf-vdisplay:
   * the monitor id ("1".."15"); SudoVDA: the monitor GUID ("{8-4-4-4-12}"). Empty: unknown (a
   * plugin built before 1.2, or a driver without one). */
  char monitor_id[48];
} pfhost_target_windows_idd;

/* The target descriptor, a tagged union filled by create(). The host zero-fills it and sets
 * struct_size before the call. `mode` is the mode the display actually has (a compositor may
 * round). The union keeps its reserved size forever so new kinds fit without growing it. */
typedef struct pfhost_target {
  uint32_t struct_size;
  uint32_t kind; /* pfhost_target_kind */
  pfhost_mode mode;
  union {
    pfhost_target_pipewire pipewire;
    pfhost_target_wayland wayland;
    pfhost_target_windows_idd windows_idd;
    uint8_t reserved[512];
  } u;
} pfhost_target;

/* Cursor handling requested from the compositor. */
typedef enum pfhost_cursor_mode {
  PFHOST_CURSOR_HIDDEN = 0,
  PFHOST_CURSOR_EMBEDDED = 1,
  PFHOST_CURSOR_METADATA = 2
} pfhost_cursor_mode;

/* What a session asks for. Pointers are borrowed for the duration of the call. */
typedef struct pfhost_display_request {
  uint32_t struct_size;
  pfhost_mode mode;
  uint32_t cursor_mode; /* pfhost_cursor_mode */
  /* A stable identity of the client (may be NULL): backends that can (KWin output names, Windows
   * monitor ids) give the same client the same output so per-output settings stick. */
  const char *client_id;
  /* An application to run inside the display (managed compositors, gamescope), NULL-terminated
   * argv; NULL for none. */
  const char *const *app_argv;
} pfhost_display_request;

/* A live display, defined by the plugin. */
typedef struct pfhost_display pfhost_display;

typedef struct pfhost_display_vtable {
  uint32_t struct_size;
  /* Mask (1u << pfhost_target_kind) of the targets create() may return, so the host can pick a
   * capturer that accepts them before creating anything. */
  uint32_t target_kinds;

  /* [any thread; the host may call create/destroy of different displays concurrently, a plugin
   * whose compositor cannot take that serializes internally] Creates a virtual display and fills
   * *target. May block (seconds) while the compositor works; must give up with PFHOST_E_TIMEOUT
   * rather than wait forever. On success *out_display is owned by the host until destroy(). */
  pfhost_status (*create)(void *plugin_ctx, const pfhost_display_request *request,
                          pfhost_display **out_display, pfhost_target *target,
                          pfhost_reason *reason);

  /* [any thread, exactly once per display] Releases the compositor output / driver monitor and
   * every resource of the display, and returns only when it is gone (joins the plugin's threads,
   * reaps child processes). Never fails from the host's point of view. */
  void (*destroy)(pfhost_display *display);

  /* Optional. [any thread, never concurrently with destroy] PFHOST_OK when the display can still
   * be captured (compositor alive, node present); PFHOST_E_CLOSED otherwise. Called before a kept
   * display is reused. Must be quick (well under a second). */
  pfhost_status (*is_alive)(pfhost_display *display, pfhost_reason *reason);

  /* Optional. [one thread at a time per display] Changes the mode of a live display, updating
   * *target. PFHOST_E_UNSUPPORTED when the backend cannot; the host then creates a new display. */
  pfhost_status (*reconfigure)(pfhost_display *display, const pfhost_mode *mode,
                               pfhost_target *target, pfhost_reason *reason);
} pfhost_display_vtable;

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* PFHOST_DISPLAY_H */
