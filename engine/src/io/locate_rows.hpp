// Reading the address and division columns of every row of a layer and matching them
// (the first pass of a located layer; internal to io).
//
//   require_locate_columns(opened, spec);
//   auto matches = match_layer_rows(opened, spec, matcher, progress);  // matches[row - 1]
#pragma once

#include <vector>

#include "ogr_layer.hpp"
#include "sunplan/gazetteer/address_matcher.hpp"

namespace sunplan::io {

// Throws InputError naming the missing column and listing the layer's columns.
void require_locate_columns(const OpenedLayer& opened, const LayerSpec& spec);

// One match per feature, in reading order (the layer is read from its start and reset after).
// The texts are held only while matching.
std::vector<gazetteer::PlaceMatch> match_layer_rows(const OpenedLayer& opened,
                                                    const LayerSpec& spec,
                                                    const gazetteer::AddressMatcher& matcher,
                                                    Progress& progress);

}  // namespace sunplan::io
