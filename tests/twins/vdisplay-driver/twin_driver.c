/* A WDM driver that stands in for a virtual-display driver (SudoVDA or pf-vdisplay) under
 * wine: a root-enumerated PnP device whose interface carries the real driver's GUID, so the
 * plugins find it through the same SetupAPI enumeration as on Windows. It speaks one control
 * protocol (chosen at build time: twin_protocol_*.c) plus the twin's own control IOCTLs
 * (twin_control.h), and keeps what the tests assert on. IddCx itself (real monitors, swap
 * chains) is not modelled. */
#include "twin_state.h"

#include <wdm.h>

struct twin_state g_twin;

struct twin_device {
  DEVICE_OBJECT *lower;
  UNICODE_STRING interface_name;
  BOOLEAN interface_registered;
};

static DEVICE_OBJECT *g_device; /* the one device this twin serves */
static KEVENT g_stop_watchdog;
static void *g_watchdog_thread;
static LARGE_INTEGER g_counter_frequency;

LONGLONG twin_now_ms(void) {
  LARGE_INTEGER now = KeQueryPerformanceCounter(NULL);
  return now.QuadPart * 1000 / g_counter_frequency.QuadPart;
}

static void lock(void) {
  KIRQL irql;
  KeAcquireSpinLock(&g_twin.lock, &irql);
  g_twin.lock_irql = irql;
}
static void unlock(void) {
  KeReleaseSpinLock(&g_twin.lock, g_twin.lock_irql);
}

void twin_reset_locked(void) {
  RtlZeroMemory(g_twin.monitors, sizeof g_twin.monitors);
  RtlZeroMemory(g_twin.live, sizeof g_twin.live);
  RtlZeroMemory(&g_twin.counters, sizeof g_twin.counters);
  RtlZeroMemory(&g_twin.inject, sizeof g_twin.inject);
  g_twin.protocol_version = twin_protocol_default_version();
  g_twin.watchdog_s = twin_protocol_default_watchdog_s();
  g_twin.next_target_id = 0x100;
  g_twin.render_adapter_low = 0;
  g_twin.render_adapter_high = 0;
}

struct twin_client *twin_client_locked(ULONG pid) {
  struct twin_client *free_slot = NULL;
  for (ULONG i = 0; i < TWIN_MAX_CLIENTS; ++i) {
    if (g_twin.clients[i].used && g_twin.clients[i].pid == pid) return &g_twin.clients[i];
    if (!g_twin.clients[i].used && !free_slot) free_slot = &g_twin.clients[i];
  }
  if (!free_slot) { /* reuse a client that has neither handles nor monitors */
    for (ULONG i = 0; i < TWIN_MAX_CLIENTS && !free_slot; ++i) {
      if (g_twin.clients[i].open_handles == 0) free_slot = &g_twin.clients[i];
    }
    if (!free_slot) free_slot = &g_twin.clients[0];
  }
  RtlZeroMemory(free_slot, sizeof *free_slot);
  free_slot->used = TRUE;
  free_slot->pid = pid;
  free_slot->last_ioctl_ms = twin_now_ms();
  return free_slot;
}

void twin_remove_monitor_locked(ULONG index) {
  g_twin.live[index] = FALSE;
  RtlZeroMemory(&g_twin.monitors[index], sizeof g_twin.monitors[index]);
}

ULONG twin_remove_owned_locked(ULONG pid) {
  ULONG removed = 0;
  for (ULONG i = 0; i < PFHOST_TWIN_MAX_MONITORS; ++i) {
    if (g_twin.live[i] && (pid == 0 || g_twin.monitors[i].owner_pid == pid)) {
      twin_remove_monitor_locked(i);
      ++removed;
    }
  }
  return removed;
}

ULONG twin_live_count_locked(void) {
  ULONG count = 0;
  for (ULONG i = 0; i < PFHOST_TWIN_MAX_MONITORS; ++i) count += g_twin.live[i] ? 1 : 0;
  return count;
}

static BOOLEAN owns_monitors_locked(ULONG pid) {
  for (ULONG i = 0; i < PFHOST_TWIN_MAX_MONITORS; ++i) {
    if (g_twin.live[i] && (pid == 0 || g_twin.monitors[i].owner_pid == pid)) return TRUE;
  }
  return FALSE;
}

/* The watchdog: when a process (pf-vdisplay) or everyone (SudoVDA) stops calling for longer
 * than the timeout, its monitors go, as the real drivers do for a host that hung or died. */
