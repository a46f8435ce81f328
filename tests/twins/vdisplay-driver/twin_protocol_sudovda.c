/* SudoVDA's control protocol (0.2.x) as the twin answers it, written from the protocol
 * description and sudovda-ioctl.h's layouts, not shared with the plugin. One watchdog for the
 * whole driver (3 s), reset by every IOCTL but GET_WATCHDOG; monitors are keyed by a GUID and
 * outlive the handle that added them (only the watchdog or REMOVE takes them). */
#include "twin_state.h"

enum {
  FN_ADD = 0x800,
  FN_REMOVE = 0x801,
  FN_SET_RENDER_ADAPTER = 0x802,
  FN_GET_WATCHDOG = 0x803,
  FN_PING = 0x888,
  FN_GET_PROTOCOL_VERSION = 0x8FF,
};

#define MAX_MONITORS 10u
#define ADD_INPUT 56u  /* width, height, refresh, GUID, device_name[14], serial[14] */
#define ADD_OUTPUT 12u /* LUID low, LUID high, target id */

/* major << 16 | minor << 8 | incremental: 0.2.1 */
ULONG twin_protocol_default_version(void) {
  return 0x000201;
}
ULONG twin_protocol_default_watchdog_s(void) {
  return 3;
}
NTSTATUS twin_protocol_unknown_status(void) {
  return STATUS_INVALID_DEVICE_REQUEST;
}
BOOLEAN twin_protocol_resets_watchdog(ULONG function) {
  return function != FN_GET_WATCHDOG;
}
BOOLEAN twin_protocol_watchdog_is_global(void) {
  return TRUE;
}
BOOLEAN twin_protocol_removes_on_last_close(void) {
  return FALSE;
}

static ULONG read_u32(const UCHAR *bytes) {
  return (ULONG)bytes[0] | (ULONG)bytes[1] << 8 | (ULONG)bytes[2] << 16 | (ULONG)bytes[3] << 24;
}

static void write_u32(UCHAR *bytes, ULONG value) {
  for (int i = 0; i < 4; ++i) bytes[i] = (UCHAR)(value >> (8 * i));
}

static LONG find_guid(const UCHAR *guid) {
  for (ULONG i = 0; i < PFHOST_TWIN_MAX_MONITORS; ++i) {
    if (g_twin.live[i] && RtlCompareMemory(g_twin.monitors[i].guid, guid, 16) == 16) {
      return (LONG)i;
    }
  }
  return -1;
}

static NTSTATUS reply_monitor(struct twin_request *request, ULONG index) {
  UCHAR *out = request->buffer;
  write_u32(out, 0x00005344u); /* the twin's adapter LUID: low "DS", high 0 */
  write_u32(out + 4, 0);
  write_u32(out + 8, g_twin.monitors[index].target_id);
  request->written = ADD_OUTPUT;
  return STATUS_SUCCESS;
}

static NTSTATUS add(struct twin_request *request) {
  /* The real driver's order: slots, buffer sizes, an existing GUID, then the mode. */
  if (twin_live_count_locked() >= MAX_MONITORS) return STATUS_TOO_MANY_NODES;
  if (request->in_len < ADD_INPUT || request->out_len < ADD_OUTPUT) return STATUS_BUFFER_TOO_SMALL;
  const UCHAR *in = request->buffer;
  ULONG width = read_u32(in), height = read_u32(in + 4), refresh = read_u32(in + 8);
  LONG existing = find_guid(in + 12);
  if (existing >= 0) return reply_monitor(request, (ULONG)existing);
  if (width == 0 || height == 0 || refresh == 0) return STATUS_INVALID_PARAMETER;
  LONG slot = -1;
  for (ULONG i = 0; i < PFHOST_TWIN_MAX_MONITORS && slot < 0; ++i) {
    if (!g_twin.live[i]) slot = (LONG)i;
  }
  struct pfhost_twin_monitor *monitor = &g_twin.monitors[slot];
  RtlZeroMemory(monitor, sizeof *monitor);
  RtlCopyMemory(monitor->guid, in + 12, 16);
  monitor->owner_pid = request->pid;
  monitor->width = width;
  monitor->height = height;
  monitor->refresh = refresh; /* under 1000: Hz; 1000 or more: millihertz, stored as sent */
  monitor->monitor_id = (ULONG)slot + 1;
  monitor->target_id = g_twin.next_target_id++;
  g_twin.live[slot] = TRUE;
  ++g_twin.counters.adds;
  return reply_monitor(request, (ULONG)slot);
}

NTSTATUS twin_protocol_ioctl_locked(struct twin_request *request) {
  UCHAR *buffer = request->buffer;
  switch (request->function) {
    case FN_ADD:
      return add(request);
    case FN_REMOVE: {
      if (request->in_len < 16) return STATUS_BUFFER_TOO_SMALL;
      LONG index = find_guid(buffer);
      if (index < 0) return STATUS_NOT_FOUND;
      twin_remove_monitor_locked((ULONG)index);
      ++g_twin.counters.removes;
      return STATUS_SUCCESS;
    }
    case FN_SET_RENDER_ADAPTER:
      if (request->in_len < 8) return STATUS_BUFFER_TOO_SMALL;
      g_twin.render_adapter_low = (LONG)read_u32(buffer);
      g_twin.render_adapter_high = (LONG)read_u32(buffer + 4);
      ++g_twin.counters.render_adapters;
      return STATUS_SUCCESS;
    case FN_GET_WATCHDOG: {
      if (request->out_len < 8) return STATUS_BUFFER_TOO_SMALL;
      LONGLONG idle_ms = twin_now_ms() - twin_client_locked(0)->last_ioctl_ms;
      LONGLONG left_s = (LONGLONG)g_twin.watchdog_s - idle_ms / 1000;
      write_u32(buffer, g_twin.watchdog_s);
      write_u32(buffer + 4, left_s > 0 ? (ULONG)left_s : 0);
      request->written = 8;
      return STATUS_SUCCESS;
    }
    case FN_PING:
      ++g_twin.counters.pings;
      return STATUS_SUCCESS;
    case FN_GET_PROTOCOL_VERSION:
      if (request->out_len < 4) return STATUS_BUFFER_TOO_SMALL;
      buffer[0] = (UCHAR)(g_twin.protocol_version >> 16); /* major */
      buffer[1] = (UCHAR)(g_twin.protocol_version >> 8);  /* minor */
      buffer[2] = (UCHAR)g_twin.protocol_version;         /* incremental */
      buffer[3] = 0;                                      /* not a test build */
      request->written = 4;
      return STATUS_SUCCESS;
    default:
      return twin_protocol_unknown_status();
  }
}
