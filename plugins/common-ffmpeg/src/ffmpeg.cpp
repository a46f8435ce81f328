#include <pfhost-ffmpeg/ffmpeg.hpp>

#include <pfhost/plugin.hpp>

namespace pfhost::ffmpeg {

void Dictionary::set(const char *key, const std::string &value) {
  if (av_dict_set(&dict_, key, value.c_str(), 0) < 0) throw std::bad_alloc();
}

std::string Dictionary::keys() const {
  std::string out;
  const AVDictionaryEntry *entry = nullptr;
  while ((entry = av_dict_get(dict_, "", entry, AV_DICT_IGNORE_SUFFIX)) != nullptr) {
    if (!out.empty()) out += ", ";
    out += entry->key;
  }
  return out;
}

std::string av_error_text(int error) {
  char text[AV_ERROR_MAX_STRING_SIZE] = {};
  av_strerror(error, text, sizeof text);
  return text;
}

}  // namespace pfhost::ffmpeg
