# bench_network: road graph build and multi-source travel times (see docs/network.md).
# Included by bench/CMakeLists.txt (the lead's); paths are relative to this file.
find_package(benchmark REQUIRED)
add_executable(bench_network ${CMAKE_CURRENT_LIST_DIR}/network_bench.cpp)
target_link_libraries(bench_network PRIVATE sunplan_io sunplan_network sunplan_flags benchmark::benchmark)
target_compile_definitions(bench_network PRIVATE
  SUNPLAN_SHARED_DATA="${PROJECT_SOURCE_DIR}/../shared/data")