static void check_watchdog_locked(void) {
  ++g_twin.counters.watchdog_checks;
  LONGLONG now = twin_now_ms();
  LONGLONG limit = (LONGLONG)g_twin.watchdog_s * 1000;
  if (twin_protocol_watchdog_is_global()) {
    struct twin_client *everyone = twin_client_locked(0);
    if (owns_monitors_locked(0) && now - everyone->last_ioctl_ms > limit) {
      twin_remove_owned_locked(0);
      ++g_twin.counters.watchdog_expiries;
    }
    return;
  }
  for (ULONG i = 0; i < TWIN_MAX_CLIENTS; ++i) {
    struct twin_client *client = &g_twin.clients[i];
    if (client->used && owns_monitors_locked(client->pid) && now - client->last_ioctl_ms > limit) {
      twin_remove_owned_locked(client->pid);
      ++g_twin.counters.watchdog_expiries;
    }
  }
}

static void NTAPI watchdog_thread(void *context) {
  (void)context;
  LARGE_INTEGER period = {.QuadPart = -20 * 10000}; /* 20 ms, relative */
  while (KeWaitForSingleObject(&g_stop_watchdog, Executive, KernelMode, FALSE, &period) ==
         STATUS_TIMEOUT) {
    lock();
    check_watchdog_locked();
    unlock();
  }
  PsTerminateSystemThread(STATUS_SUCCESS);
}

static NTSTATUS complete(IRP *irp, NTSTATUS status, ULONG_PTR information) {
  irp->IoStatus.Status = status;
  irp->IoStatus.Information = information;
  IoCompleteRequest(irp, IO_NO_INCREMENT);
  return status;
}

static struct twin_handle *handle_of(FILE_OBJECT *file) {
  ULONG_PTR slot = (ULONG_PTR)file->FsContext;
  return slot ? &g_twin.handles[slot - 1] : NULL;
}

static NTSTATUS dispatch_create(DEVICE_OBJECT *device, IRP *irp) {
  (void)device;
  FILE_OBJECT *file = IoGetCurrentIrpStackLocation(irp)->FileObject;
  NTSTATUS status = STATUS_INSUFFICIENT_RESOURCES;
  lock();
  for (ULONG i = 0; i < TWIN_MAX_HANDLES; ++i) {
    if (g_twin.handles[i].used) continue;
    g_twin.handles[i].used = TRUE;
    g_twin.handles[i].pid = (ULONG)(ULONG_PTR)PsGetCurrentProcessId();
    g_twin.handles[i].generation = g_twin.generation;
    file->FsContext = (void *)(ULONG_PTR)(i + 1);
    struct twin_client *client = twin_client_locked(g_twin.handles[i].pid);
    ++client->open_handles;
    client->last_ioctl_ms = twin_now_ms();
    status = STATUS_SUCCESS;
    break;
  }
  unlock();
  return complete(irp, status, 0);
}

static NTSTATUS dispatch_close(DEVICE_OBJECT *device, IRP *irp) {
  (void)device;
  lock();
  struct twin_handle *handle = handle_of(IoGetCurrentIrpStackLocation(irp)->FileObject);
  if (handle && handle->used) {
    struct twin_client *client = twin_client_locked(handle->pid);
    if (client->open_handles > 0) --client->open_handles;
    if (client->open_handles == 0 && twin_protocol_removes_on_last_close() &&
        twin_remove_owned_locked(handle->pid) > 0) {
      ++g_twin.counters.closed_with_monitors;
    }
    RtlZeroMemory(handle, sizeof *handle);
  }
  unlock();
  return complete(irp, STATUS_SUCCESS, 0);
}

static NTSTATUS dispatch_cleanup(DEVICE_OBJECT *device, IRP *irp) {
  (void)device;
  return complete(irp, STATUS_SUCCESS, 0);
}

static void set_interface(BOOLEAN enabled) {
  struct twin_device *ext = g_device ? g_device->DeviceExtension : NULL;
  if (ext && ext->interface_registered) IoSetDeviceInterfaceState(&ext->interface_name, enabled);
}

/* Set by SET_PRESENT under the lock, applied after it (interface changes need PASSIVE_LEVEL):
 * -1 nothing, 0 disable, 1 enable. */
static int g_interface_change = -1;

