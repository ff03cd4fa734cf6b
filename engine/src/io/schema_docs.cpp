// docs/scenario.md's reference part and the `sunplan init` template, generated from the schema
// table (schema_table.cpp). scripts/update-scenario-docs writes them; a test compares.
#include <algorithm>
#include <map>
#include <sstream>
#include <stdexcept>

#include "sunplan/io/scenario.hpp"
#include "sunplan/io/schema.hpp"

namespace sunplan::schema {

namespace {

std::vector<std::string> segments_of(std::string_view path) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : path) {
    if (c == '.') {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  out.push_back(cur);
  return out;
}

const Key& by_path(std::string_view path) {
  for (const Key& k : keys())
    if (k.path == path) return k;
  throw std::logic_error("no schema entry " + std::string(path));
}

// The layer roles in the table's order (townships first).
std::vector<std::string> roles_in_table_order() {
  std::vector<std::string> out;
  for (const Key& k : keys()) {
    const std::string_view p = k.path;
    if (p.rfind("layers.", 0) == 0 && p.find('.', 7) == std::string_view::npos)
      out.emplace_back(p.substr(7));
  }
  return out;
}

// Prose as TOML comment lines of at most `width` columns.
std::string wrap_comment(const std::string& text, std::size_t width = 98) {
  std::string out, line = "#";
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(start, end - start);
    // Column count by code points (Chinese text is 3 bytes a character).
    auto columns = [](const std::string& s) {
      std::size_t n = 0;
      for (unsigned char c : s) n += (c & 0xC0) != 0x80;
      return n;
    };
    if (line.size() > 1 && columns(line) + 1 + columns(word) > width) {
      out += line + "\n";
      line = "#";
    }
    line += " " + word;
    start = end + 1;
  }
  return out + line + "\n";
}

std::string_view section_of(const Key& k) {
  return k.path.substr(0, k.path.find('.'));
}

// Text without Markdown backticks, for TOML comments.
std::string plain(std::string_view text) {
  std::string out;
  for (char c : text)
    if (c != '`') out += c;
  return out;
}

// The first sentence of a doc text: the template's comment.
std::string first_sentence(std::string_view doc) {
  std::size_t end = 0;
  while (true) {
    end = doc.find(". ", end);
    if (end == std::string_view::npos) return plain(doc);
    // "e.g. x" and "1. x" are not the end of a sentence.
    if (end >= 3 && doc.substr(end - 3, 3) == "e.g") {
      end += 2;
      continue;
    }
    return plain(doc.substr(0, end + 1));
  }
}

std::string type_cell(const Key& k) {
  std::string out;
  switch (k.kind) {
    case Kind::table:
      out = k.allowed.empty() ? "table" : "table: " + std::string(k.allowed);
      return out;
    case Kind::text:
      out = "string";
      break;
    case Kind::boolean:
      out = "true/false";
      break;
    case Kind::integer:
      out = "whole number";
      break;
    case Kind::number:
      out = "number";
      break;
    case Kind::date:
      out = "date YYYY-MM-DD";
      break;
    case Kind::texts:
      out = "string(s)";
      break;
    case Kind::numbers:
      out = "number(s)";
      break;
  }
  if (!k.allowed.empty()) {
    std::string values;
    std::string_view rest = k.allowed;
    while (true) {
      const auto bar = rest.find('|');
      values += (values.empty() ? "" : ", ") + ("`" + std::string(rest.substr(0, bar)) + "`");
      if (bar == std::string_view::npos) break;
      rest = rest.substr(bar + 1);
    }
    out += ": " + values;
  }
  if (!k.unit.empty()) out += ", " + std::string(k.unit);
  return out;
}

std::string default_cell(const Key& k) {
  if (!k.fallback.empty()) return "`" + std::string(k.fallback) + "`";
  if (!k.default_note.empty()) return std::string(k.default_note);
  return k.required ? "required" : "none";
}

// Markdown table cells must not hold a bare "|".
std::string cell(std::string text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

// The key as shown under its section: "radius_m.<base type>.urban" under [catchment].
std::string relative(std::string_view path, std::string_view section) {
  return std::string(path.substr(section.size() + 1));
}

void parameter_section(std::ostringstream& md, const Key& section) {
  const std::string name(section.path);
  md << "## `[" << name << "]`\n\n" << section.doc << " Read by: " << section.verbs << ".\n\n";
  md << "| key | type | default | meaning |\n|---|---|---|---|\n";
  for (const Key& k : keys()) {
    if (section_of(k) != name || k.path == name) continue;
    std::string meaning(k.doc);
    if (k.verbs != section.verbs) meaning += " Read by: " + std::string(k.verbs) + ".";
    md << "| `" << relative(k.path, name) << "` | " << cell(type_cell(k)) << " | "
       << cell(default_cell(k)) << " | " << cell(meaning) << " |\n";
  }
  md << "\n";
}

void layers_section(std::ostringstream& md) {
  const Key* layers = &by_path("layers");
  md << "## `[layers.<role>]`\n\n" << layers->doc << " Read by: " << layers->verbs << ".\n\n";
  md << "| layer | required | what |\n|---|---|---|\n";
  for (const std::string& role : roles_in_table_order()) {
    const Key* k = &by_path("layers." + role);
    md << "| `" << role << "` | " << (k->required ? "yes" : "no") << " | "
       << cell(std::string(k->doc)) << " |\n";
  }
  md << "\nKeys of every layer (some only of the layers named):\n\n"
     << "| key | type | default | meaning |\n|---|---|---|---|\n";
  for (const Key& k : keys()) {
    const auto seg = segments_of(k.path);
    if (seg.size() != 3 || seg[0] != "layers") continue;
    std::string meaning(k.doc);
    if (seg[1] != "<role>") {
      std::string roles = seg[1];
      std::replace(roles.begin(), roles.end(), '|', '/');
      meaning = "Only `" + roles + "`. " + meaning;
    }
    md << "| `" << seg[2] << "` | " << cell(type_cell(k)) << " | " << cell(default_cell(k)) << " | "
       << cell(meaning) << " |\n";
  }
  md << "\n### `[layers.<role>.fields]`\n\n"
     << by_path("layers.<role>.fields").doc << " Values are the source's column names.\n\n"
     << "| layer | field | required | default | meaning |\n|---|---|---|---|---|\n";
  for (const Key& k : keys()) {
    const auto seg = segments_of(k.path);
    if (seg.size() != 4 || seg[0] != "layers" || seg[2] != "fields") continue;
    std::string roles = seg[1];
    std::replace(roles.begin(), roles.end(), '|', '/');
    md << "| " << roles << " | `" << seg[3] << "` | " << (k.required ? "yes" : "no") << " | "
       << cell(k.fallback.empty() ? "not read" : "`" + std::string(k.fallback) + "`") << " | "
       << cell(std::string(k.doc)) << " |\n";
  }
  md << "\n";
}

// One example instance of a placeholder for the template.
std::string instance(const std::string& segment) {
  if (segment == "<base type>") return "default";
  if (segment == "<class>") return "residential";
  if (segment == "<code>") return "31";
  if (segment == "<name>") return "end_2015";
  if (auto bar = segment.find('|'); bar != std::string::npos) return segment.substr(0, bar);
  return segment;
}

std::string value_of(const Key& k) {
  return std::string(k.fallback.empty() ? k.example : k.fallback);
}

std::string comment_of(const Key& k) {
  std::string c = first_sentence(k.doc);
  if (!k.unit.empty() && k.unit.find("share") == std::string_view::npos)
    c = "(" + std::string(k.unit) + ") " + c;
  if (k.fallback.empty() && !k.required)
    c += " Default: " + plain(k.default_note.empty() ? "none" : k.default_note) + ".";
  return c;
}

// "setting  # comment", the comment wrapped under itself when long.
void line(std::ostringstream& out, bool commented, const std::string& setting,
          const std::string& comment) {
  constexpr std::size_t kColumn = 34;
  std::string text = (commented ? "# " : "") + setting;
  if (comment.empty()) {
    out << text << "\n";
    return;
  }
  if (text.size() < kColumn) text.resize(kColumn, ' ');
  const std::string wrapped = wrap_comment(comment, 98 - kColumn);
  std::size_t start = 0;
  bool first = true;
  while (start < wrapped.size()) {
    const std::size_t end = wrapped.find('\n', start);
    const std::string piece = wrapped.substr(start, end - start);
    out << (first ? text + "  " : "#" + std::string(kColumn + 1, ' ')) << piece << "\n";
    first = false;
    start = end + 1;
  }
}

void template_layer(std::ostringstream& out, const std::string& role) {
  const Key* layer = &by_path("layers." + role);
  const bool active = layer->required;
  out << "\n" << wrap_comment(plain(layer->doc));
  line(out, !active, "[layers." + role + "]", "");
  for (const Key& k : keys()) {
    const auto seg = segments_of(k.path);
    if (seg.size() != 3 || seg[0] != "layers" || k.kind == Kind::table) continue;
    const bool mine =
        seg[1] != "<role>" && ("|" + seg[1] + "|").find("|" + role + "|") != std::string::npos;
    // Keys every layer takes are shown in full once, under the townships.
    if (!mine &&
        !(seg[1] == "<role>" && (role == "townships" || seg[2] == "source" || seg[2] == "layer")))
      continue;
    const std::string value = seg[2] == "layer" ? "\"" + role + "\"" : value_of(k);
    line(out, !(active && k.required), seg[2] + " = " + value,
         role == "townships" || mine ? comment_of(k) : "");
  }
  line(out, !active, "[layers." + role + ".fields]", "");
  for (const Key& k : keys()) {
    const auto seg = segments_of(k.path);
    if (seg.size() != 4 || seg[0] != "layers" || seg[2] != "fields") continue;
    if (("|" + seg[1] + "|").find("|" + role + "|") == std::string::npos) continue;
    std::string comment = first_sentence(k.doc);
    if (k.required) comment = "required: " + comment;
    line(out, !(active && k.required), seg[3] + " = " + value_of(k), comment);
  }
}

void template_section(std::ostringstream& out, const Key& section) {
  const std::string name(section.path);
  out << "\n" << wrap_comment("---- [" + name + "] " + plain(section.doc));
  line(out, true, "[" + name + "]", "");
  // The section's own keys first, then its sub-tables: TOML defines each table once.
  for (const bool nested : {false, true}) {
    std::string header = name;
    for (const Key& k : keys()) {
      if (section_of(k) != name || k.path == name || k.kind == Kind::table) continue;
      auto seg = segments_of(k.path);
      if ((seg.size() > 2) != nested) continue;
      for (auto& s : seg) s = instance(s);
      std::string table;
      for (std::size_t i = 0; i + 1 < seg.size(); ++i) table += (i ? "." : "") + seg[i];
      if (table != header) {
        line(out, true, "[" + table + "]", "");
        header = table;
      }
      line(out, true, seg.back() + " = " + value_of(k), comment_of(k));
    }
  }
}

}  // namespace

std::string reference_markdown() {
  std::ostringstream md;
  md << "<!-- generated from engine/src/io/schema_table.cpp by scripts/update-scenario-docs; "
        "edit the table, not this text -->\n\n";
  for (const Key& k : keys()) {
    if (k.path.find('.') != std::string_view::npos) continue;
    if (k.path == "layers")
      layers_section(md);
    else
      parameter_section(md, k);
  }
  std::string text = md.str();
  while (text.size() > 1 && text[text.size() - 1] == '\n' && text[text.size() - 2] == '\n')
    text.pop_back();
  return text;
}

std::string parameters_template() {
  std::ostringstream out;
  for (const Key& k : keys())
    if (k.path.find('.') == std::string_view::npos && k.path != "layers" && k.path != "run")
      template_section(out, k);
  return out.str();
}

std::string scenario_template() {
  std::ostringstream out;
  out << "# sunplan scenario. Paths are relative to this file; reference: docs/scenario.md.\n"
         "# Check it with  sunplan check scenario.toml  and run it with  sunplan run "
         "scenario.toml.\n"
         "# Or let sunplan write it from your files:  sunplan init DIR --from FILE...\n"
         "# A line \"# key = value\" shows a key with its default (or an example): remove the\n"
         "# \"# \" to set it. Generated from the schema table (engine/src/io/schema_table.cpp).\n";
  for (const Key& k : keys()) {
    if (k.path.find('.') != std::string_view::npos) continue;
    if (k.path == "layers") {
      out << "\n" << wrap_comment("---- input layers: " + plain(k.doc));
      for (const std::string& role : roles_in_table_order()) template_layer(out, role);
    } else {
      template_section(out, k);
    }
  }
  return out.str();
}

}  // namespace sunplan::schema
