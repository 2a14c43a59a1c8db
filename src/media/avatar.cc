#include "media/avatar.h"

#include <stb_image.h>
#include <stb_image_resize.h>
#include <stb_image_write.h>

#include <algorithm>
#include <memory>
#include <vector>

namespace weft::media {
namespace {

constexpr int kMinSide = 32;
constexpr int kJpegQuality = 85;

bool known_format(std::string_view bytes) {
  auto starts = [&](std::string_view magic) { return bytes.substr(0, magic.size()) == magic; };
  return starts("\x89PNG\r\n\x1a\n") || starts("\xff\xd8\xff") || starts("GIF87a") || starts("GIF89a");
}

void append(void* context, void* data, int size) {
  static_cast<std::string*>(context)->append(static_cast<const char*>(data), static_cast<std::size_t>(size));
}

}  // namespace

Result<std::string> make_avatar(std::string_view image) {
  if (image.empty()) return invalid("image", "The image is empty.");
  if (image.size() > kMaxAvatarBytes) return invalid("image", "The image is over 700 KB; choose a smaller photo.");
  if (!known_format(image)) return invalid("image", "The image must be a PNG, JPEG or GIF.");
  const auto* bytes = reinterpret_cast<const stbi_uc*>(image.data());
  const int length = static_cast<int>(image.size());
  int width = 0, height = 0, channels = 0;
  if (!stbi_info_from_memory(bytes, length, &width, &height, &channels)) {
    return invalid("image", "The image cannot be read.");
  }
  if (width > kMaxAvatarSide || height > kMaxAvatarSide) {
    return invalid("image", "The image is over 6000 pixels a side.");
  }
  if (width < kMinSide || height < kMinSide) return invalid("image", "The image is under 32 pixels a side.");
  std::unique_ptr<stbi_uc, void (*)(void*)> pixels(stbi_load_from_memory(bytes, length, &width, &height, &channels, 3),
                                                   stbi_image_free);
  if (!pixels) return invalid("image", "The image cannot be read.");
  // The centred square, then resized.
  const int side = std::min(width, height);
  const int left = (width - side) / 2;
  const int top = (height - side) / 2;
  const stbi_uc* square = pixels.get() + (static_cast<std::size_t>(top) * static_cast<std::size_t>(width) +
                                          static_cast<std::size_t>(left)) * 3;
  std::vector<stbi_uc> out(static_cast<std::size_t>(kAvatarPixels) * kAvatarPixels * 3);
  if (!stbir_resize_uint8(square, side, side, width * 3, out.data(), kAvatarPixels, kAvatarPixels, kAvatarPixels * 3,
                          3)) {
    return fail(ErrorCode::kInternal, "The image could not be resized.");
  }
  std::string jpeg;
  if (!stbi_write_jpg_to_func(append, &jpeg, kAvatarPixels, kAvatarPixels, 3, out.data(), kJpegQuality)) {
    return fail(ErrorCode::kInternal, "The image could not be encoded.");
  }
  return jpeg;
}

}  // namespace weft::media
