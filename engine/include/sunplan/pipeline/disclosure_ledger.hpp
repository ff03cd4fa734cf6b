// Publishing several aggregate-mode outputs of the same data together (issue 15): each output
// keeps the attacker's view of its own suppression system, and a later run plans its own
// suppression in the system of every output published before it.
//
//   // writing: the view of a planned system, as two attribute tables
//   for (OutputLayer& l : ledger_layers(s, keys)) writer.write(l);
//   // a later run (--published-with site.gpkg)
//   PublishedSystem prev = read_published_system("site.gpkg");
//   PublishedMerge m = merge_published(s, keys, prev);   // before protect(s)
//   protect(s, true, m.watch());
//
// The view holds only what the output publishes: per cell a key naming the quantity (the same
// quantity in two outputs has the same key, different quantities never share one: see
// docs/reliability.md, "Privacy") and its published value, NULL when withheld; per relation
// or identity the keys of its total and parts, its unpublished difference as a keyless
// unknown of a known sign.
//
//   disclosure_cells(key TEXT, value REAL)          NULL value: withheld
//   disclosure_relations(relation INTEGER, role TEXT, key TEXT, sign INTEGER)
//       role "total" | "part" | "rest" (the unpublished difference: no key, sign 1 or -1)
//
// Merging (a cell of this run and one of PREV with the same key are one cell):
// * PREV published it: a constant the attacker knows (it cannot be unpublished);
// * PREV withheld it: withheld here too (its group);
// * PREV alone holds it: a cell this run knows no value of, known when published, else an
//   unknown watched by the audit; PREV's relations enter as equations for the audit only.
// A watched cell whose interval in the combined system fails the rule must be protected when
// its interval in PREV's system alone passed (a count PREV protected; which of them were
// small this run cannot tell): the watch() predicate computes that interval, without values.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sunplan/core/cell_suppression.hpp"
#include "sunplan/core/dataset.hpp"
#include "sunplan/io/output_layer.hpp"
#include "sunplan/io/settings.hpp"

namespace sunplan {

struct PublishedSystem {
  std::string file;
  std::string data;  // run_metadata disclosure_data: the fingerprint of the data
  std::int64_t min_count = 5;
  std::map<std::string, std::string> inputs;  // run_metadata "sha256:<file>" rows
  struct Cell {
    std::string key;
    std::optional<double> value;  // nullopt: withheld
  };
  std::vector<Cell> cells;
  struct Relation {
    std::string total;
    std::vector<std::string> parts;
    int rest = 0;  // the unpublished difference's sign, 0 when there is none
  };
  std::vector<Relation> relations;
};

// The tables above for a planned system; keys[c] per cell, "" for unpublished differences.
// A key held by several cells (one quantity in several relations) is one row.
std::vector<OutputLayer> ledger_layers(const CellSuppression& s,
                                       const std::vector<std::string>& keys);

// The view as those tables hold it (file, data and inputs left empty).
PublishedSystem published_system(const OutputLayer& cells, const OutputLayer& relations);

// Reads an output's view; throws InputError naming the file when it is no sunplan result or
// holds no view (written in full mode, or by a sunplan without it).
PublishedSystem read_published_system(const std::string& path);

// A fingerprint of what the counts are computed from: the units, youth and bases as loaded.
// Two outputs are of the same data when theirs agree.
std::string disclosure_data_fingerprint(const Dataset& d);

// Of the scenario's keys under `sections` but those in `except` (12 hex digits).
std::string settings_fingerprint(const Settings& settings, const std::vector<std::string>& sections,
                                 const std::vector<std::string>& except);
// Of the settings coverage reach and served figures depend on ([catchment], [network]).
std::string coverage_settings_fingerprint(const Settings& settings);

class PublishedMerge {
 public:
  // Whether a watched cell's interval, in its own output's system alone, passed the rule.
  std::function<bool(CellSuppression::Cell)> watch() const;
  std::size_t forced = 0;   // groups of this run withheld because PREV withheld a cell
  std::size_t shared = 0;   // cells of this run PREV publishes or withholds too
  std::size_t foreign = 0;  // PREV's cells this run does not have

 private:
  friend PublishedMerge merge_published(CellSuppression&, std::vector<std::string>&,
                                        const PublishedSystem&);
  struct Alone {
    std::shared_ptr<CellSuppression> s;
    std::map<std::string, CellSuppression::Cell> cell;
    std::map<CellSuppression::Cell, bool> passed;  // intervals computed so far
  };
  std::shared_ptr<Alone> m_alone;
  std::map<CellSuppression::Cell, std::string> m_watched;  // combined cell -> key
};

// Adds PREV's system to s (this run's, keys[c] per cell, extended with PREV's cells, so a
// second PREV merges with the first); before protect(s). Throws InputError naming PREV when a
// value PREV published differs from this run's (not the same data, or keys that do not name
// the same quantity).
PublishedMerge merge_published(CellSuppression& s, std::vector<std::string>& keys,
                               const PublishedSystem& prev);

}  // namespace sunplan
