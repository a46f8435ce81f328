// The API token file: created 0600 with a fresh random token, read back unchanged, refused when
// others can read it.
#include "serve/api_token.hpp"

#include <pfhost/test/temp_dir.hpp>

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

namespace pfhost::core::serve {
namespace {

TEST(ApiToken, CreatedPrivateRandomAndStable) {
  pfhost::test::TempDir dir;
  const auto file = dir.path() / "state" / "pfhost" / "api-token";
  const std::string token = load_or_create_token(file);
  EXPECT_EQ(token.size(), 64u);
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat(file.parent_path().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  EXPECT_EQ(load_or_create_token(file), token);
  EXPECT_EQ(read_token(file), token);
  const auto other = dir.path() / "other-token";
  EXPECT_NE(load_or_create_token(other), token);
}

TEST(ApiToken, AFileOthersCanReadIsRefused) {
  pfhost::test::TempDir dir;
  const auto file = dir.path() / "api-token";
  std::ofstream(file) << "secret\n";
  ::chmod(file.c_str(), 0644);
  try {
    load_or_create_token(file);
    FAIL() << "a world-readable token file was used";
  } catch (const std::runtime_error &e) {
    EXPECT_NE(std::string(e.what()).find("chmod 600"), std::string::npos) << e.what();
  }
}

TEST(ApiToken, AMissingFileIsNamed) {
  try {
    read_token("/nonexistent/api-token");
    FAIL();
  } catch (const std::runtime_error &e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/api-token"), std::string::npos);
  }
}

}  // namespace
}  // namespace pfhost::core::serve
