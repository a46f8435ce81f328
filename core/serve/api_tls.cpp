#include "serve/api_tls.hpp"

namespace pfhost::core::serve {
namespace {

// The names a generated certificate is made for besides the loopback ones: the allowed hosts
// (what browsers on other machines call this one) and a specific listen address.
std::vector<std::string> certificate_names(const ServeConfig &settings,
                                           const ListenAddress &address) {
  std::vector<std::string> names = settings.allowed_hosts;
  if (address.host != "0.0.0.0" && address.host != "::" && !address.loopback()) {
    names.push_back(address.host);
  }
  return names;
}

}  // namespace

std::optional<TlsMaterial> api_tls_material(const ServeConfig &settings,
                                            const ListenAddress &address,
                                            const std::filesystem::path &state_directory) {
  if (!settings.tls_cert.empty()) return load_tls_material(settings.tls_cert, settings.tls_key);
  if (address.loopback()) return std::nullopt;
  return load_or_generate_tls_material(state_directory, certificate_names(settings, address));
}

std::optional<std::filesystem::path> api_certificate_file(
    const ServeConfig &settings, const ListenAddress &address,
    const std::filesystem::path &state_directory) {
  if (!settings.tls_cert.empty()) return std::filesystem::path(settings.tls_cert);
  if (address.loopback()) return std::nullopt;
  return generated_certificate_file(state_directory);
}

}  // namespace pfhost::core::serve
