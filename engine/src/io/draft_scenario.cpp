#include "sunplan/io/draft_scenario.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <regex>
#include <set>
#include <sstream>

#include "crs_by_test.hpp"
#include "layer_roles.hpp"
#include "sunplan/core/error.hpp"
#include "sunplan/gazetteer/gazetteer.hpp"
#include "sunplan/io/gazetteer_file.hpp"
#include "sunplan/io/locate.hpp"
#include "sunplan/io/schema.hpp"

namespace sunplan {

namespace {

namespace fs = std::filesystem;

// ---- text ----

std::string toml_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) {
      out += fmt::format("\\u{:04x}", static_cast<int>(c));
      continue;
    }
    out += c;
  }
  return out + "\"";
}

// Columns a terminal gives the text: 2 for CJK and other wide characters, 1 for the rest.
std::size_t display_width(const std::string& utf8) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    const std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    width += len >= 3 ? 2 : 1;  // U+0800 and up: CJK, full-width forms (near enough here)
    i += len;
  }
  return width;
}

// "key = value   # comment", comments aligned.
void line(std::ostringstream& out, const std::string& setting, const std::string& comment) {
  out << setting;
  if (!comment.empty()) {
    const std::size_t w = display_width(setting);
    out << std::string(w < 32 ? 32 - w : 0, ' ') << "  # " << comment;
  }
  out << "\n";
}

