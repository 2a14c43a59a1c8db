#include "media/avatar.h"

#include <png.h>
#include <stb_image_resize.h>
#include <stb_image_write.h>
#include <turbojpeg.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <vector>

namespace weft::media {
namespace {

constexpr int kMinSide = 32;
constexpr int kJpegQuality = 85;

constexpr std::string_view kPngMagic = "\x89PNG\r\n\x1a\n";
constexpr std::string_view kJpegMagic = "\xff\xd8\xff";

void append(void* context, void* data, int size) {
  static_cast<std::string*>(context)->append(static_cast<const char*>(data), static_cast<std::size_t>(size));
}

struct Pixels {
  int width = 0;
  int height = 0;
  std::vector<unsigned char> rgb;  // width × height × 3
};

Result<void> check_size(int width, int height) {
  if (width > kMaxAvatarSide || height > kMaxAvatarSide) {
    return invalid("image", "The image is over 6000 pixels a side.");
  }
  if (width < kMinSide || height < kMinSide) return invalid("image", "The image is under 32 pixels a side.");
  if (static_cast<long long>(width) * height > kMaxAvatarPixels) {
    return invalid("image", "The image is over 16 megapixels; choose a smaller photo.");
  }
  return {};
}

// PNG with libpng's simplified API: the size from the header first, then RGB pixels (alpha
// composited on white).
Result<Pixels> decode_png(std::string_view bytes) {
  png_image image;
  std::memset(&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory(&image, bytes.data(), bytes.size())) {
    return invalid("image", "The image cannot be read.");
  }
  auto release = std::unique_ptr<png_image, void (*)(png_image*)>(&image, png_image_free);
  WEFT_TRY_VOID(check_size(static_cast<int>(image.width), static_cast<int>(image.height)));
  image.format = PNG_FORMAT_RGB;
  Pixels out;
  out.width = static_cast<int>(image.width);
  out.height = static_cast<int>(image.height);
  out.rgb.resize(PNG_IMAGE_SIZE(image));
  png_color white{255, 255, 255};
  if (!png_image_finish_read(&image, &white, out.rgb.data(), 0, nullptr)) {
    return invalid("image", "The image cannot be read.");
  }
  return out;
}

// JPEG with libjpeg-turbo: the size from the header first, then RGB pixels.
Result<Pixels> decode_jpeg(std::string_view bytes) {
  std::unique_ptr<void, int (*)(tjhandle)> handle(tjInitDecompress(), tjDestroy);
  if (!handle) return fail(ErrorCode::kInternal, "The JPEG decoder could not start.");
  int width = 0, height = 0, subsampling = 0, colorspace = 0;
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  if (tjDecompressHeader3(handle.get(), data, static_cast<unsigned long>(bytes.size()), &width, &height, &subsampling,
                          &colorspace) != 0) {
    return invalid("image", "The image cannot be read.");
  }
  WEFT_TRY_VOID(check_size(width, height));
  Pixels out;
  out.width = width;
  out.height = height;
  out.rgb.resize(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 3);
  if (tjDecompress2(handle.get(), data, static_cast<unsigned long>(bytes.size()), out.rgb.data(), width, 0, height,
                    // At most 500 scans: a progressive JPEG of thousands of tiny scans would
                    // take minutes of CPU to decode.
                    TJPF_RGB, TJFLAG_ACCURATEDCT | TJFLAG_LIMITSCANS) != 0 &&
      tjGetErrorCode(handle.get()) == TJERR_FATAL) {
    return invalid("image", "The image cannot be read.");
  }
  return out;
}

}  // namespace

Result<std::string> make_avatar(std::string_view image) {
  if (image.empty()) return invalid("image", "The image is empty.");
  if (image.size() > kMaxAvatarBytes) return invalid("image", "The image is over 700 KB; choose a smaller photo.");
  Result<Pixels> decoded = image.starts_with(kPngMagic)    ? decode_png(image)
                           : image.starts_with(kJpegMagic) ? decode_jpeg(image)
                                                           : invalid("image", "The image must be a PNG or a JPEG.");
  if (!decoded) return std::unexpected(decoded.error());
  const Pixels& pixels = *decoded;
  // The centred square, then resized.
  const int side = std::min(pixels.width, pixels.height);
  const int left = (pixels.width - side) / 2;
  const int top = (pixels.height - side) / 2;
  const unsigned char* square = pixels.rgb.data() + (static_cast<std::size_t>(top) * static_cast<std::size_t>(pixels.width) +
                                                     static_cast<std::size_t>(left)) * 3;
  std::vector<unsigned char> out(static_cast<std::size_t>(kAvatarPixels) * kAvatarPixels * 3);
  if (!stbir_resize_uint8(square, side, side, pixels.width * 3, out.data(), kAvatarPixels, kAvatarPixels,
                          kAvatarPixels * 3, 3)) {
    return fail(ErrorCode::kInternal, "The image could not be resized.");
  }
  std::string jpeg;
  if (!stbi_write_jpg_to_func(append, &jpeg, kAvatarPixels, kAvatarPixels, 3, out.data(), kJpegQuality)) {
    return fail(ErrorCode::kInternal, "The image could not be encoded.");
  }
  return jpeg;
}

}  // namespace weft::media
