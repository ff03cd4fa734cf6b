# bench_pairing: national-scale pairing and relay (docs/pairing.md).
# Included from bench/CMakeLists.txt; paths are relative to this file so it works from anywhere.
find_package(benchmark REQUIRED)
add_executable(bench_pairing ${CMAKE_CURRENT_LIST_DIR}/pairing_bench.cpp)
target_link_libraries(bench_pairing PRIVATE sunplan_pairing sunplan_core benchmark::benchmark)
