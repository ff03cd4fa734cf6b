#pragma once
// The gazetteer's file: reading it (gzip'd or plain TSV) and finding the copy shipped with
// sunplan. The gazetteer module itself only parses text, so it stays free of file I/O.
//   gazetteer::Gazetteer g = read_gazetteer(default_gazetteer_path());
#include <filesystem>

#include "sunplan/gazetteer/gazetteer.hpp"

namespace sunplan {

// Reads a gazetteer file (gzip'd or plain TSV). Throws InputError naming the file and line.
gazetteer::Gazetteer read_gazetteer(const std::filesystem::path& file);

// The gazetteer shipped with sunplan: $SUNPLAN_GAZETTEER if set, else gazetteer/cn-gazetteer.tsv.gz
// in the first data folder holding it (core/data_dir.hpp: $SUNPLAN_DATA_DIR, the installed
// share/sunplan, the build tree's staged copy). Empty when none exists.
std::filesystem::path default_gazetteer_path();

}  // namespace sunplan
