// run_workers on Windows: CreateProcessW with redirected stdin/stdout, one job object per worker
// (so a kill takes whatever the worker started, and the host's death takes the workers: the job
// is killed when its last handle closes), a thread per pipe feeding the caller's thread, and the
// process handle for the end.
#include "os/worker_processes.hpp"

#include <windows.h>

#include <algorithm>
#include <array>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "logging/log.hpp"
#include "os/windows_text.hpp"
#include "os/worker_output_lines.hpp"

namespace pfhost::core::os {
namespace {

using Clock = std::chrono::steady_clock;

// What the pipe threads hand to the caller's thread.
struct Inbox {
  std::mutex mutex;
  std::condition_variable changed;
};

struct Worker {
  const WorkerSpec *spec = nullptr;
  HANDLE process = nullptr;
  HANDLE job = nullptr;
  DWORD pid = 0;
  std::thread reader;
  std::thread writer;
  std::string incoming;  // guarded by Inbox::mutex
  // The caller's thread only.
  WorkerOutputLines output;
  Clock::time_point started;
  Clock::time_point deadline;
  bool running = false;
  WorkerEnd end;
};

void close_handle(HANDLE &handle) {
  if (handle != nullptr && handle != INVALID_HANDLE_VALUE) CloseHandle(handle);
  handle = nullptr;
}

std::wstring command_line(const WorkerSpec &spec) {
  std::wstring line = quote_windows_argument(spec.executable.wstring());
  for (const std::string &arg : spec.args) line += L" " + quote_windows_argument(widen(arg));
  return line;
}

// A job that kills its processes when its last handle closes, and lets a crash end the process
// at once instead of waiting on an error-reporting dialog.
HANDLE make_kill_on_close_job() {
  HANDLE job = CreateJobObjectW(nullptr, nullptr);
  if (job == nullptr) return nullptr;
  JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits{};
  limits.BasicLimitInformation.LimitFlags =
      JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE | JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION;
  SetInformationJobObject(job, JobObjectExtendedLimitInformation, &limits, sizeof limits);
  return job;
}

bool spawn(Worker &worker, Inbox &inbox) {
  const WorkerSpec &spec = *worker.spec;
  // Not inheritable when made; only the child's ends become inheritable, and only for the
  // moment of CreateProcessW (run_workers starts workers from one thread), so a worker never
  // holds another worker's pipe open.
  HANDLE in_read = nullptr, in_write = nullptr, out_read = nullptr, out_write = nullptr;
  if (!CreatePipe(&in_read, &in_write, nullptr, 64 * 1024)) {
    worker.end.error = "CreatePipe: " + windows_error_text(GetLastError());
    return false;
  }
  if (!CreatePipe(&out_read, &out_write, nullptr, 64 * 1024)) {
    worker.end.error = "CreatePipe: " + windows_error_text(GetLastError());
    close_handle(in_read);
    close_handle(in_write);
    return false;
  }
  SetHandleInformation(in_read, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT);
  SetHandleInformation(out_write, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT);
  // The worker's stderr is the host's (its messages reach the user), through an inheritable
  // duplicate so the host's own handle keeps its flags.
  HANDLE err = nullptr;
  if (HANDLE host_err = GetStdHandle(STD_ERROR_HANDLE);
      host_err != nullptr && host_err != INVALID_HANDLE_VALUE) {
    DuplicateHandle(GetCurrentProcess(), host_err, GetCurrentProcess(), &err, 0, TRUE,
                    DUPLICATE_SAME_ACCESS);
  }

  STARTUPINFOW startup{};
  startup.cb = sizeof startup;
  startup.dwFlags = STARTF_USESTDHANDLES;
  startup.hStdInput = in_read;
  startup.hStdOutput = out_write;
  startup.hStdError = err;
  PROCESS_INFORMATION info{};
  std::wstring line = command_line(spec);
  const std::wstring exe = spec.executable.wstring();
  // Suspended until it is in its job, so nothing it starts can escape the job. Its own process
  // group: a Ctrl-C in the host's console is the host's to handle, not the workers'.
  BOOL created = FALSE;
  DWORD create_error = 0;
  for (int attempt = 0; attempt < 3 && !created; ++attempt) {
    if (attempt > 0) {
      // A transient failure (seen under load: ERROR_INTERNAL_ERROR from wine; low resources on
      // Windows) deserves another try; a missing or invalid program does not.
      if (create_error == ERROR_FILE_NOT_FOUND || create_error == ERROR_PATH_NOT_FOUND ||
          create_error == ERROR_ACCESS_DENIED || create_error == ERROR_BAD_EXE_FORMAT) {
        break;
      }
      log::debug("CreateProcessW failed (" + windows_error_text(create_error) + "); retrying");
      Sleep(50);
    }
    created =
        CreateProcessW(exe.c_str(), line.data(), nullptr, nullptr, TRUE,
                       CREATE_SUSPENDED | CREATE_NEW_PROCESS_GROUP | CREATE_UNICODE_ENVIRONMENT,
                       nullptr, nullptr, &startup, &info);
    create_error = created ? 0 : GetLastError();
  }
  close_handle(in_read);
  close_handle(out_write);
  close_handle(err);
  if (!created) {
    worker.end.error = "cannot start " + narrow(exe) + ": " + windows_error_text(create_error);
    close_handle(in_write);
    close_handle(out_read);
    return false;
  }
  worker.job = make_kill_on_close_job();
  if (worker.job == nullptr || !AssignProcessToJobObject(worker.job, info.hProcess)) {
    // Still usable: a timeout then kills the worker alone.
    log::debug("worker " + std::to_string(info.dwProcessId) +
               ": not in a job object: " + windows_error_text(GetLastError()));
  }
  ResumeThread(info.hThread);
  CloseHandle(info.hThread);
  worker.process = info.hProcess;
  worker.pid = info.dwProcessId;

  // stdout: read until EOF (every writer gone) into the inbox.
  worker.reader = std::thread([&worker, &inbox, out_read]() mutable {
    std::array<char, 16 * 1024> buffer{};
    for (;;) {
      DWORD got = 0;
      if (!ReadFile(out_read, buffer.data(), static_cast<DWORD>(buffer.size()), &got, nullptr) ||
          got == 0) {
        break;
      }
      std::lock_guard lock(inbox.mutex);
      worker.incoming.append(buffer.data(), got);
      inbox.changed.notify_all();
    }
    CloseHandle(out_read);
  });
  // stdin: the whole input, then EOF. A worker that died or closed stdin ends the write.
  worker.writer = std::thread([&worker, in_write]() mutable {
    const std::string &input = worker.spec->input;
    size_t written = 0;
    while (written < input.size()) {
      DWORD n = 0;
      const DWORD chunk = static_cast<DWORD>(std::min<size_t>(input.size() - written, 1 << 20));
      if (!WriteFile(in_write, input.data() + written, chunk, &n, nullptr) || n == 0) break;
      written += n;
    }
    CloseHandle(in_write);
  });
  return true;
}

// Moves what the reader collected to the caller's side. False when over the output limit.
bool take_output(Worker &worker, Inbox &inbox, size_t max_output) {
  std::string chunk;
  {
    std::lock_guard lock(inbox.mutex);
    chunk.swap(worker.incoming);
  }
  return worker.output.append(chunk, worker.spec->on_line, max_output);
}

// Ends everything the worker started, waits for its pipes' threads and takes the last output.
void reap(Worker &worker, Inbox &inbox, size_t max_output) {
  if (worker.job != nullptr) TerminateJobObject(worker.job, 1);
  WaitForSingleObject(worker.process, INFINITE);
  if (worker.reader.joinable()) worker.reader.join();
  if (worker.writer.joinable()) worker.writer.join();
  take_output(worker, inbox, max_output);
  close_handle(worker.job);
  close_handle(worker.process);
  worker.running = false;
  worker.end.elapsed =
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - worker.started);
}

// A process that died of an exception exits with the exception's code (0xC0000005, ...); abort()
// in a worker is turned into STATUS_FATAL_APP_EXIT by harden_worker_process().
bool is_crash_code(DWORD code) {
  return (code & 0xF0000000u) == 0xC0000000u || is_abort_signal(static_cast<int>(code));
}

void finish(Worker &worker, Inbox &inbox, size_t max_output) {
  DWORD code = 0;
  GetExitCodeProcess(worker.process, &code);
  reap(worker, inbox, max_output);
  if (is_crash_code(code)) {
    worker.end.how = WorkerEnd::How::signaled;
    worker.end.signal = static_cast<int>(code);
  } else {
    worker.end.how = WorkerEnd::How::exited;
    worker.end.exit_code = static_cast<int>(code);
  }
}

void kill_now(Worker &worker, Inbox &inbox, WorkerEnd::How how, size_t max_output) {
  if (worker.job == nullptr) TerminateProcess(worker.process, 1);
  reap(worker, inbox, max_output);
  worker.end.how = how;
}

}  // namespace

