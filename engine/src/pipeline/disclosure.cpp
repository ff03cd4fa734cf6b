#include "sunplan/pipeline/disclosure.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <random>
#include <set>
#include <stdexcept>

#include "sunplan/core/cell_suppression.hpp"
#include "sunplan/core/error.hpp"
#include "sunplan/core/sha256.hpp"
#include "sunplan/coverage/catchment_radius.hpp"
#include "sunplan/pipeline/disclosure_audit.hpp"
#include "sunplan/pipeline/disclosure_ledger.hpp"
#include "sunplan/pipeline/privacy.hpp"
#include "sunplan/pipeline/run.hpp"

namespace sunplan {

std::string Disclosure::text(bool withheld, std::int64_t n) {
  return withheld ? "suppressed" : std::to_string(n);
}

namespace {

using Cell = CellSuppression::Cell;
using Group = CellSuppression::Group;

// Each cell's key in the output's record of its system (pipeline/disclosure_ledger.hpp):
// "<figure>@<unit code>" (or "@all", "@base:<id>", ...). Figures that depend on the catchment
// carry its fingerprint ("served#<fingerprint>@..."), figures of the siting plan or the
// pairing a fingerprint of what decides them ("site.<fingerprint>/...", "pair.../"), what
// may differ between two runs of the same settings the run's own prefix ("run.<id>/..."):
// the same key names the same quantity in every output of the same data. Unpublished
// differences have none ("").
struct Keys {
  std::vector<std::string> of;
  Cell name(Cell c, const std::string& figure, const std::string& where) {
    if (of.size() <= c) of.resize(c + 1);
    of[c] = figure + "@" + where;
    return c;
  }
};

// One figure over the admin hierarchy: a cell per unit and one for the whole area, with
// total = sum(children) at every level and the whole area = sum(top-level units). Gives the
// cells, per unit and the whole area last.
std::vector<CellSuppression::Cell> add_hierarchy(CellSuppression& s, const AdminUnits& admin,
                                                 Group root, const std::vector<Group>& unit_group,
                                                 double whole,
                                                 const std::function<double(std::size_t)>& value_of,
                                                 Keys& keys, const std::string& name) {
  const std::size_t n = admin.units.size();
  std::vector<Cell> cell(n);
  for (std::size_t u = 0; u < n; ++u)
    cell[u] = keys.name(s.add_cell(value_of(u), unit_group[u]), name, admin.units[u].code);
  const Cell total = keys.name(s.add_cell(whole, root), name, "all");
  std::vector<std::vector<Cell>> children(n);
  std::vector<Cell> top;
  for (std::size_t u = 0; u < n; ++u) {
    const std::int32_t p = admin.units[u].parent;
    (p == kNone ? top : children[static_cast<std::size_t>(p)]).push_back(cell[u]);
  }
  for (std::size_t u = 0; u < n; ++u)
    if (!children[u].empty()) s.add_relation(cell[u], children[u]);
  s.add_relation(total, top);
  cell.push_back(total);
  return cell;
}

// One figure published per township only (site_effect) and for the whole area.
std::vector<CellSuppression::Cell> add_flat(CellSuppression& s, const AdminUnits& admin, Group root,
                                            const std::vector<Group>& unit_group, double whole,
                                            const std::function<double(std::size_t)>& value_of,
                                            Keys& keys, const std::string& name) {
  std::vector<Cell> parts;
  for (std::int32_t t : admin.townships) {
    const auto u = static_cast<std::size_t>(t);
    parts.push_back(keys.name(s.add_cell(value_of(u), unit_group[u]), name, admin.units[u].code));
  }
  const Cell total = keys.name(s.add_cell(whole, root), name, "all");
  s.add_relation(total, parts);
  parts.push_back(total);
  return parts;
}

// Whole-area counts printed in text and JSON only, each its own group.
// Keyed by the stage they come from (its prefix: "siting", "relay", else pairing), numbered
// within a name.
struct Figures {
  CellSuppression& s;
  Keys& keys;
  std::string siting, pairing, relay;  // the stages' key prefixes
  std::map<std::string, Group> groups;
  std::map<std::string, int> added;
  Cell add(const std::string& name, double value) {
    auto [it, fresh] = groups.try_emplace(name, 0);
    if (fresh) it->second = s.add_group();
    const std::string& prefix = name.rfind("siting", 0) == 0  ? siting
                                : name.rfind("relay", 0) == 0 ? relay
                                                              : pairing;
    return keys.name(s.add_cell(value, it->second),
                     prefix + name + "#" + std::to_string(added[name]++), "all");
  }
};

double d(std::int64_t v) {
  return static_cast<double>(v);
}

// The cells and relations of one run's published figures, added step by step in a fixed order
// (the order the cells are added in is the order the suppression walks them), then solved.
struct DisclosurePlan {
  const RunResult& r;
  const Dataset& data;
  const AdminUnits& admin;
  const coverage::UnitFiguresResult& fig;
  CellSuppression s;
  Group root;
  std::vector<Group> unit_group;
  Keys keys;
  std::string reach;     // "#<catchment fingerprint>" for figures of reach and served
  std::string private_;  // "run.<id>/": what only this run publishes
  // Figures of the siting plan and of the pairing: keyed by a fingerprint of what decides
  // them (DisclosureKeys), so two outputs of the same plan share them.
  std::string siting_, pairing_;
  Figures figures{s, keys, {}, {}, {}, {}, {}};
  std::vector<Group> base_group, site_group, team_group, grid_group;
  std::vector<std::vector<Cell>> coverage_cells;  // [field][unit], the whole area last
  ProtectionStats stats;
  std::vector<PublishedMerge> merges;
  std::string data_print;      // disclosure_data_fingerprint(data): hashes every youth, so once
  std::size_t own_groups = 0;  // this run's; other outputs' cells come after

