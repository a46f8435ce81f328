#include "test_support.hpp"

#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace pfhost::test {

std::filesystem::path fake_plugin(const std::string &name) {
#ifdef _WIN32
  constexpr const char *kSuffix = ".dll";
#else
  constexpr const char *kSuffix = ".so";
#endif
  return std::filesystem::path(PFHOST_TEST_FAKES_DIR) / ("pfhost-fake-loader-" + name + kSuffix);
}

std::filesystem::path pfhost_binary() {
  return PFHOST_BINARY;
}

std::vector<std::filesystem::path> copy_fakes(const std::filesystem::path &dir,
                                              const std::vector<std::string> &names) {
  std::filesystem::create_directories(dir);
  std::vector<std::filesystem::path> out;
  for (const auto &name : names) {
    const auto source = fake_plugin(name);
    const auto target = dir / source.filename();
    std::filesystem::copy_file(source, target, std::filesystem::copy_options::overwrite_existing);
    out.push_back(target);
  }
  return out;
}

void write_file(const std::filesystem::path &path, const std::string &text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

std::string read_file(const std::filesystem::path &path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

size_t count_lines(const std::filesystem::path &path) {
  std::ifstream in(path);
  size_t n = 0;
  for (std::string line; std::getline(in, line);) ++n;
  return n;
}

RunResult run(const std::filesystem::path &program, const std::vector<std::string> &args,
              const std::map<std::string, std::string> &env) {
  std::map<std::string, std::optional<std::string>> changes{{"PFHOST_PLUGIN_PATH", std::nullopt}};
  for (const auto &[key, value] : env) changes[key] = value;
  return run_program(program, args, changes);
}

RunResult run_pfhost(const std::vector<std::string> &args,
                     const std::map<std::string, std::string> &env) {
  return run(pfhost_binary(), args, env);
}

void bump_mtime(const std::filesystem::path &path) {
  const auto now = std::filesystem::last_write_time(path);
  std::filesystem::last_write_time(path, now + std::chrono::seconds(2));
}

}  // namespace pfhost::test