static NTSTATUS twin_control_locked(ULONG code, void *buffer, ULONG in_len, ULONG out_len,
                                    ULONG_PTR *written) {
  switch (code) {
    case PFHOST_TWIN_IOCTL_GET_STATE: {
      if (out_len < sizeof(struct pfhost_twin_state)) return STATUS_BUFFER_TOO_SMALL;
      struct pfhost_twin_state *state = buffer;
      RtlZeroMemory(state, sizeof *state);
      state->protocol_version = g_twin.protocol_version;
      state->watchdog_s = g_twin.watchdog_s;
      state->driver_pid = g_twin.driver_pid;
      state->present = g_twin.present;
      for (ULONG i = 0; i < TWIN_MAX_HANDLES; ++i) state->open_handles += g_twin.handles[i].used;
      state->render_adapter_low = g_twin.render_adapter_low;
      state->render_adapter_high = g_twin.render_adapter_high;
      state->counters = g_twin.counters;
      for (ULONG i = 0; i < PFHOST_TWIN_MAX_MONITORS; ++i) {
        if (g_twin.live[i]) state->monitors[state->live_monitors++] = g_twin.monitors[i];
      }
      *written = sizeof *state;
      return STATUS_SUCCESS;
    }
    case PFHOST_TWIN_IOCTL_INJECT:
      if (in_len < sizeof(struct pfhost_twin_inject)) return STATUS_BUFFER_TOO_SMALL;
      g_twin.inject = *(const struct pfhost_twin_inject *)buffer;
      return STATUS_SUCCESS;
    case PFHOST_TWIN_IOCTL_CONFIGURE: {
      if (in_len < sizeof(struct pfhost_twin_configure)) return STATUS_BUFFER_TOO_SMALL;
      const struct pfhost_twin_configure *configure = buffer;
      if (configure->protocol_version) g_twin.protocol_version = configure->protocol_version;
      if (configure->watchdog_s) g_twin.watchdog_s = configure->watchdog_s;
      return STATUS_SUCCESS;
    }
    case PFHOST_TWIN_IOCTL_SET_PRESENT: {
      if (in_len < sizeof(uint32_t)) return STATUS_BUFFER_TOO_SMALL;
      BOOLEAN present = *(const uint32_t *)buffer != 0;
      if (!present && g_twin.present) {
        ++g_twin.generation; /* every handle opened so far now fails */
        twin_remove_owned_locked(0);
      }
      g_twin.present = present;
      g_interface_change = present;
      return STATUS_SUCCESS;
    }
    case PFHOST_TWIN_IOCTL_RESET:
      twin_reset_locked();
      return STATUS_SUCCESS;
    default:
      return STATUS_INVALID_DEVICE_REQUEST;
  }
}

static NTSTATUS dispatch_ioctl(DEVICE_OBJECT *device, IRP *irp) {
  (void)device;
  IO_STACK_LOCATION *stack = IoGetCurrentIrpStackLocation(irp);
  ULONG code = stack->Parameters.DeviceIoControl.IoControlCode;
  struct twin_request request = {
      .function = (code >> 2) & 0xFFFu,
      .pid = (ULONG)(ULONG_PTR)PsGetCurrentProcessId(),
      .buffer = irp->AssociatedIrp.SystemBuffer,
      .in_len = stack->Parameters.DeviceIoControl.InputBufferLength,
      .out_len = stack->Parameters.DeviceIoControl.OutputBufferLength,
  };
  NTSTATUS status;
  lock();
  if (request.function >= 0xA00 && request.function < 0xB00) {
    status = twin_control_locked(code, request.buffer, request.in_len, request.out_len,
                                 &request.written);
    int interface_change = g_interface_change;
    g_interface_change = -1;
    unlock();
    if (interface_change >= 0) set_interface((BOOLEAN)interface_change);
    return complete(irp, status, request.written);
  }
  struct twin_handle *handle = handle_of(stack->FileObject);
  ++g_twin.counters.ioctls;
  if (!handle || handle->generation != g_twin.generation) {
    status = STATUS_DEVICE_REMOVED;
  } else if (g_twin.inject.count > 0 &&
             (g_twin.inject.function == 0 || g_twin.inject.function == request.function)) {
    --g_twin.inject.count;
    ++g_twin.counters.injected_failures;
    status = g_twin.inject.status;
  } else {
    if (twin_protocol_resets_watchdog(request.function)) {
      ULONG key = twin_protocol_watchdog_is_global() ? 0 : request.pid;
      twin_client_locked(key)->last_ioctl_ms = twin_now_ms();
    }
    status = twin_protocol_ioctl_locked(&request);
  }
  unlock();
  return complete(irp, status, NT_SUCCESS(status) ? request.written : 0);
}