  DisclosurePlan(const RunResult& result, const DisclosureKeys& k)
      : r(result),
        data(result.load.dataset),
        admin(result.load.dataset.admin),
        fig(result.coverage.figures),
        s(result.privacy.min_count),
        root(s.add_group()),
        unit_group(admin.units.size()) {
    for (Group& g : unit_group) g = s.add_group();
    std::string radii =
        k.coverage_settings + ";" + std::to_string(static_cast<int>(r.coverage.measure));
    for (double x : r.coverage.radius) radii += "," + std::to_string(x);
    reach = "#" + sha256_hex(radii).substr(0, 12);
    private_ = "run." + k.run_id + "/";
    siting_ = k.siting.empty() ? private_ : "site." + k.siting + reach + "/";
    pairing_ = "pair." + k.pairing + reach + "/";
    const auto* rp = r.pairing ? &r.pairing->options : nullptr;
    figures.siting = siting_;
    figures.pairing = pairing_;
    figures.relay = rp ? "relay." + k.pairing + reach + "." + std::to_string(rp->relay_date) + "." +
                             std::to_string(rp->calendar_from) + "." +
                             std::to_string(rp->calendar_days) + "/"
                       : private_;
  }

  // Keyed cells outside the hierarchies.
  Cell cell(double value, Group g, const std::string& figure, const std::string& where) {
    return keys.name(s.add_cell(value, g), figure, where);
  }

