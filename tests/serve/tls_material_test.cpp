// The API's TLS material: a generated pair is private, names the allowed hosts, and is the same
// pair on the next start; a key others can read, a file that is not PEM and a key of another
// certificate are refused naming the file; fingerprints parse in the forms users paste.
#include "serve/tls_material.hpp"

#include <pfhost/test/temp_dir.hpp>

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

namespace pfhost::core::serve {
namespace {

std::string error_of(const std::function<void()> &action) {
  try {
    action();
  } catch (const std::exception &e) {
    return e.what();
  }
  return "(no error)";
}

TEST(TlsMaterial, GeneratedOncePrivateAndReused) {
  pfhost::test::TempDir dir;
  const auto state = dir.path() / "state";
  const TlsMaterial first = load_or_generate_tls_material(state, {"studio.lan", "192.168.1.20"});
  EXPECT_TRUE(first.generated);
  EXPECT_EQ(first.fingerprint.size(), 95u);  // 32 bytes as "AB:" ... "CD"
  EXPECT_EQ(first.fingerprint, certificate_fingerprint(first.certificate_pem));
  struct stat st {};
  ASSERT_EQ(::stat((state / "tls-key.pem").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  const TlsMaterial again = load_or_generate_tls_material(state, {});
  EXPECT_EQ(again.fingerprint, first.fingerprint);
  EXPECT_EQ(again.private_key_pem, first.private_key_pem);

  ::chmod((state / "tls-key.pem").c_str(), 0644);
  EXPECT_NE(
      error_of([&] {
        load_or_generate_tls_material(state, {});
      }).find("the TLS key " + (state / "tls-key.pem").string() + " can be read by other users"),
      std::string::npos);
}

TEST(TlsMaterial, BadFilesAreNamed) {
  pfhost::test::TempDir dir;
  const TlsMaterial a = load_or_generate_tls_material(dir.path() / "a", {});
  const TlsMaterial b = load_or_generate_tls_material(dir.path() / "b", {});
  EXPECT_NE(a.fingerprint, b.fingerprint);
  const auto a_cert = dir.path() / "a" / "tls-cert.pem";
  const auto b_key = dir.path() / "b" / "tls-key.pem";
  const auto missing = dir.path() / "missing.pem";
  EXPECT_NE(error_of([&] {
              load_tls_material(missing, b_key);
            }).find("cannot read the TLS certificate " + missing.string()),
            std::string::npos);
  EXPECT_NE(error_of([&] { load_tls_material(a_cert, b_key); })
                .find("the TLS key " + b_key.string() + " does not belong to the certificate " +
                      a_cert.string()),
            std::string::npos);
  const auto junk = dir.path() / "junk.pem";
  std::ofstream(junk) << "not PEM\n";
  EXPECT_NE(error_of([&] {
              load_tls_material(junk, b_key);
            }).find("the TLS certificate " + junk.string() + " is not a PEM certificate"),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              load_tls_material(a_cert, junk);
            }).find("the TLS key " + junk.string() + " is not an unencrypted PEM private key"),
            std::string::npos);
  EXPECT_EQ(load_tls_material(a_cert, dir.path() / "a" / "tls-key.pem").fingerprint, a.fingerprint);
}

TEST(TlsMaterial, FingerprintsNormalize) {
  const std::string hex(64, 'a');
  std::string colons;
  for (size_t i = 0; i < 64; i += 2) colons += (i ? ":" : "") + std::string("AA");
  EXPECT_EQ(normalized_fingerprint(hex), colons);
  EXPECT_EQ(normalized_fingerprint(colons), colons);
  EXPECT_EQ(normalized_fingerprint("aa:bb"), "");
  EXPECT_EQ(normalized_fingerprint(std::string(64, 'g')), "");
}

}  // namespace
}  // namespace pfhost::core::serve
