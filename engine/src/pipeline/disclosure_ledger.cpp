#include "sunplan/pipeline/disclosure_ledger.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <variant>

#include "sunplan/core/error.hpp"
#include "sunplan/core/sha256.hpp"
#include "sunplan/io/result_reader.hpp"
#include "sunplan/pipeline/disclosure_audit.hpp"

namespace sunplan {

namespace {

using Cell = CellSuppression::Cell;
using Group = CellSuppression::Group;

bool trivial(const CellSuppression::Relation& r, const std::vector<std::string>& keys) {
  for (Cell p : r.parts)
    if (p >= keys.size() || keys[p] != keys[r.total]) return false;
  return true;
}

}  // namespace

std::vector<OutputLayer> ledger_layers(const CellSuppression& s,
                                       const std::vector<std::string>& keys) {
  OutputLayer cells("disclosure_cells", GeometryKind::none);
  cells.fields = {{"key", FieldType::text}, {"value", FieldType::real}};
  // One row per key, published when any of its cells is (they are one quantity).
  std::map<std::string, std::optional<double>> value;
  std::vector<std::string> order;
  for (Cell c = 0; c < s.cell_count() && c < keys.size(); ++c) {
    if (keys[c].empty()) continue;
    auto [it, fresh] = value.try_emplace(keys[c], std::nullopt);
    if (fresh) order.push_back(keys[c]);
    if (!s.hidden(c) || s.known(c)) it->second = s.value(c);
  }
  for (const std::string& k : order)
    cells.add_row({k, value[k] ? FieldValue{*value[k]} : FieldValue{}});
  OutputLayer rels("disclosure_relations", GeometryKind::none);
  rels.fields = {{"relation", FieldType::integer},
                 {"role", FieldType::text},
                 {"key", FieldType::text},
                 {"sign", FieldType::integer}};
  std::int64_t n = 0;
  for (const auto& r : s.relations()) {
    if (trivial(r, keys)) continue;
    rels.add_row({n, std::string("total"), keys[r.total], FieldValue{}});
    for (Cell p : r.parts) {
      if (s.group(p) == CellSuppression::kUnpublished)
        rels.add_row({n, std::string("rest"), FieldValue{}, std::int64_t{s.value(p) < 0 ? -1 : 1}});
      else
        rels.add_row({n, std::string("part"), keys[p], FieldValue{}});
    }
    ++n;
  }
  return {std::move(cells), std::move(rels)};
}

PublishedSystem published_system(const OutputLayer& cells, const OutputLayer& rels) {
  PublishedSystem out;
  const int key = field_index(cells, "key"), value = field_index(cells, "value");
  for (std::size_t i = 0; i < cells.rows.size(); ++i) {
    const double v = field_number(cells, i, value);
    out.cells.push_back(
        {field_text(cells, i, key), std::isnan(v) ? std::nullopt : std::optional<double>(v)});
  }
  const int id = field_index(rels, "relation"), role = field_index(rels, "role"),
            rkey = field_index(rels, "key"), sign = field_index(rels, "sign");
  double last = -1;
  for (std::size_t i = 0; i < rels.rows.size(); ++i) {
    const double n = field_number(rels, i, id);
    const std::string what = field_text(rels, i, role);
    if (n != last) out.relations.push_back({});
    last = n;
    auto& rel = out.relations.back();
    if (what == "total") rel.total = field_text(rels, i, rkey);
    if (what == "part") rel.parts.push_back(field_text(rels, i, rkey));
    if (what == "rest") rel.rest = field_number(rels, i, sign) < 0 ? -1 : 1;
  }
  return out;
}

PublishedSystem read_published_system(const std::string& path) {
  const ResultReader r(path);
  if (r.metadata("software").rfind("sunplan", 0) != 0)
    throw InputError(path, "run_metadata", -1, "software",
                     "not a sunplan result; --published-with takes results of run, site or pair");
  if (!r.has_layer("disclosure_cells") || !r.has_layer("disclosure_relations") ||
      r.metadata("disclosure_data").empty())
    throw InputError(path, "disclosure_cells", -1, "",
                     "holds no record of what it withheld (written in full privacy mode, or by "
                     "an older sunplan); --published-with takes results of aggregate mode");
  PublishedSystem out =
      published_system(r.layer("disclosure_cells"), r.layer("disclosure_relations"));
  out.file = path;
  out.data = r.metadata("disclosure_data");
  out.min_count = std::stoll(r.metadata("disclosure_min_count"));
  for (const auto& [k, v] : r.metadata())
    if (k.rfind("sha256:", 0) == 0) out.inputs[k] = v;
  return out;
}

std::string disclosure_data_fingerprint(const Dataset& d) {
  Sha256 h;
  char buf[96];
  auto feed = [&](const std::string& t) { h.update(t.data(), t.size()); };
  for (const AdminUnit& u : d.admin.units) {
    std::snprintf(buf, sizeof buf, "|%d,%d;", u.parent, static_cast<int>(u.urban_rural));
    feed(u.code + buf);
  }
  for (std::size_t i = 0; i < d.youth.size(); ++i) {
    std::snprintf(buf, sizeof buf, "y%d,%d,%.3f,%.3f;", d.youth.township[i], d.youth.count[i],
                  d.youth.pos.x[i], d.youth.pos.y[i]);
    feed(buf);
  }
  for (std::size_t b = 0; b < d.bases.size(); ++b) {
    std::snprintf(buf, sizeof buf, "|%d,%d,%d,%.3f,%.3f;", static_cast<int>(d.bases.status[b]),
                  d.bases.capacity[b], d.bases.township[b], d.bases.pos.x[b], d.bases.pos.y[b]);
    feed(d.bases.id[b] + buf);
  }
  return h.hex_digest();
}

std::string settings_fingerprint(const Settings& settings, const std::vector<std::string>& sections,
                                 const std::vector<std::string>& except) {
  std::string text;
  auto wanted = [&](const std::string& k) {
    for (const auto& e : except)
      if (k == e) return false;
    for (const auto& sec : sections)
      if (k.rfind(sec + ".", 0) == 0) return true;
    return false;
  };
  for (const std::string& k : settings.keys()) {
    if (!wanted(k)) continue;
    text += k + "=";
    std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::string>) {
            text += v;
          } else if constexpr (std::is_same_v<T, std::vector<double>>) {
            for (double x : v) text += std::to_string(x) + ",";
          } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
            for (const auto& x : v) text += x + ",";
          } else if constexpr (std::is_same_v<T, SettingTable>) {
            text += "{}";
          } else {
            text += std::to_string(v);
          }
        },
        settings.peek(k)->value);
    text += ";";
  }
  return sha256_hex(text).substr(0, 12);
}

