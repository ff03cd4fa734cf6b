// Checks a planner needs on the loaded data, reported as warnings on the townships layer:
// township polygons that overlap (pair by pair, with the area), and townships with neither
// youth nor a base. (Points far from their declared township are checked where points are
// placed, in load.cpp.) Internal to io.
#pragma once

#include "ogr_layer.hpp"
#include "sunplan/core/dataset.hpp"
#include "sunplan/core/progress.hpp"
#include "sunplan/geo/transformer.hpp"

namespace sunplan::io {

// Pairs of townships that overlap by more than `min_area_m2`: each one larger than `min_share`
// of the smaller township is reported with its area, the rest (slivers) summed in one warning.
// Returns how many pairs were reported one by one.
std::size_t report_township_overlaps(const Dataset& d, double min_area_m2, double min_share,
                                     LayerProblems& townships, const geo::Transformer& to_lonlat,
                                     Progress& progress);

// Townships with no youth and no base (of any status); returns how many.
std::size_t report_empty_townships(const Dataset& d, LayerProblems& townships,
                                   const geo::Transformer& to_lonlat);

}  // namespace sunplan::io