  // Coverage figures of every unit (townships ... provinces layers, gap_ranking, report).
  void add_unit_coverage() {
    using UF = coverage::UnitFigures;
    const auto urban = static_cast<std::size_t>(UrbanRural::urban);
    const auto rural = static_cast<std::size_t>(UrbanRural::rural);
    const std::vector<std::function<double(const UF&)>> unit_fields = {
        [](const UF& f) { return d(f.youth); }, [](const UF& f) { return d(f.in_reach); },
        [](const UF& f) { return d(f.served); }, [](const UF& f) { return d(f.youth - f.served); },
        [](const UF& f) { return d(f.youth - f.in_reach); },
        [](const UF& f) { return d(f.unserved_no_base); },
        [](const UF& f) { return d(f.unserved_full); },
        [&](const UF& f) { return d(f.by_class[urban].youth); },
        [&](const UF& f) { return d(f.by_class[urban].in_reach); },
        [&](const UF& f) { return d(f.by_class[urban].served); },
        [&](const UF& f) { return d(f.by_class[rural].youth); },
        [&](const UF& f) { return d(f.by_class[rural].in_reach); },
        [&](const UF& f) { return d(f.by_class[rural].served); },
        // Differences a reader can take within a row are counts of people too.
        [](const UF& f) { return d(f.in_reach - f.served); },
        [&](const UF& f) { return d(f.by_class[urban].youth - f.by_class[urban].in_reach); },
        [&](const UF& f) { return d(f.by_class[urban].youth - f.by_class[urban].served); },
        [&](const UF& f) { return d(f.by_class[urban].in_reach - f.by_class[urban].served); },
        [&](const UF& f) { return d(f.by_class[rural].youth - f.by_class[rural].in_reach); },
        [&](const UF& f) { return d(f.by_class[rural].youth - f.by_class[rural].served); },
        [&](const UF& f) { return d(f.by_class[rural].in_reach - f.by_class[rural].served); }};
    // Their names in keys; youth counts depend on the data alone, the others on the catchment.
    static const std::vector<std::string> names = {"youth",
                                                   "in_reach",
                                                   "served",
                                                   "unserved",
                                                   "not_in_reach",
                                                   "unserved_no_base",
                                                   "unserved_full",
                                                   "urban_youth",
                                                   "urban_in_reach",
                                                   "urban_served",
                                                   "rural_youth",
                                                   "rural_in_reach",
                                                   "rural_served",
                                                   "in_reach_not_served",
                                                   "urban_not_in_reach",
                                                   "urban_unserved",
                                                   "urban_in_reach_not_served",
                                                   "rural_not_in_reach",
                                                   "rural_unserved",
                                                   "rural_in_reach_not_served"};
    for (std::size_t i = 0; i < unit_fields.size(); ++i) {
      const auto& field = unit_fields[i];
      const bool data_only = i == 0 || i == 7 || i == 10;
      coverage_cells.push_back(add_hierarchy(
          s, admin, root, unit_group, field(fig.total),
          [&](std::size_t u) { return field(fig.units[u]); }, keys,
          names[i] + (data_only ? "" : reach)));
    }
    add_coverage_identities();
  }

  // What a reader derives within one row of the coverage figures (the indexes of
  // add_unit_coverage's fields): the audit combines these with the hierarchies.
  void add_coverage_identities() {
    static const std::vector<std::vector<std::size_t>> rows = {
        {0, 1, 4},  {1, 2, 13}, {0, 2, 3},    {3, 5, 6},    {4, 5},
        {13, 6},    {0, 7, 10}, {1, 8, 11},   {2, 9, 12},   {7, 8, 14},
        {8, 9, 16}, {7, 9, 15}, {10, 11, 17}, {11, 12, 19}, {10, 12, 18}};
    const auto& c = coverage_cells;
    for (std::size_t i = 0; i < c[0].size(); ++i)
      for (const auto& row : rows) {
        std::vector<Cell> parts;
        for (std::size_t k = 1; k < row.size(); ++k) parts.push_back(c[row[k]][i]);
        s.add_identity(c[row[0]][i], parts);
      }
    // A township's class is published: its youth of the other class are known to be none.
    static const std::vector<std::size_t> urban = {7, 8, 9, 14, 15, 16},
                                          rural = {10, 11, 12, 17, 18, 19};
    for (std::int32_t t : admin.townships) {
      const UrbanRural cls = coverage::unit_class(admin, t);
      for (const auto* other : {&urban, &rural}) {
        if ((other == &urban && cls == UrbanRural::urban) ||
            (other == &rural && cls == UrbanRural::rural))
          continue;
        for (std::size_t k : *other)
          if (s.value(c[k][static_cast<std::size_t>(t)]) == 0)
            s.set_known(c[k][static_cast<std::size_t>(t)]);
      }
    }
  }

  // Base loads add up to the youth served.
  void add_base_loads() {
    base_group.resize(data.bases.size());
    std::vector<Cell> loads;
    for (std::size_t b = 0; b < data.bases.size(); ++b) {
      base_group[b] = s.add_group();
      loads.push_back(cell(d(r.coverage.served.load[b]), base_group[b], "load" + reach,
                           "base:" + data.bases.id[b]));
    }
    s.add_relation(cell(d(fig.total.served), root, "served" + reach, "all"), loads);
  }

