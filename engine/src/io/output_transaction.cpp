#include "sunplan/io/output_transaction.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <mutex>
#include <random>
#include <set>

#include "sunplan/core/error.hpp"
#include "sunplan/io/gdal_common.hpp"
#include "sunplan/io/icalendar.hpp"
#include "sunplan/io/name_match.hpp"
#include "sunplan/io/scenario.hpp"

namespace sunplan {

namespace fs = std::filesystem;

namespace {

// ---- the process-wide registry of live temporaries (for signal handling) ----

struct Registry {
  std::mutex mutex;
  std::set<std::string> paths;  // files and folders, each removed with remove_all
  bool closed = false;          // discard_all_temporaries() ran: no new temporaries
};

Registry& registry() {
  static Registry r;  // never destroyed before the signal thread may use it (function static)
  return r;
}

// GDAL and SQLite may leave files beside a temporary (journals, .aux.xml); they are ours too.
std::vector<std::string> with_side_files(const fs::path& temp) {
  const std::string t = temp.string();
  return {t, t + "-wal", t + "-shm", t + "-journal", t + ".aux.xml"};
}

void remove_quietly(const std::string& path) {
  std::error_code ec;
  fs::remove_all(path, ec);
}

std::string random_tag() {
  static std::mutex m;
  static std::mt19937_64 gen{std::random_device{}()};
  std::lock_guard lock(m);
  static const char* hex = "0123456789abcdef";
  std::string s;
  std::uint64_t v = gen();
  for (int i = 0; i < 8; ++i, v >>= 4) s.push_back(hex[v & 15]);
  return s;
}

std::string unique_suffix() {
  return std::to_string(::getpid()) + "-" + random_tag();
}

// Files that belong to an input of that name (one dataset spread over several files).
std::vector<std::string> side_extensions(const fs::path& p) {
  const std::string ext = io::ascii_lower(p.extension().string());
  if (ext == ".shp" || ext == ".dbf" || ext == ".shx")
    return {".shp", ".shx", ".dbf", ".prj", ".cpg", ".qix", ".sbn", ".sbx", ".qpj", ".shp.xml"};
  if (ext == ".tab" || ext == ".mif")
    return {".tab", ".dat", ".id", ".map", ".ind", ".mif", ".mid"};
  if (ext == ".csv") return {".csvt", ".prj"};
  return {};
}

bool is_sqlite_like(const fs::path& p) {
  const std::string ext = p.extension().string();
  return ext == ".gpkg" || ext == ".sqlite" || ext == ".db" || ext == ".mbtiles";
}

// A GDAL virtual path names a file inside an archive or behind a prefix: protect the archive.
fs::path real_file_of_vsi(const std::string& source) {
  if (source.rfind("/vsi", 0) != 0) return source;
  const auto slash = source.find('/', 1);
  if (slash == std::string::npos) return {};
  fs::path p = source.substr(slash);
  while (!p.empty() && p != p.root_path()) {
    std::error_code ec;
    if (fs::is_regular_file(p, ec)) return p;
    p = p.parent_path();
  }
  return {};
}

bool is_under(const fs::path& child, const fs::path& folder) {
  auto c = child.begin();
  for (auto f = folder.begin(); f != folder.end(); ++f, ++c) {
    if (f->empty()) continue;  // a trailing separator
    if (c == child.end() || *c != *f) return false;
  }
  return true;
}

std::string head_of(const fs::path& path, std::size_t n) {
  std::ifstream in(path, std::ios::binary);
  std::string s(n, '\0');
  in.read(s.data(), static_cast<std::streamsize>(n));
  s.resize(static_cast<std::size_t>(in.gcount()));
  return s;
}

std::string tail_of(const fs::path& path, std::size_t n) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  const std::streamoff size = in.tellg();
  if (size <= 0) return "";
  const std::streamoff from =
      size > static_cast<std::streamoff>(n) ? size - static_cast<std::streamoff>(n) : 0;
  in.seekg(from);
  std::string s(static_cast<std::size_t>(size - from), '\0');
  in.read(s.data(), static_cast<std::streamsize>(s.size()));
  return s;
}

bool gpkg_written_by_sunplan(const fs::path& path) {
  io::register_gdal();
  CPLPushErrorHandler(CPLQuietErrorHandler);
  GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY,
                                            nullptr, nullptr, nullptr));
  CPLPopErrorHandler();
  if (!ds) return false;
  OGRLayer* meta = ds->GetLayerByName("run_metadata");
  if (!meta || meta->GetLayerDefn()->GetFieldIndex("key") < 0 ||
      meta->GetLayerDefn()->GetFieldIndex("value") < 0)
    return false;
  for (auto& f : *meta)
    if (std::string(f->GetFieldAsString("key")) == "software")
      return std::string(f->GetFieldAsString("value")).rfind("sunplan", 0) == 0;
  return false;
}

