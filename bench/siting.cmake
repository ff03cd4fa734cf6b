# bench_siting: heuristic vs CBC on 20,000 x 1,000 (k = 50) and the national-size case.
# Included from bench/CMakeLists.txt; run: bench_siting --benchmark_filter=Mclp20k (or National)
if(NOT TARGET benchmark::benchmark)
  find_package(benchmark REQUIRED)
endif()
add_executable(bench_siting ${CMAKE_CURRENT_LIST_DIR}/siting_bench.cpp)
target_include_directories(bench_siting PRIVATE ${PROJECT_SOURCE_DIR}/tests/unit/siting)
target_link_libraries(bench_siting PRIVATE sunplan_siting benchmark::benchmark sunplan_flags)

# siting_compare: the fast solvers against the optima stored in bench/siting_reference.txt.
add_executable(siting_compare ${CMAKE_CURRENT_LIST_DIR}/siting_compare.cpp)
target_include_directories(siting_compare PRIVATE ${PROJECT_SOURCE_DIR}/tests/unit/siting)
target_compile_definitions(siting_compare PRIVATE
  SUNPLAN_SITING_TEST_DATA="${PROJECT_SOURCE_DIR}/tests/unit/siting/data"
  SUNPLAN_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
target_link_libraries(siting_compare PRIVATE sunplan_siting sunplan_flags)
