# bench_scale: GeoPackage writing of N result points and load + validate of the generated
# national datasets at three sizes (docs/performance.md). Included from bench/CMakeLists.txt.
# Whole-run numbers come from scripts/bench-national, not from here.
find_package(benchmark REQUIRED)
add_executable(bench_scale ${CMAKE_CURRENT_LIST_DIR}/scale_bench.cpp)
target_link_libraries(bench_scale PRIVATE sunplan_pipeline sunplan_io sunplan_core sunplan_flags benchmark::benchmark)
