// The pfhost executable's entry point; everything else is in run_pfhost (main.cpp).
#include "app/run_pfhost.hpp"

int main(int argc, char **argv) {
  return pfhost::core::app::run_pfhost(argc, argv);
}
