// The resizer and JPEG writer Weft uses for avatars (Debian's libstb-dev headers), compiled here
// rather than linked, so that the sanitizer and fuzzer builds instrument them too. They only ever
// see pixels Weft decoded itself; untrusted files are decoded by libpng and libjpeg-turbo
// (src/media/avatar.cc): stb's own decoders failed under the fuzzer (DECISIONS 62).
#define STB_IMAGE_RESIZE_IMPLEMENTATION
#include <stb_image_resize.h>

#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STBI_WRITE_NO_STDIO
#include <stb_image_write.h>