// A connection string without its password: a secret is never written into a scenario
// (libpq reads it from PGPASSWORD or ~/.pgpass).
std::string without_password(const std::string& connection) {
  static const std::regex password(R"(\s*password\s*=\s*('[^']*'|[^\s"']+))", std::regex::icase);
  return std::regex_replace(connection, password, "");
}

// A source as the scenario should name it: relative to the scenario's folder when both share
// more than the root, else absolute; connection strings without their password.
std::string source_for(const std::string& source, const fs::path& folder) {
  if (source.rfind("PG:", 0) == 0) return without_password(source);
  if (source.rfind("/vsi", 0) == 0) return source;
  const fs::path abs = fs::absolute(source).lexically_normal();
  const fs::path dir = fs::absolute(folder).lexically_normal();
  const fs::path rel = abs.lexically_relative(dir);
  auto first = [](const fs::path& p) {
    return p.begin() == p.end() ? fs::path() : *std::next(p.begin());
  };
  if (rel.empty() || first(abs) != first(dir)) return abs.string();
  return rel.string();
}

// The source's file name for a comment ("PostgreSQL" for a connection: never its text).
std::string source_name(const LayerSummary& l) {
  return l.source.rfind("PG:", 0) == 0 ? "PostgreSQL" : fs::path(l.source).filename().string();
}

std::string count_of(const LayerSummary& l) {
  const std::string unit = l.geometry == "none" ? "row" : l.geometry;
  return fmt::format("{} {}{}", l.features, unit, l.features == 1 ? "" : "s");
}

// ---- choices ----

void apply_user_roles(std::vector<LayerChoice>& choices,
                      const std::map<std::string, std::string>& roles) {
  const auto& known = io::layer_roles();
  for (const auto& [name, role] : roles) {
    if (std::find(known.begin(), known.end(), role) == known.end()) {
      std::string list;
      for (const auto& r : known) list += (list.empty() ? "" : ", ") + r;
      throw UsageError("--as " + name + "=" + role + ": unknown role (use one of " + list + ")");
    }
    bool found = false;
    for (LayerChoice& c : choices) {
      const fs::path p(c.layer->source);
      if (c.layer->layer == name || p.filename().string() == name || p.stem().string() == name) {
        c.role = role;
        c.why = "named with --as";
        found = true;
      }
    }
    if (!found) {
      std::string list;
      for (const LayerChoice& c : choices) list += (list.empty() ? "" : ", ") + c.layer->layer;
      throw UsageError("--as " + name + "=" + role +
                       ": no layer or file of that name (the layers: " + list + ")");
    }
  }
}

// Each role goes to the layer that fits it best; candidates only when the user says so.
void assign_roles(std::vector<LayerChoice>& choices, const std::vector<io::RoleGuess>& guesses) {
  std::set<std::string> taken;
  for (const LayerChoice& c : choices)
    if (!c.role.empty()) taken.insert(c.role);
  for (const std::string& role : io::layer_roles()) {
    if (taken.count(role) || role == "candidates") continue;
    int best = -1;
    for (std::size_t i = 0; i < choices.size(); ++i)
      if (choices[i].role.empty() && guesses[i].role == role &&
          (best < 0 || guesses[i].score > guesses[static_cast<std::size_t>(best)].score))
        best = static_cast<int>(i);
    if (best < 0) continue;
    choices[static_cast<std::size_t>(best)].role = role;
    choices[static_cast<std::size_t>(best)].why = guesses[static_cast<std::size_t>(best)].why;
  }
}

bool lonlat_range(const Box& b) {
  return b.min_x >= -180 && b.max_x <= 180 && b.min_y >= -90 && b.max_y <= 90;
}

// The townships' own CRS, when the source names none.
void townships_crs(LayerChoice& towns) {
  if (!towns.layer->crs.empty()) return;
  Box b;
  for (const auto& mp : towns.layer->polygons) b.expand(bounds(mp));
  if (lonlat_range(b)) {
    towns.crs = "EPSG:4326";
    towns.crs_note =
        "no CRS in the source; its coordinates are longitude/latitude: WGS84 assumed (set "
        "\"GCJ-02\" if the polygons come from a Chinese web map)";
  } else {
    towns.crs_note =
        "no CRS in the source and the coordinates are not longitude/latitude: name "
        "it (e.g. \"EPSG:4547\")";
  }
}

// Point layers: the datum by test; a layer the test cannot decide alone follows the layers
// without a CRS that were decided, when they agree (files from one registry share a datum).
void point_crs(std::vector<LayerChoice>& choices, const LayerChoice& towns) {
  const io::TownshipAreas areas(towns);
  std::vector<std::pair<LayerChoice*, io::CrsTest>> tests;
  std::set<std::string> decided;  // datums decided clearly for layers without a CRS
  std::string decided_by;
  for (LayerChoice& c : choices) {
    if (c.role.empty() || c.role == "townships" || c.layer->points.empty()) continue;
    io::CrsTest t = io::test_point_crs(c, areas);
    if (t.outcome == io::CrsTest::Outcome::clear && c.layer->crs.empty()) {
      decided.insert(t.crs);
      decided_by += (decided_by.empty() ? "" : ", ") + c.layer->layer;
    }
    tests.emplace_back(&c, std::move(t));
  }
  for (auto& [c, t] : tests) {
    const bool own_crs = !c->layer->crs.empty();
    switch (t.outcome) {
      case io::CrsTest::Outcome::not_tested:
        break;
      case io::CrsTest::Outcome::clear:
        if (!own_crs) c->crs = t.crs;
        c->crs_note = t.note;
        if (own_crs && t.crs != c->layer->crs)
          c->crs_note += ": set crs = \"" + t.crs + "\" if the points come from that web map";
        break;
      case io::CrsTest::Outcome::unclear:
        if (own_crs) {
          c->crs_note = "the layer's own CRS, kept: " + t.note;
        } else if (t.crs.empty()) {
          c->crs_note = t.note;
        } else if (decided.size() == 1) {
          c->crs = *decided.begin();
          c->crs_note = t.note + "; " + c->crs + " as the test decided for " + decided_by;
        } else {
          c->crs = "EPSG:4326";
          c->crs_note = t.note +
                        "; WGS84 assumed: if the points come from a Chinese web map, set "
                        "\"GCJ-02\" (Amap, Tencent) or \"BD-09\" (Baidu)";
        }
        break;
    }
  }
}

// ---- the scenario text ----

void write_layer(std::ostringstream& out, const LayerChoice& c, const fs::path& folder) {
  const LayerSummary& l = *c.layer;
  out << "\n# " << l.layer << " (" << source_name(l) << ", " << l.driver << ", " << count_of(l)
      << "): " << c.role << " — " << c.why << "\n";
  out << "[layers." << c.role << "]\n";
  const std::string source = source_for(l.source, folder);
  const bool pg = l.source.rfind("PG:", 0) == 0;
  line(out, "source = " + toml_string(source),
       pg ? (source == l.source ? "" : "password not written: give it in PGPASSWORD or ~/.pgpass")
       : source == l.source ? ""
                            : "relative to this file");
  line(out, "layer = " + toml_string(l.layer), "");
  if (!c.crs.empty())
    line(out, "crs = " + toml_string(c.crs), c.crs_note);
  else if (!c.crs_note.empty())
    out << "# CRS: " << c.crs_note << "\n";
  if (!l.encoding.empty())
    line(out, "encoding = " + toml_string(l.encoding), l.encoding_note);
  else if (!l.encoding_note.empty())
    out << "# encoding: " << l.encoding_note << "\n";
  if (!l.x.empty()) {
    line(out, "x = " + toml_string(l.x), "longitude column");
    line(out, "y = " + toml_string(l.y), "latitude column");
  }
  if (!c.address.empty())
    line(out, "address = " + toml_string(c.address), "placed offline through the gazetteer");
  if (!c.locate_note.empty()) out << "# " << c.locate_note << "\n";
  if (c.role == "youth") line(out, "mode = " + toml_string(c.mode), "");
  out << "[layers." << c.role << ".fields]\n";
  for (const std::string& n : c.field_notes) out << "# " << n << "\n";
  // In the reference's order; a required field not found is written commented, so that check
  // names what is missing.
  for (const schema::Key& k : schema::keys()) {
    const std::string f(k.path.substr(k.path.rfind('.') + 1));
    if (schema::find("layers." + c.role + ".fields." + f) != &k) continue;
    if (auto it = c.fields.find(f); it != c.fields.end())
      line(out, f + " = " + toml_string(it->second), "");
    else if (k.required)
      line(out, "# " + f + " = \"?\"", "REQUIRED, not found: name the column that holds it");
  }
  if (!c.divisions.empty()) {
    out << "[layers." << c.role << ".divisions]\n";
    for (const char* level : {"province", "city", "county", "township", "village"})
      if (auto it = c.divisions.find(level); it != c.divisions.end())
        line(out, std::string(level) + " = " + toml_string(it->second), "");
  }
  std::set<std::string> mapped;
  for (const auto& [f, col] : c.fields) mapped.insert(col);
  if (!c.address.empty()) mapped.insert(c.address);
  for (const auto& [level, col] : c.divisions) mapped.insert(col);
  std::string unused;
  for (const std::string& col : l.columns)
    if (!mapped.count(col) && col != l.x && col != l.y)
      unused += (unused.empty() ? "" : ", ") + col;
  if (!unused.empty()) out << "# not read: " << unused << "\n";
}

}  // namespace

