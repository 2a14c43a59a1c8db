// Avatars: a photo someone uploads, checked, cropped to a centred square, resized to
// kAvatarPixels × kAvatarPixels and stored as JPEG (EXIF and every other byte of the original are
// dropped). Decoding untrusted images is bounded: at most kMaxAvatarBytes in, at most
// kMaxAvatarSide pixels a side (read from the header before any pixel is decoded), PNG (libpng)
// or JPEG (libjpeg-turbo) only.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/error.h"

namespace weft::media {

inline constexpr std::size_t kMaxAvatarBytes = 700 * 1024;
inline constexpr int kMaxAvatarSide = 6000;
// Pixels in all (a 12-megapixel phone photo is 12,192,768): what a decode may hold in memory.
inline constexpr long long kMaxAvatarPixels = 16'000'000;
inline constexpr int kAvatarPixels = 256;

// JPEG bytes of the avatar made from `image`; invalid_argument (field "image") when it is not
// an image Weft reads, too large, or too small (under 32 pixels a side).
Result<std::string> make_avatar(std::string_view image);

}  // namespace weft::media
