// The layer of a scene that holds the units of one admin level, as a run's GeoPackage names
// it (pipeline/result_layers): the statistics table names its groups from it and the
// disclosure reads the figures the run publishes there.
//
//   if (const Layer* counties = scene.find(layer_for(AdminLevel::county))) ...
#pragma once

#include "sunplan/core/dataset.hpp"

namespace sunplan::scene {

// "provinces", "cities", "counties" or "townships"; "" for a level without a layer
// (country, village).
constexpr const char* layer_for(AdminLevel level) {
  switch (level) {
    case AdminLevel::province:
      return "provinces";
    case AdminLevel::city:
      return "cities";
    case AdminLevel::county:
      return "counties";
    case AdminLevel::township:
      return "townships";
    default:
      return "";
  }
}

}  // namespace sunplan::scene