ScenarioDraft draft_scenario(const std::vector<LayerSummary>& layers, const DraftOptions& options) {
  ScenarioDraft d;
  for (const LayerSummary& l : layers) {
    LayerChoice c;
    c.layer = &l;
    d.layers.push_back(std::move(c));
  }
  apply_user_roles(d.layers, options.roles);
  // Tables without coordinates may be placed from addresses or division names: the gazetteer
  // is read only when one has such columns.
  std::unique_ptr<GazetteerSession> gazetteer;
  NullProgress quiet;
  auto matcher = [&]() -> const gazetteer::AddressMatcher* {
    if (!gazetteer) {
      const fs::path file = default_gazetteer_path();
      if (file.empty()) return nullptr;
      gazetteer = std::make_unique<GazetteerSession>(file);
    }
    return &gazetteer->matcher(quiet);
  };
  std::vector<io::LocateColumns> located(d.layers.size());
  for (std::size_t i = 0; i < d.layers.size(); ++i) {
    const LayerSummary& l = *d.layers[i].layer;
    if (l.geometry == "none" && l.x.empty()) located[i] = io::find_locate_columns(l, matcher);
  }
  std::vector<io::RoleGuess> guesses;
  for (std::size_t i = 0; i < d.layers.size(); ++i)
    guesses.push_back(io::guess_role(*d.layers[i].layer, &located[i]));
  assign_roles(d.layers, guesses);
  for (std::size_t i = 0; i < d.layers.size(); ++i) {
    LayerChoice& c = d.layers[i];
    if (c.role.empty()) c.why = guesses[i].why;  // why it is not used, for init's listing
    if (c.role.empty() || c.role == "townships" || !located[i].found()) continue;
    c.locate_note = located[i].note;
    if (!located[i].usable()) continue;
    c.address = located[i].address;
    c.divisions = located[i].divisions;
  }

  LayerChoice* towns = nullptr;
  for (LayerChoice& c : d.layers)
    if (c.role == "townships") towns = &c;
  if (!towns)
    throw UsageError(
        "no layer looks like the townships (polygons with 9- or 12-digit township codes); name "
        "one with --as LAYER=townships");
  for (LayerChoice& c : d.layers)
    if (!c.role.empty()) io::map_fields(c);
  townships_crs(*towns);
  point_crs(d.layers, *towns);

  std::ostringstream out;
  out << "# Written by `sunplan init --from` from what the files hold; the comments give the\n"
         "# evidence. Check it with  sunplan check scenario.toml  (init has run it once).\n"
         "# Reference: docs/scenario.md. Every key not written here keeps its default.\n\n";
  out << "[run]\n";
  const std::string name = options.name.empty()
                               ? fs::absolute(options.folder).lexically_normal().filename().string()
                               : options.name;
  line(out, "name = " + toml_string(name), "shown in reports");
  for (const std::string& role : io::layer_roles())
    for (const LayerChoice& c : d.layers)
      if (c.role == role) write_layer(out, c, options.folder);

  bool any_left = false;
  for (std::size_t i = 0; i < d.layers.size(); ++i) {
    const LayerChoice& c = d.layers[i];
    if (!c.role.empty()) continue;
    if (!any_left) out << "\n# ---- layers not used (give one a role with --as LAYER=ROLE) ----\n";
    any_left = true;
    const LayerSummary& l = *c.layer;
    const io::RoleGuess& g = guesses[i];
    out << "# " << l.layer << " (" << source_name(l) << ", " << count_of(l) << "): "
        << (g.role.empty() ? g.why
            : g.role == "candidates"
                ? "could be candidates for new bases (--as " + l.layer + "=candidates)"
                : "could also be " + g.role + " (" + g.why + ")")
        << "\n";
  }
  out << "\n# ---- parameters: every key with its default, commented ----\n";
  out << schema::parameters_template();
  d.text = out.str();
  return d;
}

}  // namespace sunplan
