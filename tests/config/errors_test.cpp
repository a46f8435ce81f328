// Syntax errors, unknown tables and keys, and values of the wrong type: each message names the
// file, line, column and dotted key of the offending node.
#include "error_cases.hpp"
#include "test_support.hpp"

namespace pfhost::test {
namespace {

class ConfigErrorMessage : public testing::TestWithParam<ErrorCase> {};

TEST_P(ConfigErrorMessage, NamesFileLineColumnAndKey) {
  EXPECT_EQ(config_error(GetParam().text), GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Syntax, ConfigErrorMessage,
    testing::Values(
        ErrorCase{"UnclosedTableHeader", "[host\n",
                  "/cfg/host.toml:1:6: invalid TOML: Error while parsing table header: expected "
                  "']', saw '\\n'"},
        ErrorCase{"DuplicateKey", "[display]\nmax_displays = 2\nmax_displays = 3\n",
                  "/cfg/host.toml:3:16: invalid TOML: Error while parsing key-value pair: cannot "
                  "redefine existing integer 'max_displays'"}),
    CaseName());

INSTANTIATE_TEST_SUITE_P(
    UnknownKeys, ConfigErrorMessage,
    testing::Values(
        ErrorCase{"TopLevelTableTypo", "\n[displays]\n",
                  "/cfg/host.toml:2:2: key 'displays': unknown table (did you mean 'display'? " +
                      kTablesHint + ")"},
        ErrorCase{"TopLevelTableUnrelated", "[network]\nport = 1\n",
                  "/cfg/host.toml:1:2: key 'network': unknown table (" + kTablesHint + ")"},
        ErrorCase{"TopLevelKeyOfATable", "keep_alive = \"10s\"\n",
                  "/cfg/host.toml:1:1: key 'keep_alive': unknown key (did you mean 'keep_alive' "
                  "in [display]? " +
                      kTablesHint + ")"},
        ErrorCase{"HostKey", "[host]\nplugin_dir = []\n",
                  "/cfg/host.toml:2:1: key 'host.plugin_dir': unknown key (did you mean "
                  "'plugin_dirs'? " +
                      kHostKeysHint + ")"},
        ErrorCase{"HostKeyNoSuggestion", "[host]\n  verbose = true\n",
                  "/cfg/host.toml:2:3: key 'host.verbose': unknown key (" + kHostKeysHint + ")"},
        ErrorCase{"BackendsKey", "[backends]\nencoder = \"auto\"\n",
                  "/cfg/host.toml:2:1: key 'backends.encoder': unknown key (did you mean "
                  "'encode'? accepted: display, capture, encode)"},
        ErrorCase{"DisplayKey", "[display]\nkeepalive = \"10s\"\n",
                  "/cfg/host.toml:2:1: key 'display.keepalive': unknown key (did you mean "
                  "'keep_alive'? accepted: keep_alive, max_displays, sharing)"},
        ErrorCase{"DottedKeyInDisplay", "display.shareing = \"join\"\n",
                  "/cfg/host.toml:1:9: key 'display.shareing': unknown key (did you mean "
                  "'sharing'? accepted: keep_alive, max_displays, sharing)"}),
    CaseName());

INSTANTIATE_TEST_SUITE_P(
    WrongTypes, ConfigErrorMessage,
    testing::Values(
        ErrorCase{"HostIsNotATable", "host = 1\n",
                  "/cfg/host.toml:1:8: key 'host': expected a table, got an integer (accepted: a "
                  "[host] table)"},
        ErrorCase{"DisplayBackendAtTopLevel", "display = \"kwin\"\n",
                  "/cfg/host.toml:1:11: key 'display': expected a table, got a string (accepted: "
                  "a [display] table; the display backend is chosen in [backends])"},
        ErrorCase{"PluginsIsNotATable", "plugins = [1]\n",
                  "/cfg/host.toml:1:11: key 'plugins': expected a table, got an array (accepted: "
                  "a [plugins] table of [plugins.<name>] tables)"},
        ErrorCase{"PluginDirsString", "[host]\nplugin_dirs = \"/opt/p\"\n",
                  "/cfg/host.toml:2:15: key 'host.plugin_dirs': expected an array of strings, got "
                  "a string (" +
                      kPathArrayHint + ")"},
        ErrorCase{"PluginDirsElement", "[host]\nplugin_dirs = [\"/opt/p\", 7]\n",
                  "/cfg/host.toml:2:26: key 'host.plugin_dirs[1]': expected a string, got an "
                  "integer (" +
                      kPathHint + ")"},
        ErrorCase{"PluginFilesTable", "[host]\nplugin_files = {}\n",
                  "/cfg/host.toml:2:16: key 'host.plugin_files': expected an array of strings, "
                  "got a table (" +
                      kPathArrayHint + ")"},
        ErrorCase{"ProbeTimeoutString", "[host]\nprobe_timeout_ms = \"2000\"\n",
                  "/cfg/host.toml:2:20: key 'host.probe_timeout_ms': expected an integer, got a "
                  "string (accepted: an integer from 50 to 60000)"},
        ErrorCase{"ProbeTimeoutFloat", "[host]\nprobe_timeout_ms = 2000.0\n",
                  "/cfg/host.toml:2:20: key 'host.probe_timeout_ms': expected an integer, got a "
                  "float (accepted: an integer from 50 to 60000)"},
        ErrorCase{"CacheDirBoolean", "[host]\ncache_dir = false\n",
                  "/cfg/host.toml:2:13: key 'host.cache_dir': expected a string, got a boolean "
                  "(accepted: \"\" for the default, an absolute path or a path relative to this "
                  "file's directory)"},
        ErrorCase{"LogLevelInteger", "[host]\nlog_level = 2\n",
                  "/cfg/host.toml:2:13: key 'host.log_level': expected a string, got an integer "
                  "(accepted: trace, debug, info, warn, error, off)"},
        ErrorCase{"DisplayBackendInteger", "[backends]\ndisplay = 1\n",
                  "/cfg/host.toml:2:11: key 'backends.display': expected \"auto\" or an array, "
                  "got an integer (" +
                      backend_hint("name") + ")"},
        ErrorCase{"CaptureBackendTable", "[backends]\ncapture = { name = \"pipewire\" }\n",
                  "/cfg/host.toml:2:11: key 'backends.capture': expected \"auto\" or an array, "
                  "got a table (" +
                      backend_hint("name") + ")"},
        ErrorCase{"EncodeBackendElement", "[backends]\nencode = [\"nvenc\", true]\n",
                  "/cfg/host.toml:2:20: key 'backends.encode[1]': expected a string, got a "
                  "boolean (" +
                      kNameHint + ")"},
        ErrorCase{"KeepAliveInteger", "[display]\nkeep_alive = 10\n",
                  "/cfg/host.toml:2:14: key 'display.keep_alive': expected a string, got an "
                  "integer (" +
                      kKeepAliveHint + ")"},
        ErrorCase{"MaxDisplaysString", "[display]\nmax_displays = \"4\"\n",
                  "/cfg/host.toml:2:16: key 'display.max_displays': expected an integer, got a "
                  "string (accepted: an integer from 1 to 64)"},
        ErrorCase{"SharingBoolean", "[display]\nsharing = true\n",
                  "/cfg/host.toml:2:11: key 'display.sharing': expected a string, got a boolean "
                  "(accepted: separate, join)"},
        ErrorCase{"PluginTableIsAValue", "[plugins]\nsoftware = \"fast\"\n",
                  "/cfg/host.toml:2:12: key 'plugins.software': expected a table, got a string "
                  "(accepted: a [plugins.software] table of that plugin's settings)"}),
    CaseName());

TEST(ConfigErrors, SeveralErrorsAreReportedTogetherInFileOrder) {
  // toml++ iterates keys alphabetically; the report must still follow the file.
  const std::string text =
      "[display]\n"
      "sharing = \"both\"\n"
      "max_displays = 0\n"
      "[host]\n"
      "zzz = 1\n"
      "aaa = 2\n";
  EXPECT_EQ(config_error(text),
            "/cfg/host.toml:2:11: key 'display.sharing': \"both\" is not a sharing mode "
            "(accepted: separate, join)\n"
            "/cfg/host.toml:3:16: key 'display.max_displays': 0 is out of range (accepted: an "
            "integer from 1 to 64)\n"
            "/cfg/host.toml:5:1: key 'host.zzz': unknown key (" +
                kHostKeysHint +
                ")\n"
                "/cfg/host.toml:6:1: key 'host.aaa': unknown key (" +
                kHostKeysHint + ")");
}

TEST(ConfigErrors, ErrorsNameTheSourceAsGiven) {
  EXPECT_EQ(config_error("[display]\nmax_displays = 65\n", "conf/my host.toml"),
            "conf/my host.toml:2:16: key 'display.max_displays': 65 is out of range (accepted: an "
            "integer from 1 to 64)");
}

}  // namespace
}  // namespace pfhost::test
