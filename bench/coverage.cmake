# bench_coverage: national-scale distance reach and served assignment (docs/coverage.md).
# Included from bench/CMakeLists.txt; paths are relative to this file so it works from anywhere.
find_package(benchmark REQUIRED)
add_executable(bench_coverage ${CMAKE_CURRENT_LIST_DIR}/coverage_bench.cpp)
target_link_libraries(bench_coverage PRIVATE sunplan_coverage sunplan_core benchmark::benchmark)
