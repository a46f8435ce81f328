// The streaming module's one export: the executable hands it the whole command line of a
// `pfhost stream` or `pfhost serve` run (see streaming_module.hpp).
#include "app/run_pfhost.hpp"

extern "C" __attribute__((visibility("default"))) int pfhost_streaming_main(int argc, char **argv) {
  return pfhost::core::app::run_pfhost(argc, argv);
}
