/* The driver twin's own control IOCTLs, shared by the twin and the tests that drive it.
 * Pure C. Function codes 0xA00.. lie outside both real protocols (SudoVDA 0x800..0x8FF,
 * pf-vdisplay 0x900..0x907), so a plugin can never reach them by mistake. */
#ifndef PFHOST_TWIN_CONTROL_H
#define PFHOST_TWIN_CONTROL_H

#include <stdint.h>

#define PFHOST_TWIN_CTL(fn) ((0x22u << 16) | ((fn) << 2)) /* FILE_DEVICE_UNKNOWN, BUFFERED */

/* out: struct pfhost_twin_state */
#define PFHOST_TWIN_IOCTL_GET_STATE PFHOST_TWIN_CTL(0xA00u)
/* in: struct pfhost_twin_inject; the next `count` protocol IOCTLs with that function code
 * (0 = any) fail with `status` */
#define PFHOST_TWIN_IOCTL_INJECT PFHOST_TWIN_CTL(0xA01u)
/* in: struct pfhost_twin_configure */
#define PFHOST_TWIN_IOCTL_CONFIGURE PFHOST_TWIN_CTL(0xA02u)
/* in: uint32_t present. 0 = the device is gone: its interface is disabled (hidden from
 * enumeration), every monitor goes and protocol IOCTLs on handles opened before fail with
 * STATUS_DEVICE_REMOVED. 1 = back: the interface is enabled again for new handles. */
#define PFHOST_TWIN_IOCTL_SET_PRESENT PFHOST_TWIN_CTL(0xA03u)
/* no buffers: every monitor, counter, injection and setting back to the defaults */
#define PFHOST_TWIN_IOCTL_RESET PFHOST_TWIN_CTL(0xA04u)

#define PFHOST_TWIN_MAX_MONITORS 16u

#pragma pack(push, 4)
struct pfhost_twin_monitor {
  uint64_t session_id; /* pf-vdisplay's remove key */
  uint8_t guid[16];    /* SudoVDA's remove key */
  uint32_t owner_pid;
  uint32_t width;
  uint32_t height;
  uint32_t refresh; /* as the driver stores it: Hz (SudoVDA: millihertz when >= 1000 sent) */
  uint32_t monitor_id;
  uint32_t target_id;
};

struct pfhost_twin_counters {
  uint32_t adds;    /* successful ADDs */
  uint32_t removes; /* REMOVEs that removed a monitor */
  uint32_t pings;
  uint32_t clear_alls;
  uint32_t update_modes;
  uint32_t render_adapters;      /* SET_RENDER_ADAPTER calls */
  uint32_t watchdog_expiries;    /* times the watchdog removed monitors */
  uint32_t closed_with_monitors; /* last handles closed while the process held monitors */
  uint32_t injected_failures;    /* IOCTLs failed on purpose */
  uint32_t ioctls;               /* protocol IOCTLs seen */
  uint32_t watchdog_checks;      /* rounds of the watchdog thread: it is alive */
};

struct pfhost_twin_state {
  uint32_t protocol_version;
  uint32_t watchdog_s;
  uint32_t driver_pid;
  uint32_t present;
  uint32_t open_handles;
  uint32_t live_monitors;
  int32_t render_adapter_low;
  int32_t render_adapter_high;
  struct pfhost_twin_counters counters;
  struct pfhost_twin_monitor monitors[PFHOST_TWIN_MAX_MONITORS]; /* live ones first */
};

struct pfhost_twin_inject {
  uint32_t function; /* an IOCTL function code such as 0x900, or 0 for any protocol IOCTL */
  uint32_t count;
  int32_t status; /* an NTSTATUS */
};

struct pfhost_twin_configure {
  uint32_t protocol_version; /* 0 keeps the current one */
  uint32_t watchdog_s;       /* 0 keeps the current one (tests use 1 s to see it fire) */
};
#pragma pack(pop)

#endif