bool tiff_written_by_sunplan(const fs::path& path) {
  io::register_gdal();
  CPLPushErrorHandler(CPLQuietErrorHandler);
  GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY,
                                            nullptr, nullptr, nullptr));
  CPLPopErrorHandler();
  if (!ds) return false;
  const char* sw = ds->GetMetadataItem("TIFFTAG_SOFTWARE");
  return sw && std::string(sw).rfind(kSunplanTiffSoftware, 0) == 0;
}

[[noreturn]] void refuse(const fs::path& final_path, const std::string& why) {
  throw UsageError("output '" + final_path.string() + "' " + why);
}

struct FileId {
  bool exists = false;
  dev_t dev = 0;
  ino_t ino = 0;
  bool is_dir = false;
  bool is_regular = false;
};

FileId file_id(const fs::path& p) {
  struct stat st {};
  FileId id;
  if (::stat(p.c_str(), &st) != 0) return id;
  id.exists = true;
  id.dev = st.st_dev;
  id.ino = st.st_ino;
  id.is_dir = S_ISDIR(st.st_mode);
  id.is_regular = S_ISREG(st.st_mode);
  return id;
}

fs::path real_path(const fs::path& p) {
  std::error_code ec;
  const fs::path abs = fs::absolute(p, ec).lexically_normal();
  fs::path real = fs::weakly_canonical(abs, ec);
  return ec ? abs : real;
}

}  // namespace

bool is_sunplan_output(const fs::path& path) {
  const std::string ext = io::ascii_lower(path.extension().string());
  if (ext == ".gpkg") return gpkg_written_by_sunplan(path);
  if (ext == ".md") return head_of(path, 64).rfind(kSunplanReportTitle, 0) == 0;
  if (ext == ".html" || ext == ".htm" || ext == ".svg" || ext == ".kml") {
    const std::string head = head_of(path, 4096);
    return head.find(kSunplanGeneratorMark) != std::string::npos ||
           head.find("<meta name=\"generator\" content=\"sunplan ") != std::string::npos;
  }
  if (ext == ".ics") return head_of(path, 4096).find(kSunplanCalendarProdId) != std::string::npos;
  if (ext == ".pdf") return tail_of(path, 8192).find("/Creator (sunplan") != std::string::npos;
  if (ext == ".tif" || ext == ".tiff") return tiff_written_by_sunplan(path);
  return false;
}

void discard_all_temporaries() noexcept {
  Registry& r = registry();
  std::lock_guard lock(r.mutex);
  for (const std::string& p : r.paths) remove_quietly(p);
  r.paths.clear();
  r.closed = true;
}

struct OutputTransaction::Impl {
  struct Input {
    fs::path shown, real;
    FileId id;
    std::string what;
  };
  struct File {
    fs::path final_path, temp;
    Existing existing;
  };
  std::vector<Input> inputs;
  std::vector<File> files;
  std::vector<fs::path> work_folders;
  std::vector<fs::path> created_folders;  // in creation order
  bool committed = false;

  void track(const fs::path& temp) {
    Registry& r = registry();
    std::lock_guard lock(r.mutex);
    if (r.closed) throw CancelledError();
    for (const std::string& p : with_side_files(temp)) r.paths.insert(p);
  }
  static void untrack(const fs::path& temp) {
    Registry& r = registry();
    std::lock_guard lock(r.mutex);
    for (const std::string& p : with_side_files(temp)) r.paths.erase(p);
  }

  void make_parent(const fs::path& final_path) {
    const fs::path parent = fs::absolute(final_path).lexically_normal().parent_path();
    std::vector<fs::path> missing;
    for (fs::path p = parent; !p.empty() && !fs::exists(p); p = p.parent_path()) {
      missing.push_back(p);
      if (p == p.root_path()) break;
    }
    std::error_code ec;
    fs::create_directories(parent, ec);
    if (ec)
      throw ResourceError("cannot create folder " + final_path.parent_path().string() + ": " +
                          ec.message());
    created_folders.insert(created_folders.end(), missing.rbegin(), missing.rend());
  }

