/* Installs or removes a driver twin in the current wine prefix the way Windows installs a
 * root-enumerated PnP device: a device node with the hardware id, then the INF's driver for it.
 *   twin-install install <inf> <hardware id> <instance id> <interface GUID>
 *       waits (bounded) until the interface is present, so a test can open it at once
 *   twin-install remove <hardware id>     removes every device with that hardware id
 * The .sys must lie beside the INF, or the install waits for a disk prompt forever. */
#include <windows.h>

#include <newdev.h>
#include <setupapi.h>
#include <stdio.h>
#include <string.h>

static int fail(const char *what) {
  fprintf(stderr, "twin-install: %s failed (error %lu)\n", what, GetLastError());
  return 1;
}

static int parse_guid(const char *text, GUID *guid) {
  unsigned long data1;
  unsigned int data2, data3, bytes[8];
  if (sscanf(text, "{%8lx-%4x-%4x-%2x%2x-%2x%2x%2x%2x%2x%2x}", &data1, &data2, &data3, &bytes[0],
             &bytes[1], &bytes[2], &bytes[3], &bytes[4], &bytes[5], &bytes[6], &bytes[7]) != 11) {
    return 0;
  }
  guid->Data1 = data1;
  guid->Data2 = (unsigned short)data2;
  guid->Data3 = (unsigned short)data3;
  for (int i = 0; i < 8; ++i) guid->Data4[i] = (unsigned char)bytes[i];
  return 1;
}

static int interface_present(const GUID *guid) {
  HDEVINFO set = SetupDiGetClassDevsA(guid, NULL, NULL, DIGCF_DEVICEINTERFACE | DIGCF_PRESENT);
  if (set == INVALID_HANDLE_VALUE) return 0;
  SP_DEVICE_INTERFACE_DATA data = {.cbSize = sizeof data};
  int found = SetupDiEnumDeviceInterfaces(set, NULL, guid, 0, &data) != FALSE;
  SetupDiDestroyDeviceInfoList(set);
  return found;
}

static int install(const char *inf, const char *hardware_id, const char *instance_id,
                   const char *guid_text) {
  GUID guid;
  if (!parse_guid(guid_text, &guid)) {
    fprintf(stderr, "twin-install: '%s' is not a GUID like {xxxxxxxx-xxxx-...}\n", guid_text);
    return 2;
  }
  char inf_path[MAX_PATH];
  if (!GetFullPathNameA(inf, sizeof inf_path, inf_path, NULL)) return fail("GetFullPathName");
  /* REG_MULTI_SZ: the id, then an empty string */
  char ids[256] = {0};
  size_t id_len = strlen(hardware_id);
  if (id_len + 2 > sizeof ids) return fail("hardware id length");
  memcpy(ids, hardware_id, id_len);

  HDEVINFO set = SetupDiCreateDeviceInfoList(NULL, NULL);
  if (set == INVALID_HANDLE_VALUE) return fail("SetupDiCreateDeviceInfoList");
  static const GUID no_class = {0};
  SP_DEVINFO_DATA device = {.cbSize = sizeof device};
  int rc = 0;
  if (!SetupDiCreateDeviceInfoA(set, instance_id, &no_class, NULL, NULL, 0, &device)) {
    rc = fail("SetupDiCreateDeviceInfo");
  } else if (!SetupDiSetDeviceRegistryPropertyA(set, &device, SPDRP_HARDWAREID, (BYTE *)ids,
                                                (DWORD)(id_len + 2))) {
    rc = fail("SetupDiSetDeviceRegistryProperty(SPDRP_HARDWAREID)");
  } else if (!SetupDiCallClassInstaller(DIF_REGISTERDEVICE, set, &device)) {
    rc = fail("SetupDiCallClassInstaller(DIF_REGISTERDEVICE)");
  } else {
    BOOL reboot = FALSE;
    if (!UpdateDriverForPlugAndPlayDevicesA(NULL, hardware_id, inf_path, INSTALLFLAG_FORCE,
                                            &reboot)) {
      rc = fail("UpdateDriverForPlugAndPlayDevices");
    }
  }
  SetupDiDestroyDeviceInfoList(set);
  if (rc != 0) return rc;
  for (int waited_ms = 0; waited_ms < 10000; waited_ms += 50) {
    if (interface_present(&guid)) return 0;
    Sleep(50);
  }
  fprintf(stderr, "twin-install: the driver installed but interface %s never appeared\n",
          guid_text);
  return 1;
}

static int remove_devices(const char *hardware_id) {
  HDEVINFO set = SetupDiGetClassDevsA(NULL, "ROOT", NULL, DIGCF_ALLCLASSES);
  if (set == INVALID_HANDLE_VALUE) return fail("SetupDiGetClassDevs");
  SP_DEVINFO_DATA device = {.cbSize = sizeof device};
  int removed = 0, rc = 0;
  for (DWORD i = 0; SetupDiEnumDeviceInfo(set, i, &device); ++i) {
    char ids[512] = {0};
    if (!SetupDiGetDeviceRegistryPropertyA(set, &device, SPDRP_HARDWAREID, NULL, (BYTE *)ids,
                                           sizeof ids - 2, NULL)) {
      continue;
    }
    if (_stricmp(ids, hardware_id) != 0) continue;
    if (!SetupDiCallClassInstaller(DIF_REMOVE, set, &device)) {
      rc = fail("SetupDiCallClassInstaller(DIF_REMOVE)");
    } else {
      ++removed;
    }
  }
  SetupDiDestroyDeviceInfoList(set);
  printf("twin-install: removed %d device(s) with hardware id %s\n", removed, hardware_id);
  return rc;
}

int main(int argc, char **argv) {
  if (argc == 6 && strcmp(argv[1], "install") == 0) {
    return install(argv[2], argv[3], argv[4], argv[5]);
  }
  if (argc == 3 && strcmp(argv[1], "remove") == 0) return remove_devices(argv[2]);
  fprintf(stderr,
          "usage: twin-install install <inf> <hardware id> <instance id> <GUID>\n"
          "       twin-install remove <hardware id>\n");
  return 2;
}
