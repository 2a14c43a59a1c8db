// Accept-Encoding as static files read it (http/static_files.h).
#include <gtest/gtest.h>

#include "http/static_files.h"

namespace weft::http {
namespace {

TEST(AcceptEncoding, NamesQualitiesAndTheWildcard) {
  EXPECT_TRUE(accepts_encoding("gzip, deflate, br", "br"));
  EXPECT_TRUE(accepts_encoding("gzip, deflate, br", "gzip"));
  EXPECT_FALSE(accepts_encoding("gzip, deflate", "br"));
  EXPECT_FALSE(accepts_encoding("", "gzip"));
  EXPECT_TRUE(accepts_encoding("BR;q=0.5", "br")) << "names are case-insensitive";
  EXPECT_FALSE(accepts_encoding("br;q=0, gzip", "br"));
  EXPECT_FALSE(accepts_encoding("br; q=0.000", "br"));
  EXPECT_TRUE(accepts_encoding("br;q=0.001", "br"));
  EXPECT_TRUE(accepts_encoding("*", "br"));
  EXPECT_FALSE(accepts_encoding("*;q=0", "gzip"));
  EXPECT_FALSE(accepts_encoding("*, br;q=0", "br")) << "a named refusal wins over the wildcard";
  EXPECT_FALSE(accepts_encoding("brotli", "br"));
}

}  // namespace
}  // namespace weft::http
