// Aggregate privacy mode: which published counts of people are withheld, decided once for the
// whole run and obeyed by every writer (layers, reports, maps, JSON, the terminal).
//
//   RunResult r = run_scenario(...);          // plans r.disclosure when [privacy] is aggregate
//   r.disclosure.unit(u)                      // township/county/... u's counts withheld
//   r.disclosure.text(r.disclosure.total, n)  // "1234" or "suppressed"
//
// Counts of 1 to min_count-1 youth are withheld (primary), and so are the counts that would
// give them back through a total, a difference or a rate (complementary suppression with
// core/cell_suppression.hpp over every additive relation the outputs publish: township ->
// county -> city -> province -> the whole area, per figure; base loads and team loads against
// the served and paired totals; grid cells against the youth total; siting gains against the
// growth in reach; pairing and relay totals against their parts). A unit's counts are withheld
// together (youth, in reach, served, rates, distances, quotas, met flags), in every layer that
// holds the unit. docs/reliability.md ("Privacy") lists the fields.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "sunplan/core/dataset.hpp"
#include "sunplan/io/output_layer.hpp"
#include "sunplan/pipeline/disclosure_audit.hpp"

namespace sunplan {

struct RunResult;

struct Disclosure {
  bool active = false;  // aggregate mode: otherwise nothing is withheld
  std::int64_t min_count = 5;
  bool total = false;              // the whole area's figures (headline, targets "all")
  std::vector<bool> units;         // per admin unit
  std::vector<bool> bases, teams;  // their load (and capacity, which bounds it)
  // Per base: its capacity is withheld, because its load is or, for a chosen site, its load
  // after siting is: a published capacity of 3 tells a withheld load is at most 3, and a
  // capacity beside loads that add up to a total bounds the others (load <= capacity).
  std::vector<bool> capacities;
  std::vector<bool> sites;              // marginal_gain and load_after, per chosen base
  std::vector<bool> grid;               // rows of youth_grid
  std::map<std::string, bool> figures;  // whole-area counts without a layer: "pairing.kept", ...

  // How many townships each step withheld (primary, complementary rules, interval audit) and
  // what the protection cost: for measuring over-suppression (bench/disclosure_bench.cpp,
  // docs/reliability.md), never written to an output (it would tell primary cells apart).
  struct Steps {
    std::size_t primary = 0, complement = 0, audit = 0;
  };
  Steps townships, groups;
  ProtectionStats protection;

  // The attacker's view of the system (disclosure_cells, disclosure_relations; written beside
  // the layers) and the fingerprint of the data it was planned on (run_metadata
  // disclosure_data): what --published-with reads back (pipeline/disclosure_ledger.hpp).
  std::vector<OutputLayer> ledger;
  std::string data;
  // --published-with: cells of this run the earlier outputs publish or withhold too, groups
  // withheld because they withhold them, their cells this run does not have.
  struct Published {
    std::size_t shared = 0, forced = 0, foreign = 0;
  };
  Published published;

  bool unit(std::int32_t u) const {
    return active && (u == kNone ? total : units[static_cast<std::size_t>(u)]);
  }
  bool base(std::size_t b) const { return active && bases[b]; }
  bool team(std::size_t t) const { return active && teams[t]; }
  bool capacity(std::size_t b) const { return active && capacities[b]; }
  bool site(std::size_t n) const { return active && sites[n]; }
  bool figure(const std::string& name) const {
    auto it = figures.find(name);
    return active && it != figures.end() && it->second;
  }
  // A count as text: the number, or "suppressed" (never "<5": a complementary cell would then
  // be told apart from a primary one).
  static std::string text(bool withheld, std::int64_t n);
};

// What the keys of the system's record are made of (disclosure_ledger.hpp): fingerprints of
// the catchment settings (coverage_settings_fingerprint), of what decides the siting plan
// ("" when it may differ between two runs of the same settings: figures keyed by the run) and
// the pairing, and the run's own id for what only this run publishes ("" = a random one).
struct DisclosureKeys {
  std::string coverage_settings;
  std::string siting, pairing;
  std::string run_id;
};

// Decides what aggregate mode withholds for a computed run (after apply_privacy made
// youth_grid); inactive in full mode. The outputs in r.privacy.published_with join the
// system (an output of other data is refused: InputError naming it).
Disclosure plan_disclosure(const RunResult& r, const DisclosureKeys& keys = {});

// Nulls every withheld count in the layers (and sets `suppressed` = 1 on the row); gap ranks
// are given to visible townships only, withheld ones listed last without a rank.
void apply_disclosure(const Disclosure& disclosure, const Dataset& d,
                      std::vector<OutputLayer>& layers);

}  // namespace sunplan
