#include "listing_fixture.hpp"

namespace pfhost::test {

using nlohmann::json;

void ListingFixture::write_config(int timeout_ms, const std::string &host_extra,
                                  const std::string &tables) {
  write_file(config, "[host]\nplugin_dirs = []\ncache_dir = \"" + (tmp / "cache").generic_string() +
                         "\"\nprobe_timeout_ms = " + std::to_string(timeout_ms) + "\n" +
                         host_extra + "\n" + tables + "\n[plugins.crash-probe]\nmarker_file = \"" +
                         marker.generic_string() + "\"\n[plugins.hang-probe]\nmarker_file = \"" +
                         marker.generic_string() + "\"\n");
}

RunResult ListingFixture::list_raw(std::vector<std::string> extra,
                                   const std::map<std::string, std::string> &env) {
  std::vector<std::string> args{"--list-backends", "--json",       "--config",
                                config.string(),   "--plugin-dir", plugins.string()};
  args.insert(args.end(), extra.begin(), extra.end());
  return run_pfhost(args, env);
}

json ListingFixture::list(std::vector<std::string> extra,
                          const std::map<std::string, std::string> &env) {
  RunResult r = list_raw(std::move(extra), env);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  try {
    return json::parse(r.out);
  } catch (const std::exception &e) {
    ADD_FAILURE() << "stdout is not JSON: " << e.what() << "\n" << r.out << "\n" << r.err;
    return json::object();
  }
}

const json &row(const json &doc, const std::string &name) {
  const std::string file = fake_plugin(name).filename().string();
  for (const auto &p : doc.at("plugins")) {
    if (std::filesystem::path(p.at("path").get<std::string>()).filename() == file) return p;
  }
  static const json missing = json::object();
  ADD_FAILURE() << "no row for " << file << " in " << doc.dump(2);
  return missing;
}

std::string reason_of(const json &j) {
  return j.value("reason", std::string());
}

}  // namespace pfhost::test
