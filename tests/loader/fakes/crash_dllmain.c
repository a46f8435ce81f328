/* A DLL that crashes in DllMain while it is being loaded, before anyone could call its entry
 * point (Windows only): the probe worker that loads it dies, the host reports it. */
#include <windows.h>

#include "fake_common.h"

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)instance, (void)reserved;
  if (reason == DLL_PROCESS_ATTACH) fake_segfault();
  return TRUE;
}

FAKE_BACKEND(never, PFHOST_BACKEND_DISPLAY, "never-probed", "crashes in DllMain", 1, fake_probe_ok,
             &fake_display_table, NULL, NULL);
FAKE_PLUGIN("crash-dllmain", NULL, &never)
