#include "serve/tls_material.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

#include <cctype>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>

#include "serve/private_file.hpp"

namespace pfhost::core::serve {
namespace {

template <auto Free>
struct Deleter {
  template <class T>
  void operator()(T *p) const {
    Free(p);
  }
};
using Bio = std::unique_ptr<BIO, Deleter<BIO_free>>;
using Key = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using Cert = std::unique_ptr<X509, Deleter<X509_free>>;

constexpr long kValiditySeconds = 10L * 365 * 24 * 3600;

std::string read_file(const std::filesystem::path &file, std::string_view what) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    throw std::runtime_error("cannot read the TLS " + std::string(what) + " " + file.string() +
                             ": no such file, or not readable");
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Cert parse_certificate(const std::string &pem) {
  Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  return Cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
}

Key parse_key(const std::string &pem) {
  Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  return Key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
}

std::string fingerprint_of(X509 *cert) {
  unsigned char *der = nullptr;
  const int length = i2d_X509(cert, &der);
  if (length <= 0) throw std::runtime_error("cannot encode the certificate (OpenSSL)");
  const std::string fingerprint =
      der_fingerprint(std::string_view(reinterpret_cast<const char *>(der), length));
  OPENSSL_free(der);
  return fingerprint;
}

// Both PEM texts parse and belong together; fills in the fingerprint.
TlsMaterial checked(std::string cert_pem, std::string key_pem, const std::filesystem::path &cert,
                    const std::filesystem::path &key) {
  const Cert certificate = parse_certificate(cert_pem);
  if (!certificate) {
    throw std::runtime_error("the TLS certificate " + cert.string() +
                             " is not a PEM certificate (-----BEGIN CERTIFICATE-----)");
  }
  const Key private_key = parse_key(key_pem);
  if (!private_key) {
    throw std::runtime_error(
        "the TLS key " + key.string() +
        " is not an unencrypted PEM private key (-----BEGIN PRIVATE KEY-----)");
  }
  if (X509_check_private_key(certificate.get(), private_key.get()) != 1) {
    throw std::runtime_error("the TLS key " + key.string() +
                             " does not belong to the certificate " + cert.string());
  }
  TlsMaterial material;
  material.fingerprint = fingerprint_of(certificate.get());
  material.certificate_pem = std::move(cert_pem);
  material.private_key_pem = std::move(key_pem);
  material.certificate_file = cert;
  return material;
}

std::string pem_of(const X509 *cert) {
  Bio bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509(bio.get(), cert);
  char *data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(size));
}

std::string pem_of(EVP_PKEY *key) {
  Bio bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
  char *data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(size));
}

// "DNS:localhost,IP:127.0.0.1,IP:::1,DNS:studio.lan,IP:192.168.1.20"
std::string subject_alt_names(const std::vector<std::string> &names) {
  std::string list = "DNS:localhost,IP:127.0.0.1,IP:::1";
  for (const std::string &name : names) {
    const bool address =
        name.find_first_not_of("0123456789.:abcdefABCDEF") == std::string::npos &&
        (name.find('.') != std::string::npos || name.find(':') != std::string::npos);
    list += (address ? ",IP:" : ",DNS:") + name;
  }
  return list;
}

void add_extension(X509 *cert, int nid, const std::string &value) {
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, cert, cert, nullptr, nullptr, 0);
  X509_EXTENSION *extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value.c_str());
  if (extension == nullptr) {
    throw std::runtime_error("cannot make the certificate extension '" + value + "'");
  }
  X509_add_ext(cert, extension, -1);
  X509_EXTENSION_free(extension);
}