  void add_siting(const SitingStage& st) {
    const auto& after = st.after.figures;
    const std::string& p = siting_;
    const auto reach_after = add_flat(
        s, admin, root, unit_group, d(after.total.in_reach),
        [&](std::size_t u) { return d(after.units[u].in_reach); }, keys, p + "in_reach_after");
    const auto served = add_flat(
        s, admin, root, unit_group, d(after.total.served),
        [&](std::size_t u) { return d(after.units[u].served); }, keys, p + "served_after");
    // site_effect's before and after give the youth each township gains.
    const auto reach_gain = add_flat(
        s, admin, root, unit_group, d(after.total.in_reach - fig.total.in_reach),
        [&](std::size_t u) { return d(after.units[u].in_reach - fig.units[u].in_reach); }, keys,
        p + "in_reach_gain");
    const auto served_gain = add_flat(
        s, admin, root, unit_group, d(after.total.served - fig.total.served),
        [&](std::size_t u) { return d(after.units[u].served - fig.units[u].served); }, keys,
        p + "served_gain");
    // Within a row: after = before + gain, before being the coverage figure.
    for (std::size_t i = 0; i < reach_after.size(); ++i) {
      const std::size_t u = i + 1 < reach_after.size()
                                ? static_cast<std::size_t>(admin.townships[i])
                                : coverage_cells[1].size() - 1;
      s.add_identity(reach_after[i], {coverage_cells[1][u], reach_gain[i]});
      s.add_identity(served[i], {coverage_cells[2][u], served_gain[i]});
    }
    std::vector<Cell> gains, loads;
    for (std::size_t n = 0; n < st.chosen_bases.size(); ++n) {
      site_group.push_back(s.add_group());
      const std::string site = "site:" + std::to_string(n);
      if (n < st.marginal_gain.size())
        gains.push_back(cell(st.marginal_gain[n], site_group[n], p + "marginal_gain", site));
      loads.push_back(cell(d(st.after.served.load[static_cast<std::size_t>(st.chosen_bases[n])]),
                           site_group[n], p + "load_after", site));
    }
    // The gains add up to the growth in reach; the new bases' loads are part of those served.
    s.add_relation(
        cell(d(after.total.in_reach - fig.total.in_reach), root, p + "in_reach_gain", "all"),
        gains);
    s.add_relation(cell(d(after.total.served), root, p + "served_after", "all"), loads);
    // The solver's figures (siting_summary, JSON, report) are weighted counts of youth.
    const auto& res = st.result;
    const Cell total_weight = figures.add("siting", res.total_weight);
    figures.add("siting", res.objective);
    figures.add("siting", res.bound);
    s.add_relation(total_weight, {figures.add("siting", res.covered_weight),
                                  figures.add("siting", res.unreachable_weight)});
  }

  void add_pairing(const PairingStage& p) {
    const auto& tg = p.targets;
    using UP = pairing::UnitProgress;
    const std::vector<std::function<double(const UP&)>> target_fields = {
        [](const UP& u) { return d(u.youth); },
        [](const UP& u) { return d(u.paired); },
        [](const UP& u) { return d(u.youth - u.paired); },
        [](const UP& u) { return d(u.urban_youth); },
        [](const UP& u) { return d(u.urban_in_reach); },
        [](const UP& u) { return d(u.urban_youth - u.urban_in_reach); },
        [](const UP& u) { return d(u.paired_short); }};
    // Youth and urban youth are the coverage figures' (same keys); the rest is this run's.
    const std::vector<std::string> names = {"youth",
                                            pairing_ + "paired",
                                            pairing_ + "unpaired",
                                            "urban_youth",
                                            "urban_in_reach" + reach,
                                            "urban_not_in_reach" + reach,
                                            pairing_ + "paired_short"};
    std::vector<std::vector<Cell>> t;
    for (std::size_t i = 0; i < target_fields.size(); ++i) {
      const auto& field = target_fields[i];
      t.push_back(add_hierarchy(
          s, admin, root, unit_group, field(tg.total),
          [&](std::size_t u) { return field(tg.units[u]); }, keys, names[i]));
    }
    // Within a row: youth = paired + unpaired, urban youth = in reach + not.
    for (std::size_t i = 0; i < t[0].size(); ++i) {
      s.add_identity(t[0][i], {t[1][i], t[2][i]});
      s.add_identity(t[3][i], {t[4][i], t[5][i]});
    }
    std::vector<Cell> loads;
    for (std::size_t t = 0; t < data.teams.size(); ++t) {
      team_group.push_back(s.add_group());
      loads.push_back(
          cell(d(p.pairs.load[t]), team_group[t], pairing_ + "load", "team:" + data.teams.id[t]));
    }
    const Cell paired = cell(d(p.pairs.total_paired), root, pairing_ + "paired", "all");
    s.add_relation(paired, loads);
    add_pairing_totals(p, paired);
  }

