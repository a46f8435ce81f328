#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>

#include "pfhost/test/run_program.hpp"
#include "pfhost/test/temp_dir.hpp"

extern char **environ;

namespace pfhost::test {
RunResult run_program(const std::filesystem::path &program, const std::vector<std::string> &args,
                      const std::map<std::string, std::optional<std::string>> &env) {
  TempDir io("pfhost-run-");
  const auto out_path = io.path() / "stdout";
  const auto err_path = io.path() / "stderr";

  std::vector<std::string> env_strings;
  for (char **e = environ; *e != nullptr; ++e) {
    const std::string entry = *e;
    if (env.count(entry.substr(0, entry.find('='))) == 0) env_strings.push_back(entry);
  }
  for (const auto &[key, value] : env)
    if (value) env_strings.push_back(key + "=" + *value);
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
  result.out = read_binary_file(out_path);
  result.err = read_binary_file(err_path);
  return result;
}

}  // namespace pfhost::test
