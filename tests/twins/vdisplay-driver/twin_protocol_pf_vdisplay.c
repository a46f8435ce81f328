/* pf-vdisplay's control protocol (version 9) as the twin answers it. Written from the protocol
 * description, not shared with the plugin, so a plugin that misreads a layout fails here.
 * Monitors belong to the process that added them; REMOVE, CLEAR_ALL and UPDATE_MODES reach only
 * the caller's; monitor ids 1..15 are machine-wide. */
#include "twin_state.h"

enum {
  FN_ADD = 0x900,
  FN_REMOVE = 0x901,
  FN_SET_RENDER_ADAPTER = 0x902,
  FN_PING = 0x903,
  FN_GET_INFO = 0x904,
  FN_CLEAR_ALL = 0x905,
  FN_UPDATE_MODES = 0x907,
};

#define MAX_MONITOR_ID 15u
#define ADD_MIN_INPUT 24u  /* session id + mode + preferred id */
#define ADD_MIN_OUTPUT 20u /* the driver writes 24 but fails anything under 20 */
#define ADD_FULL_OUTPUT 24u

ULONG twin_protocol_default_version(void) {
  return 9;
}
ULONG twin_protocol_default_watchdog_s(void) {
  return 10;
}
NTSTATUS twin_protocol_unknown_status(void) {
  return STATUS_NOT_FOUND;
}
BOOLEAN twin_protocol_resets_watchdog(ULONG function) {
  (void)function;
  return TRUE;
}
BOOLEAN twin_protocol_watchdog_is_global(void) {
  return FALSE;
}
BOOLEAN twin_protocol_removes_on_last_close(void) {
  return TRUE;
}

static ULONG read_u32(const UCHAR *bytes) {
  return (ULONG)bytes[0] | (ULONG)bytes[1] << 8 | (ULONG)bytes[2] << 16 | (ULONG)bytes[3] << 24;
}

static ULONG64 read_u64(const UCHAR *bytes) {
  return (ULONG64)read_u32(bytes) | (ULONG64)read_u32(bytes + 4) << 32;
}

static void write_u32(UCHAR *bytes, ULONG value) {
  for (int i = 0; i < 4; ++i) bytes[i] = (UCHAR)(value >> (8 * i));
}

static BOOLEAN mode_ok(ULONG width, ULONG height, ULONG refresh) {
  return width >= 1 && width <= 16384 && height >= 1 && height <= 16384 && refresh >= 1 &&
         refresh <= 1000;
}

static LONG find_session(ULONG pid, ULONG64 session_id) {
  for (ULONG i = 0; i < PFHOST_TWIN_MAX_MONITORS; ++i) {
    if (g_twin.live[i] && g_twin.monitors[i].owner_pid == pid &&
        g_twin.monitors[i].session_id == session_id) {
      return (LONG)i;
    }
  }
  return -1;
}

static BOOLEAN monitor_id_taken(ULONG id) {
  for (ULONG i = 0; i < PFHOST_TWIN_MAX_MONITORS; ++i) {
    if (g_twin.live[i] && g_twin.monitors[i].monitor_id == id) return TRUE;
  }
  return FALSE;
}

static ULONG pick_monitor_id(ULONG preferred) {
  if (preferred >= 1 && preferred <= MAX_MONITOR_ID && !monitor_id_taken(preferred)) {
    return preferred;
  }
  for (ULONG id = 1; id <= MAX_MONITOR_ID; ++id) {
    if (!monitor_id_taken(id)) return id;
  }
  return 0;
}

