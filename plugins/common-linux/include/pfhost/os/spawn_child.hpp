// Starts child processes from one thread that lives as long as the process (managed sway,
// gamescope).
//
// ChildProcess arms PR_SET_PDEATHSIG so a crashed host does not leave compositors behind, but the
// kernel sends that signal when the *forking thread* exits, and the host may create displays from
// short-lived threads. Forking from this long-lived thread keeps the safety net without the
// premature kill.
#pragma once

#include <pfhost/os/child_process.hpp>

namespace pfhost::os {

// Runs `new ChildProcess(options)` on the spawner thread and returns the started process (or
// rethrows what its constructor threw). [any thread]
ChildProcess spawn_child(ChildProcess::Options options);

}  // namespace pfhost::os
