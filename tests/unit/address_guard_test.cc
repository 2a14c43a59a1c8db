// Where webhooks may not go (http/address_guard.h).
#include <gtest/gtest.h>

#include "http/address_guard.h"

namespace weft::http {
namespace {

TEST(AddressGuard, RefusesEveryInsideRange) {
  for (const char* address :
       {"0.0.0.0", "10.1.2.3", "100.64.0.1", "127.0.0.1", "127.255.255.254", "169.254.169.254", "172.16.0.1",
        "172.31.255.255", "192.0.0.8", "192.168.1.1", "198.18.0.1", "224.0.0.1", "239.255.255.250", "240.0.0.1",
        "255.255.255.255", "::", "::1", "fc00::1", "fd12:3456::1", "fe80::1", "ff02::1", "::ffff:127.0.0.1",
        "::ffff:10.0.0.1", "::ffff:169.254.169.254", "64:ff9b::7f00:1", "64:ff9b::a00:1", "2001:db8::1"}) {
    EXPECT_TRUE(forbidden_address(address, {})) << address;
  }
}

TEST(AddressGuard, AllowsPublicAddresses) {
  for (const char* address : {"93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "192.169.0.1",
                              "2606:4700:4700::1111", "::ffff:93.184.216.34"}) {
    EXPECT_FALSE(forbidden_address(address, {})) << address;
  }
}

TEST(AddressGuard, RefusesTheServersOwnAddressesAndGarbage) {
  EXPECT_TRUE(forbidden_address("93.184.216.34", {"93.184.216.34"}));
  EXPECT_TRUE(forbidden_address("not an address", {}));
  EXPECT_TRUE(forbidden_address("", {}));
  EXPECT_TRUE(forbidden_address("2130706433", {}));  // a number is resolved first, never taken as text
}

TEST(AddressGuard, ResolvesNamesAndNumbers) {
  auto local = resolve_host("localhost");
  ASSERT_TRUE(local);
  for (const auto& address : *local) EXPECT_TRUE(forbidden_address(address, {})) << address;
  auto number = resolve_host("2130706433");  // 127.0.0.1 as one number
  ASSERT_TRUE(number);
  EXPECT_EQ(number->front(), "127.0.0.1");
  auto bracketed = resolve_host("[::1]");
  ASSERT_TRUE(bracketed);
  EXPECT_EQ(bracketed->front(), "::1");
  EXPECT_FALSE(resolve_host("no-such-host.invalid"));
  EXPECT_FALSE(own_addresses().empty());
}

}  // namespace
}  // namespace weft::http
