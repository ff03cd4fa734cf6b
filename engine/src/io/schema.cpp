// Matching concrete keys against the schema table, checking a parsed scenario against it, and
// the defaults stages read from it.
#include "sunplan/io/schema.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <mutex>
#include <set>

#include "sunplan/core/dataset.hpp"
#include "sunplan/core/error.hpp"
#include "sunplan/io/scenario.hpp"
#include "toml_values.hpp"

namespace sunplan::schema {

namespace {

std::vector<std::string_view> split(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = path.find('.', start);
    out.push_back(path.substr(start, dot == std::string_view::npos ? dot : dot - start));
    if (dot == std::string_view::npos) return out;
    start = dot + 1;
  }
}

bool is_placeholder(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '<' && segment.back() == '>';
}

std::vector<std::string> base_type_names() {
  std::vector<std::string> out{"default"};
  for (int t = 0; t < kBaseTypeCount; ++t) out.emplace_back(to_string(static_cast<BaseType>(t)));
  return out;
}

// The values a placeholder stands for, when they are a closed set (for suggestions).
std::vector<std::string> domain_values(std::string_view placeholder) {
  if (placeholder == "<role>") return layer_roles();
  if (placeholder == "<base type>") return base_type_names();
  return {};
}

bool segment_matches(std::string_view pattern, std::string_view segment) {
  if (segment.empty()) return false;
  if (pattern == "<code>")
    return std::all_of(segment.begin(), segment.end(),
                       [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
  if (pattern == "<name>")  // a name the scenario gives, e.g. a milestone's
    return std::all_of(segment.begin(), segment.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
    });
  if (pattern == "<class>")
    return std::all_of(segment.begin(), segment.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == ':';
    });
  if (is_placeholder(pattern)) {
    const auto values = domain_values(pattern);
    return std::find(values.begin(), values.end(), segment) != values.end();
  }
  for (std::string_view alternative : [&] {
         std::vector<std::string_view> alts;
         std::size_t start = 0;
         while (true) {
           const std::size_t bar = pattern.find('|', start);
           alts.push_back(pattern.substr(start, bar == std::string_view::npos ? bar : bar - start));
           if (bar == std::string_view::npos) return alts;
           start = bar + 1;
         }
       }())
    if (alternative == segment) return true;
  return false;
}

// The literal names a pattern segment admits (alternatives or a closed domain).
std::vector<std::string> segment_names(std::string_view pattern) {
  if (is_placeholder(pattern)) return domain_values(pattern);
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t bar = pattern.find('|', start);
    out.emplace_back(pattern.substr(start, bar == std::string_view::npos ? bar : bar - start));
    if (bar == std::string_view::npos) return out;
    start = bar + 1;
  }
}

// True when the first n segments of `key` match the first n of `pattern` (both long enough).
bool prefix_matches(const std::vector<std::string_view>& pattern,
                    const std::vector<std::string_view>& key, std::size_t n) {
  if (pattern.size() < n || key.size() < n) return false;
  for (std::size_t i = 0; i < n; ++i)
    if (!segment_matches(pattern[i], key[i])) return false;
  return true;
}

struct Split {
  const Key* key;
  std::vector<std::string_view> segments;
};

const std::vector<Split>& split_keys() {
  static const std::vector<Split> all = [] {
    std::vector<Split> out;
    for (const Key& k : keys()) out.push_back({&k, split(k.path)});
    return out;
  }();
  return all;
}

const Key* find_segments(const std::vector<std::string_view>& key) {
  for (const Split& s : split_keys())
    if (s.segments.size() == key.size() && prefix_matches(s.segments, key, key.size()))
      return s.key;
  return nullptr;
}

// Optimal string alignment distance (Damerau–Levenshtein with adjacent swaps), on bytes.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i)
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

// The candidate closest to `word`, when it is close enough to be what was meant: a small edit
// distance, or one a prefix of the other ("radius" for "radius_m").
std::string closest(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_d = std::string::npos;
  for (const std::string& c : candidates) {
    std::size_t d = edit_distance(word, c);
    const bool prefix = std::min(word.size(), c.size()) >= 4 &&
                        (c.rfind(word, 0) == 0 || std::string_view(word).rfind(c, 0) == 0);
    if (prefix) d = std::min<std::size_t>(d, 1);
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  const std::size_t limit = std::max<std::size_t>(2, word.size() / 3);
  return best_d <= limit && best_d < word.size() ? best : "";
}

std::string join(const std::vector<std::string_view>& segments, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n && i < segments.size(); ++i) {
    if (i) out += '.';
    out += segments[i];
  }
  return out;
}