  // Pairing's own totals (report text, JSON, the terminal) and the relay's.
  void add_pairing_totals(const PairingStage& p, Cell paired) {
    const Cell youth = cell(d(p.pairs.total_youth), root, pairing_ + "pairing_youth", "all");
    s.add_relation(youth, {cell(d(p.pairs.total_paired), root, pairing_ + "paired", "all"),
                           figures.add("pairing.unpaired_no_team", d(p.pairs.unpaired_no_team)),
                           figures.add("pairing.unpaired_full", d(p.pairs.unpaired_full))});
    s.add_relation(paired, {figures.add("pairing.kept", d(p.pairs.total_kept))});
    figures.add("pairing.existing_dropped", d(p.pairs.existing_dropped));
    if (p.relay) {
      const auto& rl = *p.relay;
      s.add_relation(figures.add("relay.to_hand_over", d(rl.youth_to_hand_over)),
                     {figures.add("relay.handed_over", d(rl.handed_over)),
                      figures.add("relay.not_handed_no_team", d(rl.not_handed_no_team)),
                      figures.add("relay.not_handed_full", d(rl.not_handed_full))});
    }
  }

  // Grid cells add up to every youth.
  void add_grid(const OutputLayer& grid) {
    int k = -1;
    for (std::size_t i = 0; i < grid.fields.size(); ++i)
      if (grid.fields[i].name == "youth") k = static_cast<int>(i);
    // The rows are the cells holding youth in ascending order (privacy.hpp): keyed by cell.
    // Each cell's youth per township, for the differencing below as well.
    std::map<GridCell, std::map<std::int32_t, double>> by_township;
    for (std::size_t i = 0; i < data.youth.size(); ++i)
      by_township[grid_cell(data.youth.pos[i], r.privacy.grid_m)][data.youth.township[i]] +=
          data.youth.count[i];
    std::vector<GridCell> at;
    for (const auto& [c, towns] : by_township) at.push_back(c);
    const std::string figure = "grid_youth." + std::to_string(std::llround(r.privacy.grid_m));
    std::vector<Cell> cells;
    double sum = 0;
    for (std::size_t i = 0; i < grid.rows.size(); ++i) {
      const auto* n = std::get_if<std::int64_t>(&grid.rows[i][static_cast<std::size_t>(k)]);
      grid_group.push_back(s.add_group());
      cells.push_back(
          at.size() == grid.rows.size()
              ? cell(n ? d(*n) : 0.0, grid_group.back(), figure,
                     std::to_string(at[i].first) + "," + std::to_string(at[i].second))
              : cell(n ? d(*n) : 0.0, grid_group.back(), private_ + figure, std::to_string(i)));
      sum += n ? d(*n) : 0.0;
    }
    s.add_relation(cell(sum, root, figure, "all"), cells);
    if (at.size() == cells.size()) add_grid_differencing(cells, by_township);
  }

  // Geographic differencing: a township's youth minus the cells that hold only its youth.
  // What it has in cells shared with other townships is an unpublished part. `by_township`:
  // each grid row's youth per township, the rows in order.
  void add_grid_differencing(
      const std::vector<Cell>& cells,
      const std::map<GridCell, std::map<std::int32_t, double>>& by_township) {
    std::map<std::int32_t, std::vector<Cell>> own_cells;
    std::size_t row = 0;
    for (const auto& [c, towns] : by_township) {
      if (towns.size() == 1 && towns.begin()->first != kNone)
        own_cells[towns.begin()->first].push_back(cells[row]);
      ++row;
    }
    for (const auto& [t, parts] : own_cells)
      s.add_relation(cell(d(fig.units[static_cast<std::size_t>(t)].youth),
                          unit_group[static_cast<std::size_t>(t)], "youth",
                          admin.units[static_cast<std::size_t>(t)].code),
                     parts);
  }

