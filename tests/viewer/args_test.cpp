#include "args.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "sunplan/core/error.hpp"

namespace {

using sunplan::viewer::parse_args;

TEST(Args, ScreenshotOptions) {
  const char* argv[] = {"v",         "run.gpkg", "--screenshot", "a.png",  "--layer",
                        "townships", "--layer",  "bases",        "--view", "121.5,31.2,9.5",
                        "--size",    "640x480",  "--lang",       "zh",     "--no-labels"};
  const auto a = parse_args(static_cast<int>(std::size(argv)), argv);
  EXPECT_EQ(a.path, "run.gpkg");
  EXPECT_EQ(a.screenshot, "a.png");
  EXPECT_EQ(a.layers, (std::vector<std::string>{"townships", "bases"}));
  ASSERT_TRUE(a.view);
  EXPECT_EQ(a.view->lon, 121.5);
  EXPECT_EQ(a.view->lat, 31.2);
  EXPECT_EQ(a.view->zoom, 9.5);
  EXPECT_EQ(a.width_px, 640);
  EXPECT_EQ(a.height_px, 480);
  EXPECT_EQ(a.lang, sunplan::viewer::Lang::zh);
  EXPECT_FALSE(a.labels);
}

TEST(Args, OrderedFlagsKeepTheCommandLineOrder) {
  const char* argv[] = {"v",
                        "x.gpkg",
                        "--density",
                        "--layer-style",
                        "teams=points",
                        "--points",
                        "--no-panels",
                        "--panels",
                        "--layer-style",
                        "bases=density",
                        "--simplify",
                        "2.5",
                        "--bench-frames",
                        "3",
                        "--basemap-crs",
                        "gcj02"};
  const auto a = parse_args(static_cast<int>(std::size(argv)), argv);
  using Style = std::pair<std::string, std::string>;
  EXPECT_EQ(
      a.layer_styles,
      (std::vector<Style>{
          {"youth", "density"}, {"teams", "points"}, {"youth", "points"}, {"bases", "density"}}));
  EXPECT_EQ(a.panels, true);  // the later of --no-panels and --panels
  EXPECT_EQ(a.simplify_m, 2.5);
  EXPECT_EQ(a.bench_frames, 3);
  EXPECT_EQ(a.basemap_crs, "gcj02");
  EXPECT_TRUE(a.labels);
  const char* other_way[] = {"v", "x.gpkg", "--panels", "--no-panels"};
  EXPECT_EQ(parse_args(4, other_way).panels, false);
  const char* none[] = {"v", "x.gpkg"};
  EXPECT_FALSE(parse_args(2, none).panels.has_value());
}

TEST(Args, HelpAndVersionNeedNoFileAndHelpListsEveryFlag) {
  const char* help[] = {"v", "--help"};
  EXPECT_TRUE(parse_args(2, help).help);
  const char* version[] = {"v", "--version"};
  EXPECT_TRUE(parse_args(2, version).version);
  const std::string text = sunplan::viewer::usage_text();
  for (const char* flag :
       {"--screenshot",   "--layer",     "--view",        "--size",      "--lang",
        "--field",        "--no-labels", "--panels",      "--no-panels", "--simplify",
        "--density",      "--points",    "--layer-style", "--basemap",   "--basemap-crs",
        "--bench-frames", "--no-lod",    "--version",     "--help",      "Exit codes"})
    EXPECT_NE(text.find(flag), std::string::npos) << flag;
}

TEST(Args, BadInputIsAUsageError) {
  const char* no_file[] = {"v"};
  EXPECT_THROW(parse_args(1, no_file), sunplan::UsageError);
  const char* bad_view[] = {"v", "x.gpkg", "--view", "121,31"};
  EXPECT_THROW(parse_args(4, bad_view), sunplan::UsageError);
  const char* bad_size[] = {"v", "x.gpkg", "--size", "10x10"};
  EXPECT_THROW(parse_args(4, bad_size), sunplan::UsageError);
  const char* bad_lang[] = {"v", "x.gpkg", "--lang", "fr"};
  EXPECT_THROW(parse_args(4, bad_lang), sunplan::UsageError);
  const char* unknown[] = {"v", "x.gpkg", "--frobnicate"};
  EXPECT_THROW(parse_args(3, unknown), sunplan::UsageError);
  const char* two_files[] = {"v", "x.gpkg", "y.gpkg"};
  EXPECT_THROW(parse_args(3, two_files), sunplan::UsageError);
  const char* no_value[] = {"v", "x.gpkg", "--screenshot"};
  EXPECT_THROW(parse_args(3, no_value), sunplan::UsageError);
  const char* bad_frames[] = {"v", "x.gpkg", "--bench-frames", "2.5"};
  EXPECT_THROW(parse_args(4, bad_frames), sunplan::UsageError);
  const char* bad_crs[] = {"v", "x.gpkg", "--basemap-crs", "bd09"};
  EXPECT_THROW(parse_args(4, bad_crs), sunplan::UsageError);
  const char* bad_style[] = {"v", "x.gpkg", "--layer-style", "youth=heat"};
  EXPECT_THROW(parse_args(4, bad_style), sunplan::UsageError);
}

}  // namespace