// A self-signed certificate for this host's names with a fresh P-256 key.
std::pair<std::string, std::string> generate(const std::vector<std::string> &names) {
  Key key(EVP_EC_gen("P-256"));
  Cert cert(X509_new());
  if (!key || !cert) throw std::runtime_error("cannot generate a TLS key (OpenSSL)");
  X509_set_version(cert.get(), 2);
  // A random serial: a browser that saw an earlier pair of this name must not confuse the two.
  unsigned char serial[16];
  std::ifstream("/dev/urandom", std::ios::binary).read(reinterpret_cast<char *>(serial), 16);
  serial[0] &= 0x7f;
  BIGNUM *number = BN_bin2bn(serial, sizeof serial, nullptr);
  BN_to_ASN1_INTEGER(number, X509_get_serialNumber(cert.get()));
  BN_free(number);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), kValiditySeconds);
  X509_set_pubkey(cert.get(), key.get());
  X509_NAME *subject = X509_get_subject_name(cert.get());
  const std::string common_name = names.empty() ? "localhost" : names.front();
  X509_NAME_add_entry_by_txt(subject, "O", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char *>("pfhost serve"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char *>(common_name.c_str()), -1, -1,
                             0);
  X509_set_issuer_name(cert.get(), subject);
  add_extension(cert.get(), NID_subject_alt_name, subject_alt_names(names));
  add_extension(cert.get(), NID_basic_constraints, "critical,CA:FALSE");
  add_extension(cert.get(), NID_ext_key_usage, "serverAuth");
  if (X509_sign(cert.get(), key.get(), EVP_sha256()) == 0) {
    throw std::runtime_error("cannot sign the TLS certificate (OpenSSL)");
  }
  return {pem_of(cert.get()), pem_of(key.get())};
}

std::filesystem::path generated_key_file(const std::filesystem::path &directory) {
  return directory / "tls-key.pem";
}

}  // namespace

TlsMaterial load_tls_material(const std::filesystem::path &certificate_file,
                              const std::filesystem::path &key_file) {
  return checked(read_file(certificate_file, "certificate"), read_file(key_file, "key"),
                 certificate_file, key_file);
}

std::filesystem::path generated_certificate_file(const std::filesystem::path &directory) {
  return directory / "tls-cert.pem";
}

TlsMaterial load_or_generate_tls_material(const std::filesystem::path &directory,
                                          const std::vector<std::string> &names) {
  const std::filesystem::path cert = generated_certificate_file(directory);
  const std::filesystem::path key = generated_key_file(directory);
  if (!std::filesystem::exists(key)) {
    auto [cert_pem, key_pem] = generate(names);
    // The key first and exclusively: of two hosts starting at once, one pair wins, whole.
    if (create_private_file(key, key_pem, "the TLS key")) {
      std::filesystem::remove(cert);
      if (!create_private_file(cert, cert_pem, "the TLS certificate")) {
        throw std::runtime_error("cannot replace the TLS certificate " + cert.string());
      }
      ::chmod(cert.c_str(), 0644);  // public: a user copies it to pin it elsewhere
      TlsMaterial material = checked(std::move(cert_pem), std::move(key_pem), cert, key);
      material.generated = true;
      return material;
    }
  }
  require_private(key, "the TLS key");
  TlsMaterial material = load_tls_material(cert, key);
  material.generated = true;
  return material;
}

std::string der_fingerprint(std::string_view der) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned length = 0;
  EVP_Digest(der.data(), der.size(), digest, &length, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string text;
  for (unsigned i = 0; i < length; ++i) {
    if (i > 0) text += ':';
    text += kHex[digest[i] >> 4];
    text += kHex[digest[i] & 0xf];
  }
  return text;
}

std::string normalized_fingerprint(std::string_view text) {
  std::string hex;
  for (const char c : text) {
    if (c == ':' || c == ' ') continue;
    if (!std::isxdigit(static_cast<unsigned char>(c))) return {};
    hex += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  if (hex.size() != 64) return {};
  std::string colons;
  for (size_t i = 0; i < hex.size(); i += 2) {
    if (i > 0) colons += ':';
    colons += hex.substr(i, 2);
  }
  return colons;
}

std::string certificate_fingerprint(const std::string &pem) {
  const Cert certificate = parse_certificate(pem);
  if (!certificate) throw std::runtime_error("not a PEM certificate");
  return fingerprint_of(certificate.get());
}

}  // namespace pfhost::core::serve
