#include "app/ctl_command.hpp"

#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "app/command_summaries.hpp"
#include "app/text_table.hpp"
#include "config/host_config.hpp"
#include "os/user_dirs.hpp"
#include "serve/api_tls.hpp"
#include "serve/api_token.hpp"
#include "serve/http_client.hpp"

namespace pfhost::core::app {
namespace {

std::string text_of(const nlohmann::json &value) {
  if (value.is_null()) return "-";
  if (value.is_string()) return value.get<std::string>();
  return value.dump();
}

void print_displays(const nlohmann::json &body) {
  TextTable table({"SLOT", "BACKEND", "MODE", "STATE", "EXPIRES IN", "SESSIONS", "CLIENT"});
  for (const auto &d : body.at("displays")) {
    std::string expires = "-";
    if (d.at("expires_in_ms").is_number()) {
      expires = std::to_string(d.at("expires_in_ms").get<uint64_t>() / 1000) + " s";
    }
    table.add({text_of(d.at("slot")), text_of(d.at("backend")), text_of(d.at("mode")),
               text_of(d.at("state")), expires, text_of(d.at("sessions")),
               text_of(d.at("client"))});
  }
  if (table.empty()) {
    std::cout << "no displays\n";
  } else {
    table.print(std::cout, 0);
  }
}

void print_sessions(const nlohmann::json &body) {
  TextTable table({"ID", "CLIENT", "TRANSPORT", "PEER", "SLOT", "MODE", "CODEC", "FPS", "STARTED"});
  for (const auto &s : body.at("sessions")) {
    table.add({text_of(s.at("id")), text_of(s.at("client")), text_of(s.at("transport")),
               text_of(s.at("peer")), text_of(s.at("slot")), text_of(s.at("mode")),
               text_of(s.at("codec")), std::to_string(static_cast<int>(s.at("fps").get<double>())),
               text_of(s.at("started"))});
  }
  if (table.empty()) {
    std::cout << "no sessions\n";
  } else {
    table.print(std::cout, 0);
  }
}

// The certificate the host must present: named on the command line, else what the host's config
// makes it use; nullopt: the host speaks plain HTTP (loopback without tls_cert).
std::optional<serve::TlsPin> tls_pin(const CtlOptions &options, const ServeConfig &settings,
                                     const serve::ListenAddress &address) {
  if (options.tls_fingerprint) {
    const std::string fingerprint = serve::normalized_fingerprint(*options.tls_fingerprint);
    if (fingerprint.empty()) {
      throw std::invalid_argument("--tls-fingerprint '" + *options.tls_fingerprint +
                                  "' is not a SHA-256 fingerprint (64 hex digits, colons allowed)");
    }
    return serve::TlsPin{fingerprint, "the fingerprint given with --tls-fingerprint"};
  }
  std::optional<std::filesystem::path> file = options.tls_cert;
  if (!file) file = serve::api_certificate_file(settings, address, os::state_dir());
  if (!file) return std::nullopt;
  std::ifstream in(*file, std::ios::binary);
  if (!in) {
    throw std::runtime_error("cannot read the host's TLS certificate " + file->string() +
                             " (pass --tls-cert FILE or --tls-fingerprint SHA256)");
  }
  std::ostringstream pem;
  pem << in.rdbuf();
  try {
    return serve::TlsPin{serve::certificate_fingerprint(pem.str()),
                         "the certificate " + file->string()};
  } catch (const std::runtime_error &) {
    throw std::runtime_error("the host's TLS certificate " + file->string() +
                             " is not a PEM certificate");
  }
}

}  // namespace

CLI::App *add_ctl_command(CLI::App &app, CtlOptions &options) {
  CLI::App *cmd = app.add_subcommand("ctl", kCtlSummary);
  cmd->add_option("--config", options.config,
                  "the host's host.toml (default: the one `pfhost serve` finds): where its API "
                  "listens, its token file and TLS certificate");
  cmd->add_option("--api", options.api,
                  "ADDR:PORT of the host's API (default [serve] api_listen, 127.0.0.1:9780)");
  cmd->add_option("--api-token-file", options.token_file,
                  "the host's token file (default [serve] token_file, "
                  "$XDG_STATE_HOME/pfhost/api-token)");
  cmd->add_option("--tls-cert", options.tls_cert,
                  "https: the certificate (PEM) the host must present (default: its configured "
                  "tls_cert, or the one it generated for a listen beyond loopback)");
  cmd->add_option("--tls-fingerprint", options.tls_fingerprint,
                  "https: the SHA-256 fingerprint the host's certificate must have (as `pfhost "
                  "serve` prints it)");
  cmd->add_flag("--json", options.json, "print the API's JSON answer");
  cmd->add_option("action", options.action, "displays | release | sessions | kick")
      ->required()
      ->check(CLI::IsMember({"displays", "release", "sessions", "kick"}));
  cmd->add_option("id", options.target,
                  "release: a display slot (none: every kept display); "
                  "kick: a session id");
  return cmd;
}

int run_ctl(const CtlOptions &options) {
  if (options.action == "kick" && !options.target) {
    std::cerr << "pfhost ctl kick: which session? (pfhost ctl sessions lists their ids)\n";
    return 2;
  }
  const ServeConfig settings = resolve_host_config(options.config).serve;
  const serve::ListenAddress address =
      options.api ? serve::parse_listen_address(*options.api, "--api")
                  : serve::parse_listen_address(settings.api_listen, "serve.api_listen");
  const std::optional<serve::TlsPin> tls = tls_pin(options, settings, address);
  // A host listening on every address (0.0.0.0, ::) is reached here through loopback, a name
  // its Host check always allows.
  serve::ListenAddress target_address = address;
  if (target_address.host == "0.0.0.0") target_address.host = "127.0.0.1";
  if (target_address.host == "::") target_address.host = "::1";
  std::string method = "GET", target = "/api/v1/" + options.action;
  if (options.action == "release") {
    method = "POST";
    target = options.target ? "/api/v1/displays/" + std::to_string(*options.target) + "/release"
                            : "/api/v1/displays/release";
  } else if (options.action == "kick") {
    method = "DELETE";
    target = "/api/v1/sessions/" + std::to_string(*options.target);
  }

  serve::HttpResult result;
  try {
    std::filesystem::path token_file =
        options.token_file.empty() ? settings.token_file : options.token_file;
    if (token_file.empty()) token_file = serve::default_token_file();
    result =
        serve::http_request(target_address, method, target, serve::read_token(token_file), {}, tls);
  } catch (const serve::HostNotRunning &e) {
    std::cerr << "pfhost ctl: " << e.what() << '\n';
    return kCtlHostNotRunning;
  }
  const nlohmann::json body = nlohmann::json::parse(result.body, nullptr, false);
  if (body.is_discarded()) {
    std::cerr << "pfhost ctl: " << address.text() << " answered " << result.status
              << " with something that is not the API's JSON\n";
    return 1;
  }
  if (options.json) std::cout << body.dump(2) << '\n';
  if (result.status >= 400) {
    if (!options.json) {
      std::cerr << "pfhost ctl: refused (" << result.status << "): "
                << body.value("/error/message"_json_pointer, std::string("no reason given"))
                << '\n';
    }
    return kCtlRefused;
  }
  if (options.json) return 0;
  if (options.action == "displays") {
    print_displays(body);
  } else if (options.action == "sessions") {
    print_sessions(body);
  } else if (options.action == "release") {
    std::cout << "released: " << body.at("released").dump() << '\n';
    if (body.contains("refused") && !body.at("refused").empty()) {
      std::cout << "still in use (not released): " << body.at("refused").dump() << '\n';
    }
  } else {
    std::cout << "session " << *options.target << " stopped\n";
  }
  return 0;
}

}  // namespace pfhost::core::app
