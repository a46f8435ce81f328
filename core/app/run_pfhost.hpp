// The whole pfhost command line, run: what the executable's main() does, and what the streaming
// module runs when the executable hands a streaming command over to it.
#pragma once

namespace pfhost::core::app {

// Parses argv and runs the command it names; returns the process exit status.
int run_pfhost(int argc, char **argv);

}  // namespace pfhost::core::app
