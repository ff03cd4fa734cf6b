#include "sunplan/core/sha256.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>

namespace sunplan {
namespace {

// FIPS 180-4 examples (NIST CSRC "SHA256.pdf") and the empty string.
TEST(Sha256, NistVectors) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

// sha256_file reads each file once per process, but a file written again (other bytes, same
// size, a later modification time) is hashed again: the digest is always the bytes' own.
TEST(Sha256, FileDigestFollowsTheFilesBytes) {
  namespace fs = std::filesystem;
  const fs::path file =
      fs::temp_directory_path() / ("sunplan-sha256-" + std::to_string(::getpid()));
  auto write = [&](const char* text) { std::ofstream(file, std::ios::binary) << text; };
  write("abc");
  EXPECT_EQ(sha256_file(file), sha256_hex("abc"));
  EXPECT_EQ(sha256_file(file), sha256_hex("abc"));  // from the memo, the same
  const auto first = fs::last_write_time(file);
  write("abd");
  fs::last_write_time(file, first + std::chrono::seconds(1));
  EXPECT_EQ(sha256_file(file), sha256_hex("abd"));
  write("abcd");  // another size
  EXPECT_EQ(sha256_file(file), sha256_hex("abcd"));
  fs::remove(file);
  EXPECT_THROW(sha256_file(file), std::exception);
}

}  // namespace
}  // namespace sunplan
