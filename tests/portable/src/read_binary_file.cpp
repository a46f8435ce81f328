#include <fstream>
#include <sstream>

#include "pfhost/test/run_program.hpp"

namespace pfhost::test {

std::string read_binary_file(const std::filesystem::path &path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace pfhost::test
