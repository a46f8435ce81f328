#include "test_support.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char **environ;

namespace pfhost::test {

std::filesystem::path fake_plugin(const std::string &name) {
  return std::filesystem::path(PFHOST_TEST_FAKES_DIR) / ("pfhost-fake-loader-" + name + ".so");
}

std::filesystem::path pfhost_binary() {
  return PFHOST_BINARY;
}

TempDir::TempDir() {
  std::string pattern =
      (std::filesystem::temp_directory_path() / "pfhost-plugins-test-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
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
  TempDir io;
  const auto out_path = io / "stdout";
  const auto err_path = io / "stderr";

  std::vector<std::string> env_strings;
  for (char **e = environ; *e != nullptr; ++e) {
    const std::string entry = *e;
    const std::string key = entry.substr(0, entry.find('='));
    if (key == "PFHOST_PLUGIN_PATH" || env.count(key) != 0) continue;
    env_strings.push_back(entry);
  }
  for (const auto &[key, value] : env) env_strings.push_back(key + "=" + value);
  std::vector<char *> envp;
  for (auto &s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);

  std::vector<std::string> arg_strings{program.string()};
  arg_strings.insert(arg_strings.end(), args.begin(), args.end());
  std::vector<char *> argv;
  for (auto &s : arg_strings) argv.push_back(s.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot run " + program.string() + ": " + strerror(rc));
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
  }
  RunResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = read_file(out_path);
  result.err = read_file(err_path);
  return result;
}

RunResult run_pfhost(const std::vector<std::string> &args,
                     const std::map<std::string, std::string> &env) {
  return run(pfhost_binary(), args, env);
}

void bump_mtime(const std::filesystem::path &path) {
  const auto now = std::filesystem::last_write_time(path);
  std::filesystem::last_write_time(path, now + std::chrono::seconds(2));
}

void set_mtime(const std::filesystem::path &path, const timespec &mtime) {
  const timespec times[2] = {{0, UTIME_OMIT}, mtime};
  if (utimensat(AT_FDCWD, path.c_str(), times, 0) != 0)
    throw std::runtime_error("utimensat " + path.string() + ": " + strerror(errno));
}

bool running_with_env(pid_t pid, const std::string &mark) {
  if (pid <= 0) return false;
  if (::kill(pid, 0) != 0 && errno == ESRCH) return false;
  const std::filesystem::path proc = "/proc/" + std::to_string(pid);
  // The state follows the last ')' (the command name may contain anything).
  const std::string stat = read_file(proc / "stat");
  const size_t paren = stat.rfind(')');
  if (paren == std::string::npos || paren + 2 >= stat.size()) return false;  // gone meanwhile
  const char state = stat[paren + 2];
  if (state == 'Z' || state == 'X') return false;
  std::ifstream in(proc / "environ", std::ios::binary);
  const std::string environment((std::istreambuf_iterator<char>(in)),
                                std::istreambuf_iterator<char>());
  return environment.find(mark) != std::string::npos;
}

bool wait_not_running(pid_t pid, const std::string &mark, std::chrono::milliseconds bound) {
  const auto deadline = std::chrono::steady_clock::now() + bound;
  while (running_with_env(pid, mark)) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

}  // namespace pfhost::test
