// The SRT streamid grammar: both forms, percent-decoding, and the reject code for each bad input.
#include "serve/stream_id.hpp"

#include <pfhost/encode.h>

#include <gtest/gtest.h>

namespace pfhost::core::serve {
namespace {

RejectCode code_of(std::string_view id, const std::optional<std::string> &token = std::nullopt) {
  try {
    parse_stream_id(id, token);
  } catch (const StreamIdError &e) {
    return e.code();
  }
  ADD_FAILURE() << "'" << id << "' was accepted";
  return RejectCode::bad_request;
}

std::string message_of(std::string_view id) {
  try {
    parse_stream_id(id);
  } catch (const StreamIdError &e) {
    return e.what();
  }
  return "accepted";
}

TEST(StreamId, AccessControlForm) {
  const ClientRequest r = parse_stream_id("#!::r=1600x900@30,u=alice");
  EXPECT_EQ(r.mode.width, 1600u);
  EXPECT_EQ(r.mode.height, 900u);
  EXPECT_EQ(r.mode.refresh_millihz, 30000u);
  EXPECT_EQ(r.client, "alice");
  EXPECT_EQ(r.codec, static_cast<uint32_t>(PFHOST_CODEC_H264));
  EXPECT_TRUE(r.token.empty());
}

TEST(StreamId, PlainFormWithCodecAndToken) {
  const ClientRequest r = parse_stream_id("mode=1280x720@59.94,client=bob.tv,codec=hevc,token=s3");
  EXPECT_EQ(r.mode.refresh_millihz, 59940u);
  EXPECT_EQ(r.client, "bob.tv");
  EXPECT_EQ(r.codec, static_cast<uint32_t>(PFHOST_CODEC_HEVC));
  EXPECT_EQ(r.token, "s3");
}

TEST(StreamId, PercentEscapesAreDecodedFirst) {
  // ffmpeg and VLC pass "%23" through; some callers escape '!', '=' and ',' too.
  EXPECT_EQ(parse_stream_id("%23!::r=640x480@60,u=a").client, "a");
  EXPECT_EQ(parse_stream_id("%23%21::r%3D640x480%4060%2Cu%3Dcarol").client, "carol");
  EXPECT_EQ(percent_decode("a%2fb%2Fc"), "a/b/c");
  EXPECT_EQ(code_of("%2"), RejectCode::bad_request);
  EXPECT_EQ(code_of("mode=640x480,client=x%zz"), RejectCode::bad_request);
}

TEST(StreamId, ClientIsOptionalAndTheRateDefaultsTo60) {
  const ClientRequest r = parse_stream_id("mode=800x600");
  EXPECT_TRUE(r.client.empty());
  EXPECT_EQ(r.mode.refresh_millihz, 60000u);
}

TEST(StreamId, BadOrMissingModeIsABadRequest) {
  EXPECT_EQ(code_of(""), RejectCode::bad_request);
  EXPECT_EQ(code_of("#!::u=alice"), RejectCode::bad_request);
  EXPECT_EQ(code_of("#!::r=big,u=alice"), RejectCode::bad_request);
  EXPECT_EQ(code_of("#!::r=1601x900@30,u=alice"), RejectCode::bad_request);  // odd width
  EXPECT_EQ(code_of("mode=1920x1080@999"), RejectCode::bad_request);
  EXPECT_NE(message_of("#!::u=alice").find("no mode ('r=')"), std::string::npos)
      << message_of("#!::u=alice");
  EXPECT_NE(message_of("mode=huge").find("expected WxH@Hz"), std::string::npos);
}

TEST(StreamId, MalformedItemsAndUnknownKeysAreBadRequests) {
  EXPECT_EQ(code_of("hello"), RejectCode::bad_request);
  EXPECT_EQ(code_of("mode=640x480,,client=a"), RejectCode::bad_request);
  EXPECT_EQ(code_of("mode=640x480,mode=800x600"), RejectCode::bad_request);
  EXPECT_EQ(code_of("mode=640x480,colour=red"), RejectCode::bad_request);
  EXPECT_NE(message_of("mode=640x480,colour=red").find("'colour' is unknown"), std::string::npos);
  // The forms do not mix: 'r' means nothing without the access-control prefix.
  EXPECT_EQ(code_of("r=640x480,u=a"), RejectCode::bad_request);
  EXPECT_EQ(code_of(std::string(600, 'x')), RejectCode::bad_request);
}

TEST(StreamId, ClientNamesAreShortAndPlain) {
  EXPECT_EQ(code_of("mode=640x480,client=a b"), RejectCode::bad_request);
  EXPECT_EQ(code_of("mode=640x480,client=../etc"), RejectCode::bad_request);
  EXPECT_EQ(code_of("mode=640x480,client=" + std::string(65, 'a')), RejectCode::bad_request);
  EXPECT_EQ(parse_stream_id("mode=640x480,client=" + std::string(64, 'a')).client.size(), 64u);
}

TEST(StreamId, AnUnknownCodecIsUnacceptable) {
  EXPECT_EQ(code_of("#!::r=640x480,u=a,codec=vp9"), RejectCode::unacceptable);
  EXPECT_NE(message_of("#!::r=640x480,u=a,codec=vp9").find("expected h264, hevc or av1"),
            std::string::npos);
}

TEST(StreamId, TokenWhenRequired) {
  const std::optional<std::string> token = "0123456789abcdef";
  EXPECT_EQ(parse_stream_id("#!::r=640x480,u=a,t=0123456789abcdef", token).token, token);
  EXPECT_EQ(parse_stream_id("mode=640x480,token=0123456789abcdef", token).token, token);
  EXPECT_EQ(code_of("#!::r=640x480,u=a", token), RejectCode::unauthorized);
  EXPECT_EQ(code_of("#!::r=640x480,u=a,t=0123456789abcdeX", token), RejectCode::unauthorized);
  EXPECT_EQ(code_of("#!::r=640x480,u=a,t=0123456789abcdef0", token), RejectCode::unauthorized);
}

TEST(StreamId, StandardSrtKeys) {
  EXPECT_EQ(parse_stream_id("#!::r=640x480,u=a,m=request,s=abc,h=host").client, "a");
  EXPECT_EQ(code_of("#!::r=640x480,u=a,m=publish"), RejectCode::bad_mode);
}

TEST(StreamId, ConstantTimeCompare) {
  EXPECT_TRUE(equal_in_constant_time("abc", "abc"));
  EXPECT_TRUE(equal_in_constant_time("", ""));
  EXPECT_FALSE(equal_in_constant_time("abc", "abd"));
  EXPECT_FALSE(equal_in_constant_time("abc", "ab"));
  EXPECT_FALSE(equal_in_constant_time("", "a"));
}

}  // namespace
}  // namespace pfhost::core::serve