std::string signal_name(int signal) {
  const auto code = static_cast<DWORD>(signal);
  const char *name = nullptr;
  switch (code) {
    case 0xC0000005:
      name = "EXCEPTION_ACCESS_VIOLATION";
      break;
    case 0xC000001D:
      name = "EXCEPTION_ILLEGAL_INSTRUCTION";
      break;
    case 0xC0000094:
      name = "EXCEPTION_INT_DIVIDE_BY_ZERO";
      break;
    case 0xC00000FD:
      name = "EXCEPTION_STACK_OVERFLOW";
      break;
    case 0xC0000006:
      name = "EXCEPTION_IN_PAGE_ERROR";
      break;
    case 0xC0000096:
      name = "EXCEPTION_PRIV_INSTRUCTION";
      break;
    case 0xC000008C:
      name = "EXCEPTION_ARRAY_BOUNDS_EXCEEDED";
      break;
    case 0xC0000409:
      name = "STATUS_STACK_BUFFER_OVERRUN";
      break;  // also __fastfail / abort
    case 0xC0000135:
      name = "STATUS_DLL_NOT_FOUND";
      break;
    case 0xC0000142:
      name = "STATUS_DLL_INIT_FAILED";
      break;
    case 0x40000015:
      name = "STATUS_FATAL_APP_EXIT";
      break;  // abort()
    case 0x80000003:
      name = "EXCEPTION_BREAKPOINT";
      break;
    default:
      break;
  }
  static const char kHex[] = "0123456789ABCDEF";
  std::string hex = "0x";
  for (int shift = 28; shift >= 0; shift -= 4) hex += kHex[(code >> shift) & 0xf];
  return name != nullptr ? std::string(name) + " (" + hex + ")" : "exception " + hex;
}