const char* kind_noun(Kind k) {
  switch (k) {
    case Kind::table:
      return "a table";
    case Kind::text:
      return "a string";
    case Kind::boolean:
      return "true or false";
    case Kind::integer:
      return "a whole number";
    case Kind::number:
      return "a number";
    case Kind::date:
      return "a date \"YYYY-MM-DD\"";
    case Kind::texts:
      return "a string or an array of strings";
    case Kind::numbers:
      return "a number or an array of numbers";
  }
  return "a value";
}

bool kind_accepts(Kind k, const SettingValue::Variant& v) {
  switch (k) {
    case Kind::table:
      return std::holds_alternative<SettingTable>(v);
    case Kind::text:
    case Kind::date:
      return std::holds_alternative<std::string>(v);
    case Kind::boolean:
      return std::holds_alternative<bool>(v);
    case Kind::integer:
      return std::holds_alternative<std::int64_t>(v);
    case Kind::number:
      return std::holds_alternative<std::int64_t>(v) || std::holds_alternative<double>(v);
    case Kind::texts:
      return std::holds_alternative<std::string>(v) ||
             std::holds_alternative<std::vector<std::string>>(v);
    case Kind::numbers:
      if (const auto* e = std::get_if<std::vector<std::string>>(&v)) return e->empty();
      return std::holds_alternative<std::int64_t>(v) || std::holds_alternative<double>(v) ||
             std::holds_alternative<std::vector<double>>(v);
  }
  return false;
}

std::vector<std::string> allowed_values(const Key& k) {
  if ((k.kind != Kind::text && k.kind != Kind::texts) || k.allowed.empty()) return {};
  return segment_names(k.allowed);
}

std::string quoted_list(const std::vector<std::string>& values) {
  std::string out;
  for (std::size_t i = 0; i < values.size(); ++i)
    out += (i ? (i + 1 == values.size() ? " or " : ", ") : "") + values[i];
  return out;
}

// One problem with a key, or "" when it is fine.
std::string check_key(const std::string& key, const SettingValue& value) {
  const auto segments = split(key);
  if (const Key* k = find_segments(segments)) {
    if (!kind_accepts(k->kind, value.value))
      return "key '" + key + "' must be " + describe_kind(*k) +
             (std::holds_alternative<SettingTable>(value.value) ? ", not a table" : "");
    const auto allowed = allowed_values(*k);
    if (allowed.empty()) return "";
    std::vector<std::string> given;
    if (const auto* s = std::get_if<std::string>(&value.value)) given.push_back(*s);
    if (const auto* a = std::get_if<std::vector<std::string>>(&value.value)) given = *a;
    for (const std::string& g : given) {
      if (std::find(allowed.begin(), allowed.end(), g) != allowed.end()) continue;
      std::string msg = "key '" + key + "' is '" + g + "': use " + quoted_list(allowed);
      if (const std::string near = closest(g, allowed); !near.empty())
        msg += " (did you mean '" + near + "'?)";
      return msg;
    }
    return "";
  }
  // How much of the key is known?
  std::size_t known = 0;
  for (std::size_t n = segments.size() - 1; n >= 1 && known == 0; --n)
    for (const Split& s : split_keys())
      if (prefix_matches(s.segments, segments, n)) {
        known = n;
        break;
      }
  if (known == 0) {
    std::vector<std::string> sections;
    for (const Split& s : split_keys())
      if (s.segments.size() == 1) sections.emplace_back(s.segments[0]);
    std::string msg = "unknown section '" + std::string(segments[0]) + "'";
    if (const std::string near = closest(segments[0], sections); !near.empty())
      msg += " (did you mean '" + near + "'?)";
    return msg;
  }
  const std::string prefix = join(segments, known);
  // A value given as a table: `[siting.add]` or `add.x = 1`.
  if (const Key* parent = find_segments({segments.begin(), segments.begin() + known});
      parent && parent->kind != Kind::table)
    return "key '" + prefix + "' must be " + describe_kind(*parent) + ", not a table";
  if (known == 1 && segments[0] == "layers")
    return "unknown layer '" + std::string(segments[1]) + "' (expected one of: " + [] {
      std::string all;
      for (const std::string& r : layer_roles()) all += (all.empty() ? "" : ", ") + r;
      return all;
    }() + ")";
  // An unknown name under a known table: suggest the closest name there, else the same name
  // in another section ("catchment.cutoff_min" → "network.cutoff_min").
  std::vector<std::string> names;
  for (const Split& s : split_keys())
    if (s.segments.size() > known && prefix_matches(s.segments, segments, known))
      for (std::string& n : segment_names(s.segments[known])) names.push_back(std::move(n));
  std::string msg = "unknown key '" + key + "'";
  std::string suggestion;
  if (const std::string near = closest(segments[known], names); !near.empty()) {
    std::vector<std::string_view> fixed = segments;
    fixed[known] = near;
    suggestion = join(fixed, fixed.size());
    if (!find_segments(fixed)) suggestion = join(fixed, known + 1);
  } else if (known + 1 == segments.size()) {
    for (const Split& s : split_keys())
      if (s.key->kind != Kind::table && s.segments.back() == segments.back() &&
          std::none_of(s.segments.begin(), s.segments.end(), is_placeholder) &&
          s.segments[0].find('|') == std::string_view::npos && suggestion.empty())
        suggestion = std::string(s.key->path);
  }
  if (!suggestion.empty()) msg += " (did you mean '" + suggestion + "'?)";
  return msg;
}

}  // namespace