  void rollback() noexcept {
    for (const File& f : files) {
      for (const std::string& p : with_side_files(f.temp)) remove_quietly(p);
      untrack(f.temp);
    }
    files.clear();
    for (const fs::path& w : work_folders) {
      remove_quietly(w.string());
      untrack(w);
    }
    work_folders.clear();
    for (auto it = created_folders.rbegin(); it != created_folders.rend(); ++it) {
      std::error_code ec;
      fs::remove(*it, ec);  // only when empty: never a file someone else put there
    }
    created_folders.clear();
  }
};

OutputTransaction::OutputTransaction() : m_impl(std::make_unique<Impl>()) {}

OutputTransaction::~OutputTransaction() {
  if (m_impl && !m_impl->committed) m_impl->rollback();
}

void OutputTransaction::protect(const fs::path& input, const std::string& what) {
  const std::string text = input.string();
  if (text.empty() || text.rfind("PG:", 0) == 0) return;
  const fs::path file = real_file_of_vsi(text);
  if (file.empty()) return;
  std::vector<fs::path> names{file};
  const fs::path stem = file.parent_path() / file.stem();
  for (const std::string& ext : side_extensions(file)) names.push_back(stem.string() + ext);
  if (is_sqlite_like(file))
    for (const char* s : {"-wal", "-shm", "-journal"}) names.push_back(file.string() + s);
  for (const fs::path& n : names) m_impl->inputs.push_back({file, real_path(n), file_id(n), what});
}

void OutputTransaction::protect_scenario(const Scenario& sc) {
  protect(sc.file, "the scenario");
  for (const auto& [role, spec] : sc.layers) protect(spec.source, "layers." + role + " source");
  const std::string targets = sc.settings.text("targets.file", "");
  if (!targets.empty()) {
    fs::path p(targets);
    if (p.is_relative()) p = sc.folder / p;
    protect(p, "[targets] file");
  }
}

void OutputTransaction::protect_result(const fs::path& result) {
  protect(result, "the result being read");
  io::register_gdal();
  CPLPushErrorHandler(CPLQuietErrorHandler);
  GDALDatasetUniquePtr ds(GDALDataset::Open(result.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY,
                                            nullptr, nullptr, nullptr));
  CPLPopErrorHandler();
  OGRLayer* meta = ds ? ds->GetLayerByName("run_metadata") : nullptr;
  if (!meta || meta->GetLayerDefn()->GetFieldIndex("key") < 0 ||
      meta->GetLayerDefn()->GetFieldIndex("value") < 0)
    return;
  for (auto& row : *meta) {
    const std::string key = row->GetFieldAsString("key");
    if (key == "scenario_file")
      protect(row->GetFieldAsString("value"), "the scenario of this result");
    else if (key.rfind("input_file.", 0) == 0)
      protect(row->GetFieldAsString("value"),
              "layers." + key.substr(11) + " source of this result");
  }
}

void OutputTransaction::check(const fs::path& final_path, Existing existing) const {
  if (final_path.empty()) throw UsageError("no output path given");
  const fs::path real = real_path(final_path);
  const FileId id = file_id(final_path);
  for (const Impl::Input& in : m_impl->inputs) {
    const bool same = real == in.real ||
                      (id.exists && in.id.exists && id.dev == in.id.dev && id.ino == in.id.ino);
    if (same)
      refuse(final_path, "is an input of this command (" + in.what + ", '" + in.shown.string() +
                             "'); choose another output");
    if (in.id.is_dir && is_under(real, in.real))
      refuse(final_path, "is inside '" + in.shown.string() + "', a folder read as an input (" +
                             in.what + "); choose another output");
  }
  for (const Impl::File& f : m_impl->files)
    if (real_path(f.final_path) == real)
      throw Error(ExitCode::failure, "output '" + final_path.string() + "' is planned twice");
  for (fs::path p = fs::absolute(final_path).lexically_normal().parent_path(); !p.empty();
       p = p.parent_path()) {
    const FileId pid = file_id(p);
    if (pid.exists && !pid.is_dir)
      refuse(final_path, "cannot be created: '" + p.string() + "' is a file, not a folder");
    if (pid.exists || p == p.root_path()) break;
  }
  if (!id.exists) return;
  if (id.is_dir) refuse(final_path, "is an existing folder; name a file");
  if (!id.is_regular) refuse(final_path, "exists and is not a regular file");
  if (force) return;
  if (existing == Existing::refuse)
    refuse(final_path, "exists; sunplan does not replace it without --force");
  if (!is_sunplan_output(final_path))
    refuse(final_path,
           "exists and is not a sunplan output of this kind; choose another name, or --force to "
           "replace it");
}

