// The output rules (OutputTransaction): every case worked by hand on real files in a temporary
// folder; the oracle is the file system itself (bytes, inode numbers, directory listings).
#include "sunplan/io/output_transaction.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "sunplan/core/error.hpp"
#include "sunplan/io/output_layer.hpp"

namespace sunplan {
namespace {

namespace fs = std::filesystem;

class OutputRules : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    m_dir = fs::temp_directory_path() /
            ("sunplan-output-" + std::string(info->name()) + "-" + std::to_string(::getpid()));
    fs::remove_all(m_dir);
    fs::create_directories(m_dir);
  }
  void TearDown() override { fs::remove_all(m_dir); }

  fs::path at(const std::string& name) const { return m_dir / name; }
  static void write(const fs::path& p, const std::string& text) {
    std::ofstream(p, std::ios::binary) << text;
  }
  static std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  // Every name in the folder, sorted (temporaries would show here).
  std::vector<std::string> listing(const fs::path& folder) const {
    std::vector<std::string> names;
    for (const auto& e : fs::recursive_directory_iterator(folder))
      names.push_back(fs::relative(e.path(), m_dir).string());
    std::sort(names.begin(), names.end());
    return names;
  }
  // A GeoPackage sunplan wrote (it has run_metadata with software = sunplan ...).
  void sunplan_gpkg(const fs::path& p) const {
    OutputLayer meta("run_metadata", GeometryKind::none);
    meta.fields = {{"key", FieldType::text}, {"value", FieldType::text}};
    meta.add_row({std::string("software"), std::string("sunplan test")});
    ResultWriter w(p.string(), "EPSG:4326", "EPSG:4326");
    w.write(meta);
    w.commit();
  }
  template <class F>
  static std::string refusal(F&& f) {
    try {
      f();
    } catch (const UsageError& e) {
      return e.what();
    }
    return "";
  }

  fs::path m_dir;
};

TEST_F(OutputRules, CommitRenamesEveryFileAndLeavesNoTemporary) {
  {
    OutputTransaction out;
    const fs::path a = out.plan(at("sub/r.gpkg")), b = out.plan(at("sub/r-report.md"));
    EXPECT_NE(a, at("sub/r.gpkg"));
    EXPECT_EQ(a.parent_path(), at("sub"));
    EXPECT_EQ(a.extension(), ".gpkg");  // GDAL chooses the driver by it
    EXPECT_NE(a.filename().string().find(".tmp-" + std::to_string(::getpid()) + "-"),
              std::string::npos);
    write(a, "A");
    write(b, "B");
    EXPECT_FALSE(fs::exists(at("sub/r.gpkg")));
    out.commit();
  }
  EXPECT_EQ(read(at("sub/r.gpkg")), "A");
  EXPECT_EQ(read(at("sub/r-report.md")), "B");
  EXPECT_EQ(listing(m_dir), (std::vector<std::string>{"sub", "sub/r-report.md", "sub/r.gpkg"}));
}

TEST_F(OutputRules, WithoutCommitNothingIsLeftAndEarlierFilesStay) {
  write(at("r-report.md"), std::string(kSunplanReportTitle) + ": old\n");
  {
    OutputTransaction out;
    write(out.plan(at("r-report.md")), "new");
    write(out.plan(at("new/deeper/x.svg")), "new");
    // leaves the scope: an error or a cancel
  }
  EXPECT_EQ(read(at("r-report.md")), std::string(kSunplanReportTitle) + ": old\n");
  // The folders it made are gone again; nothing else was touched.
  EXPECT_EQ(listing(m_dir), (std::vector<std::string>{"r-report.md"}));
}

TEST_F(OutputRules, AnInputIsNeverAnOutputUnderAnyName) {
  write(at("in.gpkg"), "input");
  fs::create_directories(at("sub"));
  fs::create_symlink(at("in.gpkg"), at("link.gpkg"));
  ASSERT_EQ(::link(at("in.gpkg").c_str(), at("hard.gpkg").c_str()), 0);
  OutputTransaction out;
  out.force = true;  // not even with --force
  out.protect(at("in.gpkg"), "layers.youth source");
  for (const fs::path& p : {at("in.gpkg"), at("sub/../in.gpkg"), at("./in.gpkg"), at("link.gpkg"),
                            at("hard.gpkg"), fs::relative(at("in.gpkg"))}) {
    const std::string why = refusal([&] { out.plan(p); });
    EXPECT_NE(why.find("is an input of this command (layers.youth source"), std::string::npos)
        << p << ": " << why;
  }
  // SQLite's side files belong to the input too.
  EXPECT_NE(refusal([&] { out.plan(at("in.gpkg-wal")); }), "");
  EXPECT_EQ(read(at("in.gpkg")), "input");
}

TEST_F(OutputRules, ShapefileSideFilesAndInputFoldersAreInputs) {
  write(at("towns.shp"), "shp");
  fs::create_directories(at("csvdir"));
  write(at("csvdir/youth.csv"), "id\n");
  OutputTransaction out;
  out.protect(at("towns.shp"), "layers.townships source");
  out.protect(at("csvdir"), "layers.youth source");
  EXPECT_NE(refusal([&] { out.plan(at("towns.dbf")); }).find("is an input"), std::string::npos);
  EXPECT_NE(refusal([&] { out.plan(at("towns.prj")); }).find("is an input"), std::string::npos);
  EXPECT_NE(refusal([&] { out.plan(at("csvdir/new.csv")); }).find("a folder read as an input"),
            std::string::npos);
  EXPECT_EQ(refusal([&] { out.plan(at("towns.gpkg")); }), "");  // another dataset: fine
}

