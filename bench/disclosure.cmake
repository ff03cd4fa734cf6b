# disclosure_bench: what aggregate privacy mode withholds, by step (primary, complementary
# rules, interval audit) on a scenario, and the cost of the protection on a synthetic
# national-size hierarchy (docs/reliability.md, docs/performance.md). Included from
# bench/CMakeLists.txt; run: disclosure_bench scenario.toml [--site N] | disclosure_bench --synthetic 40000
add_executable(disclosure_bench ${CMAKE_CURRENT_LIST_DIR}/disclosure_bench.cpp)
target_link_libraries(disclosure_bench PRIVATE sunplan_pipeline sunplan_io sunplan_core sunplan_flags)
