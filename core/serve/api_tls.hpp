// Which TLS the management API uses, decided the same way by `pfhost serve` (to listen) and
// `pfhost ctl` (to know what certificate to expect): the [serve] pair when one is configured;
// else, for a listen beyond loopback, the pair generated into the state directory (an API that
// other machines reach is never plain HTTP: its token would cross the network in the clear);
// else plain HTTP on loopback.
#pragma once

#include <filesystem>
#include <optional>

#include "config/host_config.hpp"
#include "serve/listen_address.hpp"
#include "serve/tls_material.hpp"

namespace pfhost::core::serve {

// For the host: the material to listen with, nullopt for plain HTTP. Generates the state
// directory's pair on first use. Throws std::runtime_error naming a file that cannot be used.
std::optional<TlsMaterial> api_tls_material(const ServeConfig &settings,
                                            const ListenAddress &address,
                                            const std::filesystem::path &state_directory);

// For a client: the certificate file the host at `address` presents, nullopt for plain HTTP.
std::optional<std::filesystem::path> api_certificate_file(
    const ServeConfig &settings, const ListenAddress &address,
    const std::filesystem::path &state_directory);

}  // namespace pfhost::core::serve