std::string coverage_settings_fingerprint(const Settings& settings) {
  return settings_fingerprint(settings, {"catchment", "network"}, {});
}

namespace {

// PREV's cells and relations added to `s` as the merge and the system alone both need them:
// `key_of(i)` gives PREV's cell i as a cell of s (adding it when new).
void add_relations(CellSuppression& s, std::vector<std::string>* keys, const PublishedSystem& prev,
                   const std::map<std::string, Cell>& cell_of) {
  auto at = [&](const std::string& k) {
    auto it = cell_of.find(k);
    if (it == cell_of.end())
      throw InputError(prev.file, "disclosure_relations", -1, "key",
                       "a relation names a cell the file does not list (the file was edited?)");
    return it->second;
  };
  // A relation s holds already (the same keys: most of PREV's are this run's too) would only
  // repeat a row of the audit's LPs, which slows them down.
  std::set<std::vector<std::string>> held;
  auto signature = [](const std::string& total, std::vector<std::string> parts, bool rest) {
    std::sort(parts.begin(), parts.end());
    parts.insert(parts.begin(), total + (rest ? "+rest" : ""));
    return parts;
  };
  if (keys)
    for (const auto& r : s.relations()) {
      std::vector<std::string> parts;
      bool rest = false;
      for (Cell p : r.parts) {
        if (s.group(p) == CellSuppression::kUnpublished)
          rest = true;
        else
          parts.push_back((*keys)[p]);
      }
      held.insert(signature((*keys)[r.total], std::move(parts), rest));
    }
  for (const auto& rel : prev.relations) {
    if (keys && held.count(signature(rel.total, rel.parts, rel.rest != 0))) continue;
    std::vector<Cell> parts;
    for (const std::string& p : rel.parts) parts.push_back(at(p));
    if (rel.rest != 0) {
      parts.push_back(s.add_unknown(rel.rest));
      if (keys) keys->push_back("");
    }
    s.add_equation(at(rel.total), std::move(parts));
  }
}

// A cell of PREV that s does not have: in a withheld group of its own, known when published.
Cell add_foreign(CellSuppression& s, const PublishedSystem::Cell& pc) {
  const Group g = s.add_group();
  const Cell c = s.add_cell(pc.value.value_or(0.0), g);
  s.hide_group(g, CellSuppression::Step::complement);
  if (pc.value)
    s.set_known(c);
  else
    s.set_watched(c);
  return c;
}

// PREV's withheld cells that cannot be a count of 1 to min_count - 1 at all: their interval
// in PREV's system with every cell this run shares known at this run's value (the same
// data) lies at or above min_count, or at 0. They are complements there, none of PREV's
// small counts: nothing to keep for them. Values of this run decide it, none is published.
std::vector<std::string> never_small(const CellSuppression& s, const std::vector<std::string>& keys,
                                     const PublishedSystem& prev) {
  std::map<std::string, Cell> mine;
  for (Cell c = 0; c < keys.size(); ++c)
    if (!keys[c].empty() && !s.watched(c)) mine.emplace(keys[c], c);
  CellSuppression planner(prev.min_count);
  std::map<std::string, Cell> cell_of;
  std::map<Cell, std::string> key_of;
  for (const auto& pc : prev.cells) {
    const auto it = mine.find(pc.key);
    PublishedSystem::Cell known = pc;
    if (it != mine.end()) known.value = s.value(it->second);
    cell_of[pc.key] = add_foreign(planner, known);
    key_of[cell_of[pc.key]] = pc.key;
  }
  add_relations(planner, nullptr, prev, cell_of);
  std::vector<std::string> out;
  const auto least = static_cast<double>(prev.min_count) - 1e-6;
  for (const CellInterval& i : audit_intervals(planner))
    if (planner.watched(i.cell) && (i.lo >= least || i.hi <= 1e-6)) out.push_back(key_of[i.cell]);
  return out;
}

}  // namespace