bool is_abort_signal(int signal) {
  const auto code = static_cast<DWORD>(signal);
  return code == 0x40000015 || code == 0xC0000409;
}

std::vector<WorkerEnd> run_workers(const std::vector<WorkerSpec> &specs,
                                   const WorkerRunOptions &options) {
  // unique_ptr: the pipe threads hold references to their worker.
  std::vector<std::unique_ptr<Worker>> workers;
  for (const auto &spec : specs) {
    workers.push_back(std::make_unique<Worker>());
    workers.back()->spec = &spec;
  }
  Inbox inbox;
  // All in parallel, but not hundreds at once: a directory full of files must not make healthy
  // workers miss their deadline for want of CPU. Each deadline starts when its worker starts.
  const size_t max_running = options.max_parallel > 0 ? options.max_parallel : specs.size();
  size_t next = 0;
  size_t running = 0;
  auto start_more = [&] {
    for (; next < workers.size() && running < max_running; ++next) {
      Worker &worker = *workers[next];
      worker.started = Clock::now();
      worker.deadline = worker.started + options.timeout;
      if (spawn(worker, inbox)) {
        worker.running = true;
        ++running;
        log::debug("worker " + std::to_string(worker.pid) + ": " +
                   narrow(worker.spec->executable.wstring()));
      } else {
        worker.end.how = WorkerEnd::How::spawn_failed;
      }
    }
  };
  start_more();

  for (;;) {
    bool any_running = false;
    auto wait = std::chrono::milliseconds(10);  // process exits are polled, output is pushed
    const auto now = Clock::now();
    for (auto &worker : workers) {
      if (!worker->running) continue;
      any_running = true;
      wait = std::min(wait, std::chrono::ceil<std::chrono::milliseconds>(
                                std::max(worker->deadline - now, Clock::duration::zero())));
    }
    if (!any_running && next >= workers.size()) break;
    {
      std::unique_lock lock(inbox.mutex);
      inbox.changed.wait_for(lock, wait, [&] {
        return std::any_of(workers.begin(), workers.end(),
                           [](const auto &w) { return w->running && !w->incoming.empty(); });
      });
    }
    for (auto &worker_ptr : workers) {
      Worker &worker = *worker_ptr;
      if (!worker.running) continue;
      if (!take_output(worker, inbox, options.max_output)) {
        kill_now(worker, inbox, WorkerEnd::How::flooded, options.max_output);
      } else if (WaitForSingleObject(worker.process, 0) == WAIT_OBJECT_0) {
        finish(worker, inbox, options.max_output);
      } else if (Clock::now() >= worker.deadline) {
        kill_now(worker, inbox, WorkerEnd::How::timed_out, options.max_output);
      }
      if (!worker.running) --running;
    }
    start_more();
  }

  std::vector<WorkerEnd> ends;
  ends.reserve(workers.size());
  for (auto &worker : workers) ends.push_back(std::move(worker->end));
  return ends;
}

}  // namespace pfhost::core::os
