// Lists the NAL unit types (H.264/HEVC Annex-B) or OBU types (AV1 low-overhead format) in a
// packet, so tests can see IDRs and in-band parameter sets without a parser library.
#pragma once

#include <pfhost/encode.h>

#include <cstdint>
#include <set>
#include <vector>

namespace pfhost::software::test {

std::set<int> unit_types(pfhost_codec codec, const std::vector<uint8_t> &packet);

// What a joinable keyframe must carry: an IDR and the parameter sets / sequence header.
bool is_self_contained_keyframe(pfhost_codec codec, const std::vector<uint8_t> &packet);

}  // namespace pfhost::software::test
