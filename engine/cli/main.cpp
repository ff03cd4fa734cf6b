#include <cstdio>
#include "sunplan/version.hpp"
int main() { std::printf("sunplan %s\n", sunplan::kVersion); return 0; }
