/* LD_PRELOAD shim for tests without a GPU: libdrm's drmGetNodeTypeFromFd() accepts only a real
 * DRM character device, so libva's vaGetDisplayDRM() and FFmpeg's VAAPI device refuse every fd on a
 * machine without /dev/dri. This answers "render node" for the one file named in
 * VATWIN_DRM_NODE (an ordinary empty file standing in for /dev/dri/renderD128) and passes every
 * other fd to the real libdrm, so nothing else in the process changes behaviour. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <sys/stat.h>

enum { kDrmNodeRender = 2 }; /* DRM_NODE_RENDER in xf86drm.h */

int drmGetNodeTypeFromFd(int fd) {
  const char *node = getenv("VATWIN_DRM_NODE");
  struct stat of_fd, of_node;
  if (node != NULL && fstat(fd, &of_fd) == 0 && stat(node, &of_node) == 0 &&
      of_fd.st_dev == of_node.st_dev && of_fd.st_ino == of_node.st_ino)
    return kDrmNodeRender;
  int (*real)(int) = (int (*)(int))dlsym(RTLD_NEXT, "drmGetNodeTypeFromFd");
  return real != NULL ? real(fd) : -1;
}
