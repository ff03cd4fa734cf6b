# bench_siting: heuristic vs CBC on 20,000 x 1,000 (k = 50) and the national-size case.
# Included from bench/CMakeLists.txt; run: bench_siting --benchmark_filter=Mclp20k (or National)
if(NOT TARGET benchmark::benchmark)
  find_package(benchmark REQUIRED)
endif()
add_executable(bench_siting ${CMAKE_CURRENT_LIST_DIR}/siting_bench.cpp)
target_include_directories(bench_siting PRIVATE ${PROJECT_SOURCE_DIR}/tests/unit/siting)
target_link_libraries(bench_siting PRIVATE sunplan_siting benchmark::benchmark sunplan_flags)
