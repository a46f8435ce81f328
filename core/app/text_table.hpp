// Aligned plain-text columns for the human listing; the last column is never padded so long
// reasons do not push trailing spaces.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace pfhost::core::app {

class TextTable {
 public:
  explicit TextTable(std::vector<std::string> header) { rows_.push_back(std::move(header)); }
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  bool empty() const { return rows_.size() <= 1; }
  // Writes every row indented by `indent` spaces, columns two spaces apart.
  void print(std::ostream &out, size_t indent = 2) const;

 private:
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace pfhost::core::app
