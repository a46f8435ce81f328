/* What the twin driver keeps: monitors, the processes that talk to it, counters, injected
 * failures. One lock guards all of it; IOCTLs, handle closes and the watchdog
 * thread take it for microseconds: a spin lock (wine's KMUTEX hangs when a system thread and an
 * IOCTL contend for it; a spin lock is plain interlocked code there). Kernel-mode C, built only for
 * the twin .sys. */
#ifndef PFHOST_TWIN_STATE_H
#define PFHOST_TWIN_STATE_H

#include <ntddk.h>

#include "twin_control.h"

#define TWIN_MAX_CLIENTS 32u
#define TWIN_MAX_HANDLES 64u

struct twin_client {
  BOOLEAN used;
  ULONG pid;
  ULONG open_handles;
  LONGLONG last_ioctl_ms; /* the watchdog is tracked per calling process */
};

struct twin_handle {
  BOOLEAN used;
  ULONG pid;
  ULONG generation; /* the device generation when opened; a gone device bumps it */
};

struct twin_state {
  KSPIN_LOCK lock;
  KIRQL lock_irql;
  struct pfhost_twin_monitor monitors[PFHOST_TWIN_MAX_MONITORS];
  BOOLEAN live[PFHOST_TWIN_MAX_MONITORS];
  struct twin_client clients[TWIN_MAX_CLIENTS];
  struct twin_handle handles[TWIN_MAX_HANDLES];
  struct pfhost_twin_counters counters;
  struct pfhost_twin_inject inject;
  ULONG protocol_version;
  ULONG watchdog_s;
  ULONG generation;
  BOOLEAN present;
  ULONG driver_pid;
  ULONG next_target_id;
  LONG render_adapter_low;
  LONG render_adapter_high;
};

extern struct twin_state g_twin;

/* What a protocol handler sees of one IOCTL (METHOD_BUFFERED: one system buffer). */
struct twin_request {
  ULONG function;
  ULONG pid;
  void *buffer;
  ULONG in_len;
  ULONG out_len;
  ULONG_PTR written;
};

LONGLONG twin_now_ms(void);
void twin_reset_locked(void);
struct twin_client *twin_client_locked(ULONG pid); /* finds or adds */
void twin_remove_monitor_locked(ULONG index);
ULONG twin_remove_owned_locked(ULONG pid); /* returns how many went */
ULONG twin_live_count_locked(void);

/* Each protocol: the defaults the twin resets to, and its IOCTL dispatch (lock held). */
ULONG twin_protocol_default_version(void);
ULONG twin_protocol_default_watchdog_s(void);
NTSTATUS twin_protocol_ioctl_locked(struct twin_request *request);
/* The protocol's answer to a function code it does not know. */
NTSTATUS twin_protocol_unknown_status(void);
/* SudoVDA's watchdog is global and spares GET_WATCHDOG; pf-vdisplay's is per process. */
BOOLEAN twin_protocol_resets_watchdog(ULONG function);
BOOLEAN twin_protocol_watchdog_is_global(void);
/* pf-vdisplay removes a process's monitors when its last control handle closes. */
BOOLEAN twin_protocol_removes_on_last_close(void);

#endif