  // One quantity in several relations (a township's youth in the hierarchy and in the grid
  // differencing; the served total; the targets' youth): the same value, so one cell for
  // the attacker, and for the audit. Cells of one key that differ are not one quantity: such
  // a cell gets a key of its own, private to the run.
  void link_same_keys() {
    keys.of.resize(s.cell_count());
    std::map<std::string, Cell> first;
    for (Cell c = 0; c < keys.of.size(); ++c) {
      if (keys.of[c].empty()) {
        if (s.group(c) != CellSuppression::kUnpublished)
          throw std::logic_error("disclosure: a published cell without a key");
        continue;
      }
      const auto [it, fresh] = first.try_emplace(keys.of[c], c);
      if (fresh) continue;
      if (std::abs(s.value(it->second) - s.value(c)) < 1e-9)
        s.add_identity(it->second, {c});
      else
        keys.of[c] = private_ + keys.of[c] + "#" + std::to_string(c);
    }
    own_groups = s.group_count();
  }

  // --published-with: each earlier output's record joins the system (disclosure_ledger.hpp).
  void merge_published_systems() {
    data_print = disclosure_data_fingerprint(data);
    for (const auto& prev : r.privacy.published_with) {
      if (prev->data != data_print)
        throw InputError(prev->file, "run_metadata", -1, "disclosure_data",
                         "is an output of other data (its inputs, or how they load, differ from "
                         "this run's): only outputs of the same data can be published together");
      merges.push_back(merge_published(s, keys.of, *prev));
    }
  }

