// The schema table is the one source of truth: the committed docs and template are what it
// generates, every key of the template parses and is read by a stage, and messages name the
// expected type and the closest known key.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "sunplan/core/error.hpp"
#include "sunplan/io/scenario.hpp"
#include "sunplan/io/schema.hpp"
#include "sunplan/pipeline/run.hpp"
#include "test_data.hpp"

namespace sunplan {
namespace {

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string usage_error(const std::string& toml) {
  try {
    parse_scenario(toml, "/p/s.toml");
  } catch (const UsageError& e) {
    return e.what();
  }
  return "(no error)";
}

const char* kTownships = "[layers.townships]\nsource = 'a.gpkg'\n";

TEST(SchemaDocs, CommittedReferenceIsTheTables) {
  const std::string doc = read_file(test::source_dir() / "docs/scenario.md");
  const std::string begin = "<!-- BEGIN GENERATED REFERENCE -->\n";
  const std::string end = "<!-- END GENERATED REFERENCE -->";
  const auto a = doc.find(begin), b = doc.find(end);
  ASSERT_NE(a, std::string::npos);
  ASSERT_NE(b, std::string::npos);
  EXPECT_EQ(doc.substr(a + begin.size(), b - a - begin.size()), schema::reference_markdown() + "\n")
      << "docs/scenario.md differs from the schema table: run scripts/update-scenario-docs";
}

TEST(SchemaDocs, CommittedTemplateIsTheTables) {
  EXPECT_EQ(read_file(test::source_dir() / "docs/scenario-template.toml"),
            schema::scenario_template())
      << "docs/scenario-template.toml differs from the schema table: run "
         "scripts/update-scenario-docs";
}

TEST(SchemaDocs, EveryKeyOfTheTableIsInTheReference) {
  const std::string md = schema::reference_markdown();
  for (const schema::Key& k : schema::keys()) {
    const std::string last(k.path.substr(k.path.rfind('.') + 1));
    EXPECT_NE(md.find(last), std::string::npos) << k.path;
    EXPECT_FALSE(k.doc.empty()) << k.path;
  }
}

// The template as written parses; with every "# key = value" line and "# [table]" header
// uncommented it still parses, and every stage reads and accepts every key (so each default and
// example in the table is valid, and no key is listed that nothing reads).
TEST(SchemaTemplate, ParsesAsWrittenAndWithEveryKeyUncommented) {
  const std::string text = schema::scenario_template();
  EXPECT_NO_THROW(parse_scenario(text, "/p/scenario.toml"));

  const std::regex setting(R"(^# (\[[A-Za-z0-9_.]+\]|[A-Za-z0-9_]+ = .*)$)");
  std::istringstream in(text);
  std::string line, all;
  int uncommented = 0;
  while (std::getline(in, line)) {
    if (std::regex_match(line, setting)) {
      line = line.substr(2);
      ++uncommented;
    }
    // A targets file would be opened: that key is checked by the parse above.
    if (line.rfind("file = ", 0) == 0) continue;
    all += line + "\n";
  }
  EXPECT_GT(uncommented, 100);
  const Scenario sc = parse_scenario(all, "/p/scenario.toml");
  EXPECT_EQ(sc.layers.size(), 10u);
  EXPECT_NO_THROW(check_parameters(sc));
}

TEST(SchemaDefaults, StagesReadTheTablesDefaults) {
  const Scenario empty = parse_scenario(kTownships, "/p/s.toml");
  const auto fallback = schema::fallback_value("siting.add");
  ASSERT_TRUE(fallback);
  EXPECT_EQ(std::get<std::int64_t>(fallback->value), 10);
  EXPECT_EQ(siting_options(empty).add, 10u);
  EXPECT_EQ(empty.settings.text("network.profile"), "walk");
  EXPECT_EQ(empty.settings.numbers("network.cutoffs_min"), (std::vector<double>{15, 30, 45, 60}));
  EXPECT_EQ(empty.settings.texts("catchment.count_status"),
            (std::vector<std::string>{"existing", "planned"}));
  // A key with no literal default cannot be read without one.
  EXPECT_THROW(empty.settings.number("siting.budget"), std::logic_error);
}

TEST(SchemaMessages, ScalarWhereATableBelongsNamesTheExpectedType) {
  EXPECT_EQ(usage_error(std::string(kTownships) + "[catchment]\nradius_m = 5000\n"),
            "/p/s.toml:4: key 'catchment.radius_m' must be a table of base type → {urban, rural} "
            "metres");
}

TEST(SchemaMessages, WrongTypesNameTheExpectedType) {
  EXPECT_EQ(usage_error(std::string(kTownships) + "[siting]\nadd = 'ten'\n"),
            "/p/s.toml:4: key 'siting.add' must be a whole number");
  EXPECT_EQ(usage_error(std::string(kTownships) + "[siting]\nradius_m = 'far'\n"),
            "/p/s.toml:4: key 'siting.radius_m' must be a number (m)");
  EXPECT_EQ(usage_error(std::string(kTownships) + "[siting.add]\nx = 1\n"),
            "/p/s.toml:3: key 'siting.add' must be a whole number, not a table");
  EXPECT_EQ(usage_error("[run]\nname = 42\n" + std::string(kTownships)),
            "/p/s.toml:2: key 'run.name' must be a string");
}

TEST(SchemaMessages, UnknownKeysSuggestTheClosestKnownKey) {
  EXPECT_EQ(usage_error(std::string(kTownships) + "[catchment]\nradius_metres = 3000\n"),
            "/p/s.toml:4: unknown key 'catchment.radius_metres' (did you mean "
            "'catchment.radius_m'?)");
  // The same name in another section.
  EXPECT_EQ(usage_error(std::string(kTownships) + "[catchment]\ncutoff_min = 20\n"),
            "/p/s.toml:4: unknown key 'catchment.cutoff_min' (did you mean 'network.cutoff_min'?)");
  // A misspelt base type inside a table, reported once for the table.
  EXPECT_EQ(usage_error(std::string(kTownships) + "[catchment.radius_m.warmhome]\nurban = 800\n"),
            "/p/s.toml:3: unknown key 'catchment.radius_m.warmhome' (did you mean "
            "'catchment.radius_m.warm_home'?)");
  EXPECT_EQ(usage_error(std::string(kTownships) + "[catchmnet]\n"),
            "/p/s.toml:3: unknown section 'catchmnet' (did you mean 'catchment'?)");
  EXPECT_EQ(usage_error(std::string(kTownships) + "[layers.townships.fields]\ncod = 'x'\n"),
            "/p/s.toml:4: unknown key 'layers.townships.fields.cod' (did you mean "
            "'layers.townships.fields.code'?)");
  // Nothing close: no suggestion.
  EXPECT_EQ(usage_error(std::string(kTownships) + "colour = 'red'\n"),
            "/p/s.toml:3: unknown key 'layers.townships.colour'");
  EXPECT_EQ(schema::closest_key("siting.modle"), "siting.model");
}

TEST(SchemaMessages, ValuesOutsideAListNameTheList) {
  EXPECT_EQ(usage_error(std::string(kTownships) + "[siting]\nmodel = 'mlcp'\n"),
            "/p/s.toml:4: key 'siting.model' is 'mlcp': use mclp, lscp, pmedian or cmclp (did "
            "you mean 'mclp'?)");
  EXPECT_EQ(usage_error(std::string(kTownships) + "[catchment]\ncount_status = ['existing', "
                                                  "'closed']\n"),
            "/p/s.toml:4: key 'catchment.count_status' is 'closed': use existing, candidate or "
            "planned");
}

TEST(SchemaMessages, EveryProblemIsListedWithItsLine) {
  const std::string e =
      usage_error(std::string(kTownships) + "[siting]\nadd = 'ten'\nmodle = 'mclp'\n");
  EXPECT_EQ(e,
            "/p/s.toml:4: key 'siting.add' must be a whole number\n"
            "/p/s.toml:5: unknown key 'siting.modle' (did you mean 'siting.model'?)");
}

TEST(SchemaMessages, KeysOfOneLayerOnlyAreRefusedElsewhere) {
  EXPECT_EQ(usage_error(std::string(kTownships) + "mode = 'counts'\n"),
            "/p/s.toml:3: unknown key 'layers.townships.mode' (did you mean 'layers.youth.mode'?)");
  EXPECT_NO_THROW(parse_scenario(std::string(kTownships) +
                                     "[layers.candidates]\nsource='c.csv'\ndefault_status = "
                                     "'planned'\n",
                                 "/p/s.toml"));
}

TEST(SchemaEncoding, UnknownEncodingNamesAreRefused) {
  EXPECT_EQ(usage_error(std::string(kTownships) + "encoding = 'bogus'\n"),
            "/p/s.toml:3: layers.townships.encoding 'bogus' is not an encoding this system knows "
            "(e.g. UTF-8, GBK, GB18030, BIG5)");
  EXPECT_NO_THROW(parse_scenario(std::string(kTownships) + "encoding = 'GB18030'\n", "/p/s.toml"));
}

}  // namespace
}  // namespace sunplan
