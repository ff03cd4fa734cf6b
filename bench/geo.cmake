# bench_geo: national township point-in-polygon assignment (see docs/geo.md).
# Included from bench/CMakeLists.txt; run: bench_geo [--benchmark_filter=...]
find_package(benchmark CONFIG REQUIRED)
find_package(GDAL CONFIG REQUIRED)
add_executable(bench_geo ${CMAKE_CURRENT_LIST_DIR}/geo_bench.cpp)
target_link_libraries(bench_geo PRIVATE benchmark::benchmark sunplan_geo GDAL::GDAL)
# SUNPLAN_SHARED_DATA in the environment overrides this at run time.
target_compile_definitions(bench_geo PRIVATE
  SUNPLAN_BENCH_DATA="${PROJECT_SOURCE_DIR}/../shared/data")