fs::path OutputTransaction::plan(const fs::path& final_path, Existing existing) {
  check(final_path, existing);
  m_impl->make_parent(final_path);
  const fs::path parent = final_path.has_parent_path() ? final_path.parent_path() : fs::path(".");
  const fs::path temp = parent / (final_path.stem().string() + ".tmp-" + unique_suffix() +
                                  final_path.extension().string());
  m_impl->track(temp);
  m_impl->files.push_back({final_path, temp, existing});
  return temp;
}

fs::path OutputTransaction::work_folder(const fs::path& near) {
  m_impl->make_parent(near);
  const fs::path parent = near.has_parent_path() ? near.parent_path() : fs::path(".");
  const fs::path folder =
      parent / ("." + near.stem().string() + ".sunplan-work-" + unique_suffix());
  m_impl->track(folder);
  m_impl->work_folders.push_back(folder);
  std::error_code ec;
  fs::create_directory(folder, ec);
  if (ec) throw ResourceError("cannot create " + folder.string() + ": " + ec.message());
  return folder;
}

void OutputTransaction::adopt(const fs::path& written, const fs::path& final_path,
                              Existing existing) {
  check(final_path, existing);
  m_impl->make_parent(final_path);
  m_impl->files.push_back({final_path, written, existing});
}

void OutputTransaction::commit() {
  Impl& m = *m_impl;
  // Checked again: a file may have appeared under a final name while the command ran.
  {
    std::vector<Impl::File> files;
    files.swap(m.files);
    try {
      for (const Impl::File& f : files) check(f.final_path, f.existing);
    } catch (...) {
      m.files.swap(files);
      throw;
    }
    m.files.swap(files);
  }
  Registry& r = registry();
  std::lock_guard lock(r.mutex);  // a signal's cleanup waits until the set is complete
  if (r.closed) throw CancelledError();
  struct Done {
    fs::path final_path, backup;  // backup empty: there was no earlier file
  };
  std::vector<Done> done;
  auto undo = [&] {
    std::error_code ec;
    for (auto it = done.rbegin(); it != done.rend(); ++it) {
      if (it->backup.empty())
        fs::remove(it->final_path, ec);  // the new file we just put there
      else
        fs::rename(it->backup, it->final_path, ec);
    }
  };
  for (const Impl::File& f : m.files) {
    fs::path backup;
    std::error_code ec;
    if (fs::exists(fs::symlink_status(f.final_path))) {
      const fs::path parent = f.final_path.has_parent_path() ? f.final_path.parent_path() : ".";
      backup = parent / (f.final_path.stem().string() + ".old-" + unique_suffix() +
                         f.final_path.extension().string());
      // A second name for the old file keeps it whole until the set is complete.
      if (::link(f.final_path.c_str(), backup.c_str()) != 0) {
        fs::rename(f.final_path, backup, ec);
        if (ec) {
          undo();
          throw ResourceError("cannot replace " + f.final_path.string() + ": " + ec.message());
        }
      }
    }
    fs::rename(f.temp, f.final_path, ec);
    if (ec) {
      if (!backup.empty() && !fs::exists(f.final_path))
        fs::rename(backup, f.final_path, ec);
      else if (!backup.empty())
        fs::remove(backup, ec);
      undo();
      throw ResourceError("cannot move " + f.temp.string() + " to " + f.final_path.string() + ": " +
                          ec.message());
    }
    done.push_back({f.final_path, backup});
  }
  for (const Done& d : done) {
    std::error_code ec;
    if (!d.backup.empty()) fs::remove(d.backup, ec);
  }
  for (const Impl::File& f : m.files)
    for (const std::string& p : with_side_files(f.temp)) {
      std::error_code ec;
      if (p != f.temp.string()) fs::remove(p, ec);
      r.paths.erase(p);
    }
  for (const fs::path& w : m.work_folders) {
    remove_quietly(w.string());
    r.paths.erase(w.string());
  }
  m.work_folders.clear();
  m.committed = true;
}

std::vector<fs::path> OutputTransaction::final_paths() const {
  std::vector<fs::path> out;
  for (const Impl::File& f : m_impl->files) out.push_back(f.final_path);
  return out;
}

}  // namespace sunplan
