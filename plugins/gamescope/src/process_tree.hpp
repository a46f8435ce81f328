// The processes descending from one process (it included), read from /proc: gamescope's PipeWire
// node may belong to gamescope itself or to a helper it started.
#pragma once

#include <sys/types.h>

#include <set>

namespace pfhost::gamescope {

std::set<pid_t> process_tree(pid_t root);

}  // namespace pfhost::gamescope
