// The API listener's TLS certificate and private key: read from the files [serve] names, or a
// self-signed pair generated once into the state directory (key 0600) and reused on every later
// start, so a browser or `pfhost ctl` that trusted it once keeps trusting it. Its SHA-256
// fingerprint is what a user compares to pin it. OpenSSL is used here and in the two HTTP files
// only.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace pfhost::core::serve {

struct TlsMaterial {
  std::string certificate_pem;
  std::string private_key_pem;
  // "AB:CD:..." (32 bytes, upper-case hex), as `openssl x509 -fingerprint -sha256` prints it.
  std::string fingerprint;
  std::filesystem::path certificate_file;
  bool generated = false;  // made by this host (self-signed), not given in the config
};

// Reads a configured pair. Throws std::runtime_error naming the file that is missing, unreadable
// or not PEM, or saying that the key does not belong to the certificate.
TlsMaterial load_tls_material(const std::filesystem::path &certificate_file,
                              const std::filesystem::path &key_file);

// $XDG_STATE_HOME/pfhost/tls-cert.pem and tls-key.pem: reused when both exist, else generated
// (an EC P-256 key, 0600; a certificate for localhost, 127.0.0.1, ::1 and `names`, valid ten
// years). Throws std::runtime_error naming the file, also for a key readable by others.
TlsMaterial load_or_generate_tls_material(const std::filesystem::path &directory,
                                          const std::vector<std::string> &names);

// Where load_or_generate_tls_material keeps its pair.
std::filesystem::path generated_certificate_file(const std::filesystem::path &directory);

// The SHA-256 fingerprint of the first certificate in `pem`; throws std::runtime_error.
std::string certificate_fingerprint(const std::string &pem);
// The same of a DER-encoded certificate (what a TLS peer presents).
std::string der_fingerprint(std::string_view der);
// "ab:cd:.." / "ABCD.." (64 hex digits, colons and spaces ignored) as "AB:CD:..."; "" when it is
// not a SHA-256 fingerprint.
std::string normalized_fingerprint(std::string_view text);

}  // namespace pfhost::core::serve