static NTSTATUS dispatch_pnp(DEVICE_OBJECT *device, IRP *irp) {
  struct twin_device *ext = device->DeviceExtension;
  IO_STACK_LOCATION *stack = IoGetCurrentIrpStackLocation(irp);
  switch (stack->MinorFunction) {
    case IRP_MN_START_DEVICE:
      lock();
      g_twin.present = TRUE;
      unlock();
      set_interface(TRUE);
      irp->IoStatus.Status = STATUS_SUCCESS;
      break;
    case IRP_MN_SURPRISE_REMOVAL:
    case IRP_MN_QUERY_REMOVE_DEVICE:
    case IRP_MN_CANCEL_REMOVE_DEVICE:
    case IRP_MN_QUERY_STOP_DEVICE:
    case IRP_MN_CANCEL_STOP_DEVICE:
    case IRP_MN_STOP_DEVICE:
      irp->IoStatus.Status = STATUS_SUCCESS;
      break;
    case IRP_MN_REMOVE_DEVICE: {
      set_interface(FALSE);
      lock();
      ++g_twin.generation;
      g_twin.present = FALSE;
      twin_remove_owned_locked(0);
      unlock();
      irp->IoStatus.Status = STATUS_SUCCESS;
      IoSkipCurrentIrpStackLocation(irp);
      NTSTATUS status = IoCallDriver(ext->lower, irp);
      IoDetachDevice(ext->lower);
      if (ext->interface_registered) RtlFreeUnicodeString(&ext->interface_name);
      g_device = NULL;
      IoDeleteDevice(device);
      return status;
    }
    default:
      break;
  }
  IoSkipCurrentIrpStackLocation(irp);
  return IoCallDriver(ext->lower, irp);
}

static NTSTATUS NTAPI add_device(DRIVER_OBJECT *driver, DEVICE_OBJECT *pdo) {
  static const GUID interface_guid = TWIN_INTERFACE_GUID;
  DEVICE_OBJECT *device = NULL;
  NTSTATUS status = IoCreateDevice(driver, sizeof(struct twin_device), NULL, FILE_DEVICE_UNKNOWN, 0,
                                   FALSE, &device);
  if (!NT_SUCCESS(status)) return status;
  struct twin_device *ext = device->DeviceExtension;
  RtlZeroMemory(ext, sizeof *ext);
  status = IoRegisterDeviceInterface(pdo, &interface_guid, NULL, &ext->interface_name);
  if (!NT_SUCCESS(status)) {
    IoDeleteDevice(device);
    return status;
  }
  ext->interface_registered = TRUE;
  ext->lower = IoAttachDeviceToDeviceStack(device, pdo);
  device->Flags |= DO_BUFFERED_IO;
  device->Flags &= ~DO_DEVICE_INITIALIZING;
  g_device = device;
  return STATUS_SUCCESS;
}

static void NTAPI driver_unload(DRIVER_OBJECT *driver) {
  (void)driver;
  /* A thread left running makes the next install of this driver fail or crash. */
  KeSetEvent(&g_stop_watchdog, IO_NO_INCREMENT, FALSE);
  if (g_watchdog_thread) {
    KeWaitForSingleObject(g_watchdog_thread, Executive, KernelMode, FALSE, NULL);
    ObDereferenceObject(g_watchdog_thread);
  }
}

NTSTATUS NTAPI DriverEntry(DRIVER_OBJECT *driver, UNICODE_STRING *registry) {
  (void)registry;
  KeQueryPerformanceCounter(&g_counter_frequency);
  KeInitializeSpinLock(&g_twin.lock);
  KeInitializeEvent(&g_stop_watchdog, NotificationEvent, FALSE);
  g_twin.driver_pid = (ULONG)(ULONG_PTR)PsGetCurrentProcessId();
  twin_reset_locked();

  driver->MajorFunction[IRP_MJ_CREATE] = dispatch_create;
  driver->MajorFunction[IRP_MJ_CLOSE] = dispatch_close;
  driver->MajorFunction[IRP_MJ_CLEANUP] = dispatch_cleanup;
  driver->MajorFunction[IRP_MJ_DEVICE_CONTROL] = dispatch_ioctl;
  driver->MajorFunction[IRP_MJ_PNP] = dispatch_pnp;
  driver->DriverExtension->AddDevice = add_device;
  driver->DriverUnload = driver_unload;

  HANDLE thread = NULL;
  NTSTATUS status =
      PsCreateSystemThread(&thread, THREAD_ALL_ACCESS, NULL, NULL, NULL, watchdog_thread, NULL);
  if (!NT_SUCCESS(status)) return status;
  status = ObReferenceObjectByHandle(thread, THREAD_ALL_ACCESS, NULL, KernelMode,
                                     &g_watchdog_thread, NULL);
  ZwClose(thread);
  return status;
}
