#include <pfhost/plugin.hpp>

#include "pfhost/windows/display_topology.hpp"

namespace pfhost::windows {
namespace {

class NoTopology final : public DisplayTopology {
 public:
  std::string gdi_name(pfhost_luid, uint32_t, std::chrono::milliseconds) override { return {}; }
  void apply(const std::string &, const pfhost_mode &, TopologyPolicy) override {}
  void restore() override {}
};

}  // namespace

std::unique_ptr<DisplayTopology> make_no_topology() {
  return std::make_unique<NoTopology>();
}

TopologyPolicy parse_topology_policy(const std::string &text) {
  if (text == "extend") return TopologyPolicy::kExtend;
  if (text == "primary") return TopologyPolicy::kPrimary;
  if (text == "exclusive") return TopologyPolicy::kExclusive;
  throw Error(PFHOST_E_INVALID_ARGUMENT,
              "topology policy '" + text + "' is not one of extend, primary, exclusive");
}

}  // namespace pfhost::windows
