// Cryptographic helpers over libsodium: random tokens, hashes for stored secrets, password
// hashing (argon2id) and HMAC-SHA256 signatures. Thread-safe after init() has run once.
#pragma once

#include <cstddef>
#include <string>
#include <optional>
#include <string_view>

namespace weft::crypto {

// Initializes libsodium; aborts the process when it cannot (no secure randomness).
void init();

// `bytes` random bytes as lowercase hex (2 * bytes characters).
std::string random_hex(std::size_t bytes);
uint64_t random_u64();

// SHA-256 of `data` as lowercase hex: how session and API tokens are stored.
std::string sha256_hex(std::string_view data);

// HMAC-SHA256(key, data) as lowercase hex, and as its 32 raw bytes.
std::string hmac_sha256_hex(std::string_view key, std::string_view data);
std::string hmac_sha256(std::string_view key, std::string_view data);

// `bytes` random bytes.
std::string random_bytes(std::size_t bytes);

// Standard base64 (RFC 4648, with padding) of bytes, and back; nullopt when `text` is not base64.
std::string base64_encode(std::string_view bytes);
std::optional<std::string> base64_decode(std::string_view text);

// argon2id password hash in libsodium's self-describing string form.
std::string hash_password(std::string_view password);
bool verify_password(std::string_view stored_hash, std::string_view password);

// Comparison whose time does not depend on where the inputs differ.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace weft::crypto