  // Solves the suppression and marks what each group withholds.
  void solve_into(Disclosure& out) {
    std::vector<std::function<bool(Cell)>> watches;
    for (const PublishedMerge& m : merges) watches.push_back(m.watch());
    stats = protect(s, true, [&](Cell c) {
      return std::any_of(watches.begin(), watches.end(), [&](const auto& w) { return w(c); });
    });
    for (const PublishedMerge& m : merges) {
      out.published.forced += m.forced;
      out.published.shared += m.shared;
      out.published.foreign += m.foreign;
    }
    out.data = data_print;
    out.ledger = ledger_layers(s, keys.of);
    out.total = s.group_hidden(root);
    for (std::size_t u = 0; u < admin.units.size(); ++u)
      out.units[u] = s.group_hidden(unit_group[u]);
    for (std::size_t b = 0; b < base_group.size(); ++b)
      out.bases[b] = s.group_hidden(base_group[b]);
    for (std::size_t t = 0; t < team_group.size(); ++t)
      out.teams[t] = s.group_hidden(team_group[t]);
    for (std::size_t n = 0; n < site_group.size(); ++n)
      out.sites[n] = s.group_hidden(site_group[n]);
    for (std::size_t k = 0; k < grid_group.size(); ++k) out.grid[k] = s.group_hidden(grid_group[k]);
    for (const auto& [name, g] : figures.groups) out.figures[name] = s.group_hidden(g);
    out.protection = stats;
    // Complementary: withheld by the rules' first pass; audit: withheld after it (by the
    // audit or by the rules' answer to what the audit withheld).
    auto count = [&](Disclosure::Steps& n, Group g) {
      if (!s.group_hidden(g)) return;
      const bool primary = s.group_step(g) == CellSuppression::Step::primary;
      n.primary += primary;
      n.complement += !primary && stats.after_rules[g];
      n.audit += !stats.after_rules[g];
    };
    for (Group g = 0; g < own_groups; ++g) count(out.groups, g);
    for (std::int32_t t : admin.townships)
      count(out.townships, unit_group[static_cast<std::size_t>(t)]);
  }
};

}  // namespace

Disclosure plan_disclosure(const RunResult& r, const DisclosureKeys& keys) {
  const Dataset& data = r.load.dataset;
  Disclosure out;
  out.active = r.privacy.aggregate_only;
  out.min_count = r.privacy.min_count;
  out.units.assign(data.admin.units.size(), false);
  out.bases.assign(data.bases.size(), false);
  out.teams.assign(data.teams.size(), false);
  out.capacities.assign(data.bases.size(), false);
  out.sites.assign(r.siting ? r.siting->chosen_bases.size() : 0, false);
  const OutputLayer* grid = nullptr;
  for (const OutputLayer& l : r.layers)
    if (l.name == "youth_grid") grid = &l;
  out.grid.assign(grid ? grid->rows.size() : 0, false);
  if (!out.active) return out;

  DisclosureKeys k = keys;
  if (k.run_id.empty()) {
    // Private keys only need to differ from every other run's.
    std::random_device rd;
    char buf[24];
    std::snprintf(buf, sizeof buf, "%08x%08x", rd(), rd());
    k.run_id = buf;
  }
  DisclosurePlan plan(r, k);
  plan.add_unit_coverage();
  plan.add_base_loads();
  if (r.siting) plan.add_siting(*r.siting);
  if (r.pairing) plan.add_pairing(*r.pairing);
  if (grid) plan.add_grid(*grid);
  plan.link_same_keys();
  plan.merge_published_systems();
  plan.solve_into(out);
  out.capacities = out.bases;
  for (std::size_t n = 0; n < out.sites.size(); ++n)
    if (out.sites[n]) out.capacities[static_cast<std::size_t>(r.siting->chosen_bases[n])] = true;
  return out;
}

namespace {

// Row i's `suppressed` flag (the field added when missing).
void mark(OutputLayer& l, std::size_t row, bool withheld) {
  int k = field_index(l, "suppressed");
  if (k < 0) {
    l.fields.push_back({"suppressed", FieldType::integer});
    const FieldValue zero{std::int64_t{0}};
    for (auto& r : l.rows) r.push_back(zero);
    k = static_cast<int>(l.fields.size()) - 1;
  }
  if (withheld) l.rows[row][static_cast<std::size_t>(k)] = std::int64_t{1};
}

void null_fields(OutputLayer& l, std::size_t row, std::initializer_list<const char*> names) {
  for (const char* f : names)
    if (int k = field_index(l, f); k >= 0)
      l.rows[row][static_cast<std::size_t>(k)] = std::monostate{};
}

// Fields of a unit's row that hold no count of youth (names, codes, facilities, targets set
// by the programme): everything else is withheld with the unit.
const std::set<std::string>& unit_identity_fields() {
  static const std::set<std::string> keep = {
      "code",       "name",  "parent",      "county",         "urban_rural",
      "urban_rule", "level", "township",    "bases_existing", "bases_candidate",
      "bases",      "teams", "specialists", "pairing_target", "new_sites",
      "suppressed", "rank",  "gap_rank"};
  return keep;
}

// Visible rows keep their order and are ranked 1, 2, ... again; withheld rows lose their rank
// (its place among the others would bound their counts).
void rerank(OutputLayer& l, const char* rank_field, const std::vector<bool>& withheld) {
  const int k = field_index(l, rank_field);
  if (k < 0) return;
  const auto K = static_cast<std::size_t>(k);
  std::vector<std::pair<std::int64_t, std::size_t>> ranked;
  for (std::size_t i = 0; i < l.rows.size(); ++i) {
    if (withheld[i]) {
      l.rows[i][K] = std::monostate{};
      continue;
    }
    if (const auto* v = std::get_if<std::int64_t>(&l.rows[i][K])) ranked.push_back({*v, i});
  }
  std::sort(ranked.begin(), ranked.end());
  for (std::size_t n = 0; n < ranked.size(); ++n) l.rows[ranked[n].second][K] = std::int64_t(n + 1);
}

void apply_to_unit_layer(const Disclosure& dis, const AdminUnits& admin,
                         const std::map<std::string, std::int32_t>& unit_of, OutputLayer& l,
                         const char* key) {
  const int k = field_index(l, key);
  if (k < 0) return;
  std::vector<bool> withheld(l.rows.size(), false);
  for (std::size_t i = 0; i < l.rows.size(); ++i) {
    const auto* code = std::get_if<std::string>(&l.rows[i][static_cast<std::size_t>(k)]);
    std::int32_t u = kNone;  // the targets row "total" (code "") is the whole area
    if (code && !code->empty()) {
      auto it = unit_of.find(*code);
      if (it != unit_of.end()) u = it->second;
    }
    withheld[i] = dis.unit(u);
    // A quota is the parent's quota times this unit's share of the parent's youth: under a
    // withheld parent whose quota is known (set in [targets]) it would give the parent's youth.
    if (!withheld[i] && u != kNone && (l.name == "targets" || l.name == "targets_townships") &&
        dis.unit(admin.units[static_cast<std::size_t>(u)].parent))
      null_fields(l, i, {"base_quota", "specialist_quota", "bases_met", "specialists_met"});
  }
  for (std::size_t i = 0; i < l.rows.size(); ++i) {
    if (withheld[i])
      for (std::size_t f = 0; f < l.fields.size(); ++f)
        if (!unit_identity_fields().count(l.fields[f].name)) l.rows[i][f] = std::monostate{};
    mark(l, i, withheld[i]);
  }
  rerank(l, "gap_rank", withheld);
  if (l.name == "townships" || l.name == "counties" || l.name == "cities" || l.name == "provinces")
    for (std::size_t i = 0; i < l.rows.size(); ++i)
      if (withheld[i]) null_fields(l, i, {"gap_reason"});
  if (l.name == "gap_ranking") {
    rerank(l, "rank", withheld);
    // Withheld townships last, so the row order tells nothing either.
    std::vector<std::size_t> order(l.rows.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return withheld[a] < withheld[b]; });
    auto rows = l.rows;
    for (std::size_t i = 0; i < order.size(); ++i) l.rows[i] = rows[order[i]];
  }
}

}  // namespace

