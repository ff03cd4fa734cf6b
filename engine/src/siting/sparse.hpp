// Compressed sparse rows and their transpose, internal to siting.
#pragma once

#include <cstdint>
#include <vector>

namespace sunplan::siting::detail {

// Columns of a CSR matrix: for each column, the rows that hold it (ascending), and where
// each column entry sits in the row arrays (to carry values along).
struct Transposed {
  std::vector<std::uint64_t> offsets;
  std::vector<std::uint32_t> row;
  std::vector<std::uint64_t> entry;  // index into the row-major arrays
};

inline Transposed transpose(const std::vector<std::uint64_t>& row_offsets,
                            const std::vector<std::uint32_t>& column, std::size_t columns) {
  Transposed t;
  t.offsets.assign(columns + 1, 0);
  for (auto c : column) ++t.offsets[c + 1];
  for (std::size_t c = 0; c < columns; ++c) t.offsets[c + 1] += t.offsets[c];
  t.row.resize(column.size());
  t.entry.resize(column.size());
  std::vector<std::uint64_t> fill(t.offsets.begin(), t.offsets.end() - 1);
  const std::size_t rows = row_offsets.size() - 1;
  for (std::size_t r = 0; r < rows; ++r)
    for (auto e = row_offsets[r]; e < row_offsets[r + 1]; ++e) {
      const auto p = fill[column[e]]++;
      t.row[p] = static_cast<std::uint32_t>(r);
      t.entry[p] = e;
    }
  return t;
}

}  // namespace sunplan::siting::detail