const Key* find(std::string_view dotted_key) {
  return find_segments(split(dotted_key));
}

std::string describe_kind(const Key& key) {
  std::string out = kind_noun(key.kind);
  if (key.kind == Kind::table && !key.allowed.empty())
    return out + " of " + std::string(key.allowed);
  if (!key.unit.empty()) out += " (" + std::string(key.unit) + ")";
  return out;
}

std::optional<SettingValue> fallback_value(std::string_view dotted_key) {
  const Key* k = find(dotted_key);
  if (!k || k->fallback.empty()) return std::nullopt;
  static std::mutex mutex;
  static std::map<std::string_view, SettingValue> parsed;
  std::lock_guard lock(mutex);
  auto it = parsed.find(k->path);
  if (it == parsed.end()) {
    const toml::table t = toml::parse("v = " + std::string(k->fallback));
    std::string error;
    auto v = io::to_setting(*t.get("v"), error);
    if (!v) throw std::logic_error("schema default of " + std::string(k->path) + ": " + error);
    it = parsed.emplace(k->path, SettingValue{*v, 0}).first;
  }
  return it->second;
}

std::string closest_key(std::string_view key) {
  const std::string msg = check_key(std::string(key), SettingValue{std::string(), 0});
  const auto at = msg.find("did you mean '");
  if (at == std::string::npos) return "";
  const auto start = at + 14;
  return msg.substr(start, msg.find('\'', start) - start);
}

void validate(const Settings& values) {
  std::vector<std::pair<int, std::string>> problems;
  std::vector<std::string> bad_tables;  // keys under a table already reported are not repeated
  for (const std::string& key : values.keys()) {
    if (std::any_of(bad_tables.begin(), bad_tables.end(),
                    [&](const std::string& t) { return key.rfind(t + ".", 0) == 0; }))
      continue;
    const SettingValue& v = *values.peek(key);
    std::string msg = check_key(key, v);
    if (msg.empty()) continue;
    if (std::holds_alternative<SettingTable>(v.value)) bad_tables.push_back(key);
    problems.emplace_back(v.line, std::move(msg));
  }
  if (problems.empty()) return;
  std::stable_sort(problems.begin(), problems.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  // An unknown table or a table given where a value belongs is reported once, at its first
  // line, not again for each of its keys.
  std::set<std::string> said;
  std::string all;
  for (const auto& [line, msg] : problems)
    if (said.insert(msg).second)
      all += (all.empty() ? "" : "\n") + values.file() + ":" + std::to_string(line) + ": " + msg;
  throw UsageError(all);
}

}  // namespace sunplan::schema