void apply_disclosure(const Disclosure& dis, const Dataset& d, std::vector<OutputLayer>& layers) {
  if (!dis.active) return;
  std::map<std::string, std::int32_t> unit_of;
  for (std::size_t u = 0; u < d.admin.units.size(); ++u)
    unit_of[d.admin.units[u].code] = static_cast<std::int32_t>(u);
  for (OutputLayer& l : layers) {
    if (l.name == "townships" || l.name == "counties" || l.name == "cities" ||
        l.name == "provinces" || l.name == "site_effect" || l.name == "targets" ||
        l.name == "targets_townships") {
      apply_to_unit_layer(dis, d.admin, unit_of, l, "code");
    } else if (l.name == "gap_ranking") {
      apply_to_unit_layer(dis, d.admin, unit_of, l, "township");
    } else if (l.name == "bases" || l.name == "teams") {
      const bool bases = l.name == "bases";
      for (std::size_t i = 0; i < l.rows.size(); ++i) {
        const bool withheld = bases ? dis.base(i) : dis.team(i);
        // A base's capacity goes with its load or its load as a chosen site; a team's with its
        // load.
        const bool capacity = bases ? dis.capacity(i) : withheld;
        if (withheld) null_fields(l, i, {"load"});
        if (capacity) null_fields(l, i, {"capacity"});
        mark(l, i, withheld || capacity);
      }
    } else if (l.name == "sites") {
      for (std::size_t i = 0; i < l.rows.size(); ++i) {
        if (dis.site(i)) null_fields(l, i, {"marginal_gain", "load_after"});
        mark(l, i, dis.site(i));
      }
    } else if (l.name == "relay_calendar") {
      // Handovers are counted per team pair and day, small by nature and tied to the teams'
      // published loads: no count leaves in aggregate mode, only who hands over to whom, when.
      for (std::size_t i = 0; i < l.rows.size(); ++i) {
        null_fields(l, i, {"youth"});
        mark(l, i, true);
      }
    } else if (l.name == "youth_grid") {
      for (std::size_t i = 0; i < l.rows.size(); ++i) {
        if (dis.grid[i]) null_fields(l, i, {"youth"});
        mark(l, i, dis.grid[i]);
      }
    } else if (l.name == "siting_summary" && dis.figure("siting")) {
      static const std::set<std::string> counts = {
          "objective",          "bound",           "gap",         "covered_weight", "total_weight",
          "unreachable_weight", "exact_objective", "exact_bound", "stage"};
      for (auto& row : l.rows)
        if (const auto* key = std::get_if<std::string>(&row[0]); key && counts.count(*key))
          row[1] = std::string("suppressed");
    }
  }
}

}  // namespace sunplan
