// "Did you mean ...?" suggestions for misspelt keys.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace pfhost::core::config {

// Levenshtein distance counting an adjacent transposition ("sharnig") as one edit.
size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word`, if it is close enough to be a plausible typo or one of the two
// starts with the other ("warning" -> "warn"); ties go to the earlier candidate.
std::optional<std::string> closest_match(std::string_view word,
                                         std::span<const std::string_view> candidates);

}  // namespace pfhost::core::config
