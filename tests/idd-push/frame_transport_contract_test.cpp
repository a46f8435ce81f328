// The IDD-push contract header as both sides compile it: the header layout the driver reads at
// fixed offsets, the publish token's packing, the kernel-object names and the status texts.
#include <pfhost/pf_vdisplay/frame_transport.h>

#include <gtest/gtest.h>

#include <cstddef>
#include <string>

namespace {

TEST(IddPushContract, HeaderLayoutIsFixed) {
  EXPECT_EQ(sizeof(pfvd_shared_header), 128u);
  EXPECT_EQ(offsetof(pfvd_shared_header, magic), 0u);
  EXPECT_EQ(offsetof(pfvd_shared_header, version), 4u);
  EXPECT_EQ(offsetof(pfvd_shared_header, generation), 8u);
  EXPECT_EQ(offsetof(pfvd_shared_header, ring_len), 12u);
  EXPECT_EQ(offsetof(pfvd_shared_header, width), 16u);
  EXPECT_EQ(offsetof(pfvd_shared_header, height), 20u);
  EXPECT_EQ(offsetof(pfvd_shared_header, dxgi_format), 24u);
  EXPECT_EQ(offsetof(pfvd_shared_header, target_id), 28u);
  EXPECT_EQ(offsetof(pfvd_shared_header, driver_status), 32u);
  EXPECT_EQ(offsetof(pfvd_shared_header, driver_status_detail), 36u);
  EXPECT_EQ(offsetof(pfvd_shared_header, driver_luid_low), 40u);
  EXPECT_EQ(offsetof(pfvd_shared_header, driver_luid_high), 44u);
  EXPECT_EQ(offsetof(pfvd_shared_header, latest), 48u);
  EXPECT_EQ(offsetof(pfvd_shared_header, timestamp_ns), 56u);
  EXPECT_EQ(PFVD_MAGIC, 0x48564650u);  // "PFVH" in memory
}

TEST(IddPushContract, TokenPacksGenerationSeqAndSlot) {
  EXPECT_EQ(pfvd_token_pack(1, 1, 0), (uint64_t{1} << 40) | (uint64_t{1} << 8));
  EXPECT_EQ(pfvd_token_pack(0xABCDEF, 0x12345678, 2), 0xABCDEF1234567802ull);
  const pfvd_token t = pfvd_token_unpack(0xABCDEF1234567802ull);
  EXPECT_EQ(t.generation, 0xABCDEFu);
  EXPECT_EQ(t.seq, 0x12345678u);
  EXPECT_EQ(t.slot, 2u);
  const pfvd_token none = pfvd_token_unpack(0);
  EXPECT_EQ(none.generation, 0u);
  EXPECT_EQ(none.seq, 0u);  // 0 = nothing published
}

TEST(IddPushContract, TokenFieldsAreTruncatedToTheirWidths) {
  const pfvd_token t = pfvd_token_unpack(pfvd_token_pack(0x1000001, 0xFFFFFFFF, 0x1FF));
  EXPECT_EQ(t.generation, 1u);  // 24 bits
  EXPECT_EQ(t.seq, 0xFFFFFFFFu);
  EXPECT_EQ(t.slot, 0xFFu);  // 8 bits, never spilling into seq
}

TEST(IddPushContract, NamesArePerTargetAndGeneration) {
  char name[PFVD_NAME_MAX];
  EXPECT_EQ(pfvd_header_name(7, name, sizeof name), 17);
  EXPECT_EQ(std::string(name), "Global\\pfvd-hdr-7");
  pfvd_event_name(4294967295u, name, sizeof name);
  EXPECT_EQ(std::string(name), "Global\\pfvd-evt-4294967295");
  pfvd_texture_name(4294967295u, 16777215u, 2, name, sizeof name);
  EXPECT_EQ(std::string(name), "Global\\pfvd-tex-4294967295-16777215-2");  // the longest fits
}

TEST(IddPushContract, FormatsAndStatuses) {
  EXPECT_EQ(pfvd_format_bytes_per_pixel(PFVD_FORMAT_BGRA8), 4u);
  EXPECT_EQ(pfvd_format_bytes_per_pixel(PFVD_FORMAT_RGBA16F), 8u);
  EXPECT_EQ(pfvd_format_bytes_per_pixel(28), 0u);  // R8G8B8A8: not a ring format
  EXPECT_EQ(std::string(pfvd_status_name(PFVD_STATUS_TEX_FAIL)), "cannot open the ring textures");
  EXPECT_EQ(std::string(pfvd_status_name(PFVD_STATUS_OTHER_TARGET)), "bound to another target");
  EXPECT_EQ(std::string(pfvd_status_name(99)), "unknown");
}

}  // namespace
