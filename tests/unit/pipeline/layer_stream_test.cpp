// Result layers written on a thread of their own while the run goes on
// (engine/src/pipeline/layer_stream.hpp). Oracles: the file a writer on the calling thread
// writes (the same layers in the same order, byte for byte), the order the tasks ran in, and
// what is left on disk when a task fails or the run stops early (nothing but what was there).
#include "layer_stream.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "sunplan/core/error.hpp"
#include "sunplan/io/output_transaction.hpp"
#include "sunplan/io/result_reader.hpp"

namespace sunplan {
namespace {

namespace fs = std::filesystem;

class LayerStreamTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    m_dir = fs::temp_directory_path() /
            ("sunplan-stream-" + std::string(info->name()) + "-" + std::to_string(::getpid()));
    fs::remove_all(m_dir);
    fs::create_directories(m_dir);
  }
  void TearDown() override { fs::remove_all(m_dir); }

  // The files in the test's folder.
  std::vector<std::string> files() const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(m_dir)) out.push_back(e.path().filename());
    std::sort(out.begin(), out.end());
    return out;
  }

  fs::path m_dir;
};

OutputLayer points(const std::string& name, int n) {
  OutputLayer l(name, GeometryKind::point);
  l.fields = {{"k", FieldType::integer}, {"名称", FieldType::text}};
  for (int i = 0; i < n; ++i)
    l.add_point({350000.0 + i, 3450000.0 + 2 * i},
                {std::int64_t{i}, std::string("温馨家园") + std::to_string(i)});
  return l;
}

OutputLayer metadata() {
  OutputLayer meta("run_metadata", GeometryKind::none);  // what ResultReader recognises
  meta.fields = {{"key", FieldType::text}, {"value", FieldType::text}};
  meta.add_row({std::string("software"), std::string("sunplan test")});
  return meta;
}

// Writes three layers through a stream (background or not), the tasks posted while this
// thread sleeps between them, and commits.
void write_through(OutputTransaction& out, const fs::path& path, bool background,
                   std::vector<std::thread::id>* ran_on = nullptr) {
  LayerStream stream([&] { return ResultWriter(out, path.string(), "EPSG:32651", "EPSG:4326"); },
                     background);
  for (const auto& [name, n] : {std::pair{"first", 300}, {"second", 5}, {"third", 1000}}) {
    stream.post([layer = points(name, n), ran_on](ResultWriter& w, const std::atomic<bool>&) {
      if (ran_on) ran_on->push_back(std::this_thread::get_id());
      w.write(layer);
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  stream.post([](ResultWriter& w, const std::atomic<bool>&) {
    w.write(metadata());
    w.commit();
  });
  NullProgress progress;
  stream.finish(progress, "write GeoPackage");
}

TEST_F(LayerStreamTest, WritesWhatTheCallingThreadWritesInTheOrderPosted) {
  std::vector<std::thread::id> ran_on;
  {
    OutputTransaction out;
    write_through(out, m_dir / "background.gpkg", true, &ran_on);
    out.commit();
  }
  {
    OutputTransaction out;
    write_through(out, m_dir / "calling.gpkg", false);
    out.commit();
  }
  ASSERT_EQ(ran_on.size(), 3u);
  for (const auto& id : ran_on) EXPECT_NE(id, std::this_thread::get_id());
  const ResultReader a((m_dir / "background.gpkg").string()), b((m_dir / "calling.gpkg").string());
  EXPECT_EQ(a.layer_names(), b.layer_names());
  EXPECT_EQ(a.layer_names(),
            (std::vector<std::string>{"first", "second", "third", "run_metadata"}));
  for (const std::string name : {"first", "second", "third"}) {
    const OutputLayer la = a.layer(name), lb = b.layer(name);
    ASSERT_EQ(la.size(), lb.size()) << name;
    EXPECT_EQ(la.rows, lb.rows) << name;
    for (std::size_t i = 0; i < la.size(); ++i) {
      EXPECT_EQ(la.points[i].x, lb.points[i].x);
      EXPECT_EQ(la.points[i].y, lb.points[i].y);
    }
  }
}

TEST_F(LayerStreamTest, AFailedTaskFailsTheRunAndLeavesNothing) {
  for (const bool background : {true, false}) {
    SCOPED_TRACE(background ? "background" : "calling thread");
    bool later_ran = false;
    const auto attempt = [&] {
      OutputTransaction out;
      LayerStream stream(
          [&] {
            return ResultWriter(out, (m_dir / "run.gpkg").string(), "EPSG:32651", "EPSG:4326");
          },
          background);
      stream.post([](ResultWriter& w, const std::atomic<bool>&) { w.write(points("a", 10)); });
      stream.post(
          [](ResultWriter&, const std::atomic<bool>&) { throw ResourceError("disk full (test)"); });
      // Posting after the failure either rethrows it (it has happened) or is dropped.
      try {
        stream.post([&](ResultWriter&, const std::atomic<bool>&) { later_ran = true; });
      } catch (const ResourceError&) {
      }
      NullProgress progress;
      stream.finish(progress, "write GeoPackage");
      out.commit();
    };
    EXPECT_THROW(attempt(), ResourceError);
    EXPECT_FALSE(later_ran);
    EXPECT_TRUE(files().empty()) << files().front();
  }
}

TEST_F(LayerStreamTest, ARunThatStopsEarlyStopsTheTaskAtHandAndLeavesTheEarlierResult) {
  // An earlier result in place: a failed run must not touch it.
  {
    OutputTransaction out;
    write_through(out, m_dir / "run.gpkg", false);
    out.commit();
  }
  const auto before = fs::file_size(m_dir / "run.gpkg");
  std::atomic<int> parts{0};
  try {
    OutputTransaction out;
    out.force = true;
    LayerStream stream(
        [&] { return ResultWriter(out, (m_dir / "run.gpkg").string(), "EPSG:32651", "EPSG:4326"); },
        true);
    // A long task in parts, as a per-youth layer is written; it checks `stop` between them.
    stream.post([&](ResultWriter& w, const std::atomic<bool>& stop) {
      w.write(points("long", 10));
      for (int i = 0; i < 10000 && !stop; ++i) {
        w.append(points("long", 10));
        ++parts;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
      }
    });
    while (parts < 3) std::this_thread::yield();
    throw CancelledError();  // the run stops (an error in a stage, or the user)
  } catch (const CancelledError&) {
  }
  EXPECT_LT(parts.load(), 10000);
  EXPECT_EQ(files(), std::vector<std::string>{"run.gpkg"});
  EXPECT_EQ(fs::file_size(m_dir / "run.gpkg"), before);
  const ResultReader kept((m_dir / "run.gpkg").string());
  EXPECT_EQ(kept.layer(std::string("third")).size(), 1000u);
}

TEST_F(LayerStreamTest, AnOutputThatCannotBeCreatedFailsBeforeAnyWork) {
  OutputTransaction out;
  std::ofstream(m_dir / "plain") << "a file where a folder would be";
  const fs::path missing = m_dir / "plain" / "run.gpkg";
  bool opened = false;
  EXPECT_ANY_THROW(LayerStream(
      [&] {
        opened = true;
        return ResultWriter(out, missing.string(), "EPSG:32651", "EPSG:4326");
      },
      true));
  EXPECT_TRUE(opened);
  EXPECT_EQ(files(), std::vector<std::string>{"plain"});
}

}  // namespace
}  // namespace sunplan
