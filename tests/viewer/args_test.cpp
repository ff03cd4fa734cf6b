#include "args.hpp"

#include <gtest/gtest.h>

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
}

}  // namespace
