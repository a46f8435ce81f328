// Line splitting of worker output: split chunks, CRLF, the byte limit.
#include "os/worker_output_lines.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pfhost::core::os {
namespace {

struct Collected {
  std::vector<std::string> lines;
  WorkerOutputLines::LineHandler handler() {
    return [this](std::string_view line) { lines.emplace_back(line); };
  }
};

TEST(WorkerOutputLines, ALineSplitAcrossChunksArrivesWholeOnceComplete) {
  WorkerOutputLines output;
  Collected got;
  EXPECT_TRUE(output.append("{\"stat", got.handler(), 1024));
  EXPECT_TRUE(got.lines.empty());
  EXPECT_TRUE(output.append("us\":1}\n{\"a\"", got.handler(), 1024));
  EXPECT_TRUE(output.append(":2}\n", got.handler(), 1024));
  EXPECT_EQ(got.lines, (std::vector<std::string>{"{\"status\":1}", "{\"a\":2}"}));
}

TEST(WorkerOutputLines, WindowsLineEndsAndEmptyLinesAreKeptApart) {
  WorkerOutputLines output;
  Collected got;
  EXPECT_TRUE(output.append("one\r\n\ntwo\r", got.handler(), 1024));
  EXPECT_TRUE(output.append("\n", got.handler(), 1024));
  EXPECT_EQ(got.lines, (std::vector<std::string>{"one", "", "two"}));
}

TEST(WorkerOutputLines, MoreThanTheLimitIsReportedAfterHandingOverCompleteLines) {
  WorkerOutputLines output;
  Collected got;
  EXPECT_TRUE(output.append("12345\n", got.handler(), 10));
  EXPECT_FALSE(output.append("6789\nab", got.handler(), 10));
  EXPECT_EQ(got.lines, (std::vector<std::string>{"12345", "6789"}));
  EXPECT_EQ(output.total_bytes(), 13u);
}

}  // namespace
}  // namespace pfhost::core::os