static NTSTATUS add(struct twin_request *request) {
  const UCHAR *in = request->buffer;
  if (request->in_len < ADD_MIN_INPUT) return STATUS_INVALID_PARAMETER;
  ULONG64 session_id = read_u64(in);
  ULONG width = read_u32(in + 8), height = read_u32(in + 12), refresh = read_u32(in + 16);
  ULONG preferred = read_u32(in + 20);
  if (!mode_ok(width, height, refresh)) return STATUS_INVALID_PARAMETER;

  LONG replaced = find_session(request->pid, session_id); /* re-ADD replaces that monitor */
  if (replaced >= 0) twin_remove_monitor_locked((ULONG)replaced);
  ULONG monitor_id = pick_monitor_id(preferred);
  LONG slot = -1;
  for (ULONG i = 0; i < PFHOST_TWIN_MAX_MONITORS && slot < 0; ++i) {
    if (!g_twin.live[i]) slot = (LONG)i;
  }
  if (monitor_id == 0 || slot < 0) return STATUS_NOT_FOUND; /* every monitor id taken */

  struct pfhost_twin_monitor *monitor = &g_twin.monitors[slot];
  RtlZeroMemory(monitor, sizeof *monitor);
  monitor->session_id = session_id;
  monitor->owner_pid = request->pid;
  monitor->width = width;
  monitor->height = height;
  monitor->refresh = refresh;
  monitor->monitor_id = monitor_id;
  monitor->target_id = g_twin.next_target_id++;
  g_twin.live[slot] = TRUE;
  ++g_twin.counters.adds;

  /* The real driver keeps the monitor when the reply does not fit: the host must REMOVE it. */
  if (request->out_len < ADD_MIN_OUTPUT) return STATUS_BUFFER_TOO_SMALL;
  UCHAR *out = request->buffer;
  RtlZeroMemory(out, request->out_len < ADD_FULL_OUTPUT ? request->out_len : ADD_FULL_OUTPUT);
  write_u32(out, 0x00005046u); /* the twin's adapter LUID: low "PF", high 0 */
  write_u32(out + 4, 0);
  write_u32(out + 8, monitor->target_id);
  write_u32(out + 12, monitor_id);
  write_u32(out + 16, g_twin.driver_pid);
  if (request->out_len >= ADD_FULL_OUTPUT) write_u32(out + 20, 0);
  request->written = request->out_len < ADD_FULL_OUTPUT ? ADD_MIN_OUTPUT : ADD_FULL_OUTPUT;
  return STATUS_SUCCESS;
}

static NTSTATUS remove(struct twin_request *request) {
  if (request->in_len < 8) return STATUS_INVALID_PARAMETER;
  LONG index = find_session(request->pid, read_u64(request->buffer));
  if (index >= 0) {
    twin_remove_monitor_locked((ULONG)index);
    ++g_twin.counters.removes;
  }
  return STATUS_SUCCESS; /* REMOVE of an unknown session succeeds too */
}

static NTSTATUS update_modes(struct twin_request *request) {
  const UCHAR *in = request->buffer;
  if (request->in_len < 24) return STATUS_INVALID_PARAMETER;
  LONG index = find_session(request->pid, read_u64(in));
  ULONG width = read_u32(in + 8), height = read_u32(in + 12), refresh = read_u32(in + 16);
  if (index < 0) return STATUS_NOT_FOUND;
  if (!mode_ok(width, height, refresh)) return STATUS_INVALID_PARAMETER;
  g_twin.monitors[index].width = width;
  g_twin.monitors[index].height = height;
  g_twin.monitors[index].refresh = refresh;
  ++g_twin.counters.update_modes;
  return STATUS_SUCCESS;
}

NTSTATUS twin_protocol_ioctl_locked(struct twin_request *request) {
  switch (request->function) {
    case FN_ADD:
      return add(request);
    case FN_REMOVE:
      return remove(request);
    case FN_SET_RENDER_ADAPTER:
      if (request->in_len < 8) return STATUS_INVALID_PARAMETER;
      g_twin.render_adapter_low = (LONG)read_u32(request->buffer);
      g_twin.render_adapter_high = (LONG)read_u32((const UCHAR *)request->buffer + 4);
      ++g_twin.counters.render_adapters;
      return STATUS_SUCCESS;
    case FN_PING:
      ++g_twin.counters.pings;
      return STATUS_SUCCESS;
    case FN_GET_INFO:
      if (request->out_len < 8) return STATUS_BUFFER_TOO_SMALL;
      write_u32(request->buffer, g_twin.protocol_version);
      write_u32((UCHAR *)request->buffer + 4, g_twin.watchdog_s);
      request->written = 8;
      return STATUS_SUCCESS;
    case FN_CLEAR_ALL:
      twin_remove_owned_locked(request->pid);
      ++g_twin.counters.clear_alls;
      return STATUS_SUCCESS;
    case FN_UPDATE_MODES:
      return update_modes(request);
    default:
      return twin_protocol_unknown_status();
  }
}