TEST_F(OutputRules, AnExistingFileSunplanDidNotWriteIsRefusedUnlessForced) {
  write(at("notes.gpkg"), "my notes");
  write(at("mine-report.md"), "# my own report\n");
  write(at("ours-report.md"), std::string(kSunplanReportTitle) + ": demo\n");
  sunplan_gpkg(at("ours.gpkg"));
  OutputTransaction out;
  EXPECT_NE(refusal([&] { out.plan(at("notes.gpkg")); }).find("is not a sunplan output"),
            std::string::npos);
  EXPECT_NE(refusal([&] { out.plan(at("mine-report.md")); }).find("is not a sunplan output"),
            std::string::npos);
  EXPECT_EQ(refusal([&] { out.plan(at("ours.gpkg")); }), "");
  EXPECT_EQ(refusal([&] { out.plan(at("ours-report.md")); }), "");
  // A name added to a folder is never replaced without --force, sunplan's or not.
  OutputTransaction folder_member;
  EXPECT_NE(
      refusal([&] { folder_member.plan(at("ours-report.md"), Existing::refuse); }).find("--force"),
      std::string::npos);
  fs::create_directories(at("folder"));
  EXPECT_NE(refusal([&] { out.plan(at("folder")); }).find("is an existing folder"),
            std::string::npos);
  write(at("afile"), "x");
  EXPECT_NE(refusal([&] { out.plan(at("afile/r.gpkg")); }).find("is a file, not a folder"),
            std::string::npos);
  OutputTransaction forced;
  forced.force = true;
  write(forced.plan(at("notes.gpkg")), "replaced");
  forced.commit();
  EXPECT_EQ(read(at("notes.gpkg")), "replaced");
}

TEST_F(OutputRules, ASetThatCannotCompletePutsBackWhatItHadReplaced) {
  write(at("a.svg"), std::string("<!-- ") + kSunplanGeneratorMark + " -->old a");
  write(at("b.svg"), std::string("<!-- ") + kSunplanGeneratorMark + " -->old b");
  OutputTransaction out;
  write(out.plan(at("a.svg")), "new a");
  const fs::path tb = out.plan(at("b.svg"));
  write(tb, "new b");
  fs::remove(tb);  // the second rename fails
  EXPECT_THROW(out.commit(), ResourceError);
  EXPECT_EQ(read(at("a.svg")), std::string("<!-- ") + kSunplanGeneratorMark + " -->old a");
  EXPECT_EQ(read(at("b.svg")), std::string("<!-- ") + kSunplanGeneratorMark + " -->old b");
}

TEST_F(OutputRules, AFileThatAppearedMeanwhileIsNotOverwrittenAtCommit) {
  OutputTransaction out;
  write(out.plan(at("r.gpkg")), "new");
  write(at("r.gpkg"), "someone else's");
  EXPECT_THROW(out.commit(), UsageError);
  EXPECT_EQ(read(at("r.gpkg")), "someone else's");
}

TEST_F(OutputRules, WorkFoldersAndAdoptedFiles) {
  fs::create_directories(at("out"));
  write(at("out/keep.txt"), "keep");
  {
    OutputTransaction out;
    const fs::path work = out.work_folder(at("out/export"));
    EXPECT_EQ(work.parent_path(), at("out"));
    write(work / "t.shp", "shp");
    write(work / "t.dbf", "dbf");
    out.adopt(work / "t.shp", at("out/t.shp"));
    out.adopt(work / "t.dbf", at("out/t.dbf"));
    out.commit();
  }
  EXPECT_EQ(listing(m_dir),
            (std::vector<std::string>{"out", "out/keep.txt", "out/t.dbf", "out/t.shp"}));
  OutputTransaction again;  // adding the same names again is refused without --force
  EXPECT_NE(refusal([&] { again.adopt(at("x"), at("out/t.shp")); }).find("--force"),
            std::string::npos);
}

TEST_F(OutputRules, RecognisesSunplanOutputsByTheirMarks) {
  sunplan_gpkg(at("ours.gpkg"));
  write(at("plain.gpkg"), "SQLite format 3");
  write(at("r-report.md"), std::string(kSunplanReportTitle) + ": x\n");
  write(at("r.html"), std::string("<!DOCTYPE html><meta name=\"generator\" content=\"") +
                          kSunplanGeneratorMark + " sunplan 1\">");
  write(at("other.html"), "<!DOCTYPE html><p>hello</p>");
  write(at("data.geojson"), "{}");
  EXPECT_TRUE(is_sunplan_output(at("ours.gpkg")));
  EXPECT_FALSE(is_sunplan_output(at("plain.gpkg")));
  EXPECT_TRUE(is_sunplan_output(at("r-report.md")));
  EXPECT_TRUE(is_sunplan_output(at("r.html")));
  EXPECT_FALSE(is_sunplan_output(at("other.html")));
  EXPECT_FALSE(is_sunplan_output(at("data.geojson")));
  EXPECT_FALSE(is_sunplan_output(at("missing.gpkg")));
}

TEST_F(OutputRules, DiscardRemovesEveryLiveTemporaryAndRefusesNewOnes) {
  // In a child process: discarding closes the process-wide registry for good.
  EXPECT_EXIT(
      {
        OutputTransaction out;
        const fs::path t = out.plan(at("r.gpkg"));
        write(t, "half");
        const fs::path work = out.work_folder(at("r.gpkg"));
        write(work / "x", "x");
        discard_all_temporaries();
        bool refused = false;
        try {
          out.plan(at("s.gpkg"));
        } catch (const CancelledError&) {
          refused = true;
        }
        std::exit(!fs::exists(t) && !fs::exists(work) && refused ? 0 : 1);
      },
      ::testing::ExitedWithCode(0), "");
  EXPECT_EQ(listing(m_dir), std::vector<std::string>{});
}

}  // namespace
}  // namespace sunplan