PublishedMerge merge_published(CellSuppression& s, std::vector<std::string>& keys,
                               const PublishedSystem& prev) {
  PublishedMerge m;
  keys.resize(s.cell_count());
  std::map<std::string, std::vector<Cell>> mine;
  for (Cell c = 0; c < keys.size(); ++c)
    if (!keys[c].empty()) mine[keys[c]].push_back(c);
  std::map<std::string, Cell> cell_of;
  for (const auto& pc : prev.cells) {
    auto it = mine.find(pc.key);
    if (it == mine.end()) {
      const Cell c = add_foreign(s, pc);
      if (!pc.value) m.m_watched[c] = pc.key;
      keys.push_back(pc.key);
      cell_of[pc.key] = c;
      ++m.foreign;
      continue;
    }
    ++m.shared;
    for (Cell c : it->second) {
      if (pc.value && s.watched(c)) {
        s.set_known(c, *pc.value);  // an earlier PREV withheld it, this one published it
      } else if (pc.value) {
        if (std::abs(s.value(c) - *pc.value) > 1e-6)
          throw InputError(prev.file, "disclosure_cells", -1, "value",
                           "publishes " + pc.key +
                               " with another value than this run computes: not an output of "
                               "the same data and settings");
        s.set_known(c);
      } else if (s.group(c) != CellSuppression::kUnpublished && !s.group_hidden(s.group(c))) {
        s.hide_group(s.group(c), CellSuppression::Step::complement);
        ++m.forced;
      }
    }
    cell_of[pc.key] = it->second.front();
  }
  add_relations(s, &keys, prev, cell_of);
  for (const std::string& k : never_small(s, keys, prev)) {
    const Cell c = cell_of.at(k);
    if (m.m_watched.erase(c) != 0) s.set_watched(c, false);
  }
  // PREV's system alone, for the watch predicate.
  m.m_alone = std::make_shared<PublishedMerge::Alone>();
  m.m_alone->s = std::make_shared<CellSuppression>(prev.min_count);
  for (const auto& pc : prev.cells) m.m_alone->cell[pc.key] = add_foreign(*m.m_alone->s, pc);
  add_relations(*m.m_alone->s, nullptr, prev, m.m_alone->cell);
  return m;
}

std::function<bool(CellSuppression::Cell)> PublishedMerge::watch() const {
  return [alone = m_alone, watched = m_watched](Cell c) {
    const auto it = watched.find(c);
    if (it == watched.end() || !alone) return false;
    const Cell a = alone->cell.at(it->second);
    if (const auto p = alone->passed.find(a); p != alone->passed.end()) return p->second;
    // Only the component holding it: every watched cell there gets its interval at once.
    std::vector<bool> fresh(alone->s->cell_count(), false);
    fresh[a] = true;
    for (const CellInterval& i : audit_intervals(*alone->s, nullptr, &fresh))
      alone->passed[i.cell] = interval_protects(i, alone->s->min_count());
    const auto p = alone->passed.find(a);
    return p != alone->passed.end() && p->second;
  };
}

}  // namespace sunplan
