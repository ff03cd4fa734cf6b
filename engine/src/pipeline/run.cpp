#include "sunplan/pipeline/run.hpp"

#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>

#include "coverage_geometry.hpp"
#include "layer_stream.hpp"
#include "map_page.hpp"
#include "network_stage.hpp"
#include "per_youth_layers.hpp"
#include "qgis_styles.hpp"
#include "report.hpp"
#include "result_layers.hpp"
#include "sunplan/core/error.hpp"
#include "sunplan/core/sha256.hpp"
#include "sunplan/io/data_checks.hpp"
#include "sunplan/io/history_store.hpp"
#include "sunplan/io/output_transaction.hpp"
#include "sunplan/pipeline/disclosure_ledger.hpp"
#include "sunplan/pipeline/layer_choice.hpp"
#include "sunplan/pipeline/load.hpp"
#include "sunplan/pipeline/monitoring.hpp"
#include "sunplan/pipeline/privacy.hpp"
#include "sunplan/version.hpp"

namespace sunplan {

namespace fs = std::filesystem;

namespace {

RunSummary summarise(const LoadResult& load, const coverage::CoverageResult& c) {
  const Dataset& d = load.dataset;
  RunSummary s;
  s.townships = static_cast<std::int64_t>(d.admin.townships.size());
  for (std::int32_t t : d.admin.townships) {
    const auto ur = d.admin.units[static_cast<std::size_t>(t)].urban_rural;
    s.urban_townships += ur == UrbanRural::urban;
    s.rural_townships += ur == UrbanRural::rural;
  }
  const auto& total = c.figures.total;
  s.youth = total.youth;
  s.in_reach = total.in_reach;
  s.served = total.served;
  const auto& urban = total.by_class[static_cast<std::size_t>(UrbanRural::urban)];
  const auto& rural = total.by_class[static_cast<std::size_t>(UrbanRural::rural)];
  s.urban_youth = urban.youth;
  s.urban_in_reach = urban.in_reach;
  s.urban_served = urban.served;
  s.rural_youth = rural.youth;
  s.rural_in_reach = rural.in_reach;
  s.rural_served = rural.served;
  for (BaseStatus st : d.bases.status) {
    s.bases_existing += st == BaseStatus::existing;
    s.bases_candidate += st == BaseStatus::candidate;
    s.bases_planned += st == BaseStatus::planned;
  }
  for (const auto& g : c.gaps.ranked) s.gap_townships += g.unserved > 0;
  s.problems_rejected = static_cast<std::int64_t>(d.problems.count(Severity::rejected));
  s.problems_repaired = static_cast<std::int64_t>(d.problems.count(Severity::repaired));
  s.problems_warnings = static_cast<std::int64_t>(d.problems.count(Severity::warning));
  return s;
}

OutputLayer run_metadata(const Scenario& sc, const LoadResult& load,
                         const PairingStageOptions& pairing) {
  OutputLayer meta("run_metadata", GeometryKind::none);
  meta.fields = {{"key", FieldType::text}, {"value", FieldType::text}};
  auto add = [&](const std::string& k, const std::string& v) { meta.add_row({k, v}); };
  add("software", std::string("sunplan ") + kVersion);
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  add("time_utc", buf);
  add("scenario", sc.file.string());
  add("scenario_file", fs::absolute(sc.file).lexically_normal().string());
  add("scenario_sha256", sha256_file(sc.file));
  add("scenario_name", sc.name);
  add("working_crs", load.dataset.crs.definition);
  add("working_crs_rule", load.dataset.crs.rule);
  if (!load.youth_spread_note.empty()) add("youth_spread", load.youth_spread_note);
  std::ifstream in(sc.file, std::ios::binary);
  add("scenario_text", redact_passwords(std::string(std::istreambuf_iterator<char>(in), {})));
  // Dates the command line may set instead of the scenario (--relay-date, --calendar-*), or
  // that default to the day of the run: `sunplan compare` lists them with the scenario's keys.
  if (pairing.relay_date != kNoDate)
    add("effective.pairing.relay_date", format_day(pairing.relay_date));
  if (pairing.calendar_days > 0) {
    add("effective.pairing.calendar_from", format_day(pairing.calendar_from));
    add("effective.pairing.calendar_days", std::to_string(pairing.calendar_days));
  }
  std::set<std::string> hashed;
  for (const auto& [role, spec] : sc.layers) {
    add("input." + role, spec.display_source() + (spec.layer.empty() ? "" : ":" + spec.layer));
    // Where the inputs are, so `sunplan export` of this result never writes over them.
    if (spec.source.rfind("PG:", 0) != 0)
      add("input_file." + role, fs::absolute(spec.source).lexically_normal().string());
    if (spec.source.rfind("PG:", 0) == 0 || !fs::is_regular_file(spec.source) ||
        hashed.count(spec.source))
      continue;
    hashed.insert(spec.source);
    add("sha256:" + fs::path(spec.source).filename().string(), sha256_file(spec.source));
  }
  return meta;
}

// The inputs' hashes as run_metadata records them: "sha256:<file name>" -> SHA-256.
std::map<std::string, std::string> input_hashes(const Scenario& sc) {
  std::map<std::string, std::string> out;
  for (const auto& [role, spec] : sc.layers)
    if (spec.source.rfind("PG:", 0) != 0 && fs::is_regular_file(spec.source))
      out["sha256:" + fs::path(spec.source).filename().string()] = sha256_file(spec.source);
  return out;
}

// --published-with: the earlier outputs' records, read and checked before the long work. An
// output of other input files is refused here, one of other data once the data are loaded
// (plan_disclosure). That none is a file this run writes, the output transaction checks (the
// files are protected as inputs).
std::vector<std::shared_ptr<const PublishedSystem>> read_published(const Scenario& sc,
                                                                   const RunOptions& options,
                                                                   bool aggregate) {
  std::vector<std::shared_ptr<const PublishedSystem>> out;
  if (options.published_with.empty()) return out;
  if (!aggregate)
    throw UsageError(
        "--published-with plans what aggregate mode withholds: the scenario's [privacy] mode "
        "is not \"aggregate\"");
  const auto mine = input_hashes(sc);
  for (const std::string& path : options.published_with) {
    auto prev = std::make_shared<PublishedSystem>(read_published_system(path));
    if (prev->inputs != mine)
      throw InputError(path, "run_metadata", -1, "sha256",
                       "was made from other input files than this scenario's (their SHA-256 "
                       "differ): only outputs of the same data can be published together");
    out.push_back(std::move(prev));
  }
  return out;
}

void write_text_file(OutputTransaction& out, const fs::path& path, const std::string& text) {
  const fs::path temp = out.plan(path);
  std::ofstream file(temp, std::ios::binary);
  file << text;
  file.close();
  if (!file) throw ResourceError("cannot write " + temp.string());
}

// The files of a run beside its GeoPackage.
struct RunFiles {
  fs::path gpkg, svg, markdown, html, map_page, raster, calendar;
  bool reports = false;
  std::vector<fs::path> all(bool with_raster, bool with_calendar) const {
    std::vector<fs::path> v{gpkg};
    if (with_raster) v.push_back(raster);
    if (with_calendar) v.push_back(calendar);
    if (reports) v.insert(v.end(), {svg, markdown, html, map_page});
    return v;
  }
};

RunFiles run_files(const std::string& out_path, bool reports) {
  const std::string base = fs::path(out_path).replace_extension("").string();
  return {out_path,           base + "-map.svg",         base + "-report.md", base + "-report.html",
          base + "-map.html", base + "-travel-time.tif", base + "-relay.ics", reports};
}

// Problems in WGS84 where the location is known, as privacy lets them out.
OutputLayer problems_layer(const Scenario& sc, const ProblemLog& log,
                           const PrivacyOptions& privacy) {
  OutputLayer problems("problems", GeometryKind::none);
  problems.fields = {
      {"severity", FieldType::text}, {"file", FieldType::text},  {"layer", FieldType::text},
      {"row", FieldType::integer},   {"field", FieldType::text}, {"feature_id", FieldType::text},
      {"reason", FieldType::text},   {"lon", FieldType::real},   {"lat", FieldType::real}};
  const ProblemLog published = published_problems(sc, log, privacy);
  for (const Problem& p : published.all())
    problems.add_row({std::string(to_string(p.severity)), p.file, p.layer, std::int64_t{p.row},
                      p.field, p.feature_id, p.reason,
                      p.lonlat ? FieldValue{p.lonlat->x} : FieldValue{},
                      p.lonlat ? FieldValue{p.lonlat->y} : FieldValue{}});
  return problems;
}

// The history is never one of the run's own files or inputs (it would be written over).
void check_history_path(const Scenario& sc, const fs::path& history, const std::string& out_path) {
  if (history.string().rfind("PG:", 0) == 0) return;  // tables of its own (history_store.hpp)
  std::error_code ec;
  auto same = [&](const fs::path& other) {
    return fs::absolute(history, ec).lexically_normal() ==
           fs::absolute(other, ec).lexically_normal();
  };
  if (same(out_path) || same(sc.file))
    throw UsageError("the history of runs (" + history.string() +
                     ") must be a file of its own, not the run's output or its scenario");
  for (const auto& [role, spec] : sc.layers)
    if (spec.source.rfind("PG:", 0) != 0 && same(spec.source))
      throw UsageError("the history of runs (" + history.string() + ") is the input '" + role +
                       "': give a file of its own");
}

}  // namespace

namespace {

// Every parameter section, read and checked before any data is: a typo in [siting] is an
// error whether or not siting runs, and `sunplan check` reports it too.
struct StageOptions {
  coverage::CoverageOptions coverage;
  std::optional<SitingOptions> siting;
  PairingStageOptions pairing;
  PrivacyOptions privacy;
  bool by_network = false;
  NetworkSettings network;
  LayerChoice layers;
  MonitoringOptions monitoring;
};

StageOptions read_stage_options(const Scenario& sc, const RunOptions& options) {
  StageOptions o;
  o.coverage = coverage_options(sc);
  o.siting = options.siting;
  if (!o.siting && !sc.settings.keys_under("siting").empty())
    o.siting = siting_options(sc);
  else if (o.siting)
    siting_options(sc);  // still validates the section's keys
  o.pairing = pairing_options(sc);
  o.privacy = privacy_options(sc);
  if (options.relay_date) o.pairing.relay_date = *options.relay_date;
  if (options.calendar_days) o.pairing.calendar_days = *options.calendar_days;
  if (options.calendar_from) o.pairing.calendar_from = *options.calendar_from;
  resolve_calendar(o.pairing);
  // [network] is read (and checked) even in distance mode, so a typo there is still an error.
  o.by_network = network_mode(sc);
  o.network = network_settings(sc, options.output_path.empty() ? sc.output : options.output_path);
  o.layers = layer_choice(sc, options.layers, options.skip_layers);
  o.monitoring = monitoring_options(sc);
  if (!options.history.empty()) o.monitoring.history = options.history;
  if (options.as_of) o.monitoring.as_of = *options.as_of;
  if (o.monitoring.as_of == kNoDate) o.monitoring.as_of = today_utc();
  check_settings(sc);  // [check] is read by loading; checked here with the rest
  sc.settings.require_all_used(
      {"catchment", "network", "siting", "pairing", "targets", "privacy", "check", "monitoring"});
  return o;
}

}  // namespace

void check_parameters(const Scenario& scenario) {
  read_stage_options(scenario, RunOptions{});
}

namespace {

// What decides the figures of each stage, for the keys of aggregate mode's record
// (disclosure.hpp): the same settings give the same plan, so the same keys. A siting plan
// CBC searched under a time limit may differ between two runs: keyed by the run.
DisclosureKeys disclosure_keys(const Scenario& sc, const StageOptions& stage) {
  DisclosureKeys k;
  k.coverage_settings = coverage_settings_fingerprint(sc.settings);
  k.pairing = settings_fingerprint(
      sc.settings, {"pairing", "targets", "network", "catchment"},
      {"pairing.relay_date", "pairing.calendar_from", "pairing.calendar_days"});
  if (const auto& o = stage.siting; o && !o->exact) {
    std::string text = settings_fingerprint(sc.settings, {"siting", "network", "catchment"}, {});
    for (double v :
         {static_cast<double>(o->model), static_cast<double>(o->add),
          static_cast<double>(o->exactly), o->budget, static_cast<double>(o->urban_first),
          o->target_share, static_cast<double>(o->scope), o->pmedian_radius_m, o->radius_m,
          o->cutoff_min, static_cast<double>(o->min_per_county),
          static_cast<double>(o->max_per_county)})
      text += std::to_string(v) + ",";
    for (BaseType t : o->candidate_types) text += std::to_string(static_cast<int>(t)) + ";";
    for (const auto& [code, n] : o->province_quota) text += code + "=" + std::to_string(n) + ";";
    k.siting = sha256_hex(text).substr(0, 12);
  }
  return k;
}

// Posts the layers r.layers[from, end) the run writes to `stream`: a copy of each one built
// in memory (the run keeps its own for the reports and the map page), and each per-youth layer
// to be built from `r` as it is written (per_youth_layers.hpp).
void post_layers(LayerStream& stream, const RunResult& r, std::size_t from,
                 const StageOptions& stage) {
  for (std::size_t i = from; i < r.layers.size(); ++i) {
    const OutputLayer& layer = r.layers[i];
    if (!stage.layers.wants(layer.name)) continue;
    if (layer.deferred)
      stream.post([&r, name = layer.name, privacy = stage.privacy](ResultWriter& w,
                                                                   const std::atomic<bool>& stop) {
        write_deferred_layer(w, name, r, privacy, &stop);
      });
    else
      stream.post([copy = std::make_shared<const OutputLayer>(layer)](
                      ResultWriter& w, const std::atomic<bool>&) { w.write(*copy); });
  }
}

// Every stage after loading, into `r` (its address must not change while `stream` writes);
// `graph_of` (network mode) lends a previous run's road graph. `wanted`: the layers a run
// writes (the per-youth layers it leaves out are not built); nullptr (the viewer, compute-only
// runs) builds them all. `stream`: where each stage's layers are written as soon as the stage
// ends (layer_stream.hpp); only in full privacy mode, where nothing after a stage changes its
// layers (the pseudonyms touch only per-youth rows built up front, and a run that writes defers
// those; aggregate mode rewrites the layers once every stage is done). Returns how many of
// r.layers went to the stream (the first ones); the rest are the caller's to write.
std::size_t compute_run(RunResult& r, const Scenario& sc, const StageOptions& stage,
                        LoadResult load, const NetworkStage* graph_of, Progress& progress,
                        const LayerChoice* wanted = nullptr, LayerStream* stream = nullptr) {
  const coverage::CoverageOptions& cov_options = stage.coverage;
  const std::optional<SitingOptions>& siting = stage.siting;
  const PairingStageOptions& pairing = stage.pairing;
  const PrivacyOptions& privacy = stage.privacy;
  const bool by_network = stage.by_network;
  const NetworkSettings& net_settings = stage.network;

  r.load = std::move(load);
  if (privacy.aggregate_only) stream = nullptr;
  std::size_t posted = 0;
  auto stage_done = [&] {
    if (!stream) return;
    post_layers(*stream, r, posted, stage);
    posted = r.layers.size();
  };
  progress.message("coverage: " + std::to_string(r.load.dataset.youth.size()) + " youth points, " +
                   std::to_string(r.load.dataset.bases.size()) + " bases");
  if (by_network) {
    auto net = std::make_shared<NetworkStage>(
        graph_of ? rerun_network_stage(*graph_of, r.load, cov_options, progress)
                 : run_network_stage(sc, net_settings, r.load, cov_options, progress));
    r.coverage = net->coverage;
    const Routable routable = routable_of(*net);
    r.layers = coverage_layers(r.load, r.coverage, net->geometry, &routable, wanted);
    for (OutputLayer& l : network_layers(r.load, *net)) r.layers.push_back(std::move(l));
    r.network = std::move(net);
  } else {
    r.coverage = coverage::run_coverage(r.load.dataset, cov_options, progress);
    const CoverageGeometry geometry =
        coverage_geometry(r.load.dataset, r.coverage,
                          distance_catchments(r.load.dataset, r.coverage, progress), progress);
    r.layers = coverage_layers(r.load, r.coverage, geometry, nullptr, wanted);
  }
  stage_done();
  if (siting) {
    progress.message(
        "siting: " +
        std::string(siting->urban_first ? "urban first" : siting::to_string(siting->model)) +
        ", up to " + std::to_string(siting->add) + " new bases");
    std::optional<SitingTravel> travel;
    if (r.network) {
      // Siting by travel time on the same graph and snaps: reach within the catchment cutoff,
      // or the siting's own ([siting] cutoff_min).
      const NetworkStage& net = *r.network;
      const double cutoff_s =
          siting->cutoff_min > 0 ? siting->cutoff_min * 60.0 : net.settings.cutoff_s;
      travel = SitingTravel{[&net, cutoff_s, &progress](const PointSet& demand,
                                                        std::span<const std::int32_t> base_of) {
                              return network_reach_for(net, demand, base_of, cutoff_s, progress);
                            },
                            [&net, &cov_options, &progress](const Dataset& after) {
                              return network_coverage(net, after, cov_options, progress).coverage;
                            }};
    }
    r.siting =
        run_siting(r.load.dataset, cov_options, *siting, progress, travel ? &*travel : nullptr);
    for (OutputLayer& l : siting_layers(r.load.dataset, r.coverage, *r.siting))
      r.layers.push_back(std::move(l));
    stage_done();
  }
  if (!r.load.dataset.teams.id.empty()) {
    progress.message("pairing: " + std::to_string(r.load.dataset.teams.size()) + " teams");
    std::optional<ReachMatrix> travel;
    if (r.network) {
      // Pairing and the relay by travel time on the same graph.
      const double limit_s =
          pairing.max_minutes > 0 ? pairing.max_minutes * 60.0 : r.network->settings.cutoff_s;
      travel = team_travel(*r.network, r.load, limit_s, progress);
    }
    r.pairing =
        run_pairing(r.load.dataset, r.coverage, pairing, progress, travel ? &*travel : nullptr);
    for (OutputLayer& l : pairing_layers(r.load.dataset, *r.pairing, wanted))
      r.layers.push_back(std::move(l));
    stage_done();
  }
  if (stream && !privacy.keep_youth_ids)
    for (const OutputLayer& l : r.layers)
      if (l.name == "youth" && !l.rows.empty())
        throw Error(ExitCode::failure, "internal: youth rows written before their pseudonyms");
  apply_privacy(r.layers, r.load.dataset, privacy);
  r.privacy = privacy;
  r.disclosure = plan_disclosure(r, disclosure_keys(sc, stage));
  apply_disclosure(r.disclosure, r.load.dataset, r.layers);
  r.summary = summarise(r.load, r.coverage);
  if (r.network) {
    r.summary.catchment_mode = "network";
    r.summary.unroutable_youth = static_cast<std::int64_t>(r.network->unroutable_youth);
    r.summary.unroutable_bases = static_cast<std::int64_t>(r.network->unroutable_bases);
  }
  return posted;
}

// The CRS the layers are written in: the option, else the scenario's; "input" is the
// townships' own (WGS84 when they had none).
std::string run_output_crs(const Scenario& sc, const RunOptions& options, const LoadResult& load) {
  std::string out_crs = options.output_crs.empty() ? sc.output_crs : options.output_crs;
  if (out_crs == "input") out_crs = load.townships_crs.empty() ? "EPSG:4326" : load.townships_crs;
  return out_crs;
}

// Opens the run's output (the GeoPackage, or the PostGIS schema) in the output CRS.
ResultWriter open_run_output(OutputTransaction& out, const std::string& out_path, bool to_postgis,
                             const RunOptions& options, const std::string& working_crs,
                             const std::string& out_crs) {
  return to_postgis ? ResultWriter::postgis(out_path, options.output_schema, working_crs, out_crs)
                    : ResultWriter(out, out_path, working_crs, out_crs);
}

// What is left to write once every stage is done: the layers the stages did not stream (all of
// them in aggregate mode), the run's metadata, its problems and the layer styles, then the
// commit. Only the chosen layers are written; the reports and the map page still see them
// all, so their figures do not depend on the choice.
void post_run_end(LayerStream& stream, std::size_t streamed, const Scenario& sc,
                  const StageOptions& stage, const RunResult& r, Progress& progress) {
  std::set<std::string> written;
  for (const OutputLayer& layer : r.layers)
    if (stage.layers.wants(layer.name)) written.insert(layer.name);
  for (const std::string& name : stage.layers.only)
    if (!written.count(name))
      progress.message("layer '" + name + "' is not written: this run does not produce it");
  post_layers(stream, r, streamed, stage);
  auto meta = std::make_shared<OutputLayer>(run_metadata(sc, r.load, stage.pairing));
  auto ledger = std::make_shared<std::vector<OutputLayer>>();
  if (r.disclosure.active) {
    // The record --published-with reads back (disclosure_ledger.hpp).
    meta->add_row({std::string("disclosure_data"), r.disclosure.data});
    meta->add_row({std::string("disclosure_min_count"), std::to_string(r.disclosure.min_count)});
    *ledger = r.disclosure.ledger;
  }
  auto problems =
      std::make_shared<OutputLayer>(problems_layer(sc, r.load.dataset.problems, stage.privacy));
  auto styles = std::make_shared<std::vector<LayerStyle>>();
  for (LayerStyle& s : default_styles())
    if (written.count(s.layer)) styles->push_back(std::move(s));
  stream.post([=](ResultWriter& w, const std::atomic<bool>&) {
    for (const OutputLayer& l : *ledger) w.write(l);
    w.write(*meta);
    w.write(*problems);
    w.write_styles(*styles);
    w.commit();  // PostGIS: publishes the schema; a file: finished, renamed with the others
  });
}

// The files beside the GeoPackage: the travel-time raster (network mode), the relay calendar
// and the reports with the map page.
void write_run_files(OutputTransaction& out, const std::string& out_path, const RunFiles& files,
                     bool calendar_file, const Scenario& sc, const RunOptions& options,
                     const StageOptions& stage, RunResult& r) {
  if (r.network)
    r.summary.travel_time_raster = write_travel_time_raster(out, out_path, r.load, *r.network);

  if (calendar_file && r.pairing && r.pairing->calendar) {
    const auto events =
        relay_calendar_events(r.load.dataset, *r.pairing, !stage.privacy.aggregate_only);
    write_text_file(out, files.calendar,
                    icalendar_text(events, sc.name + " 结对接力", std::time(nullptr)));
    r.summary.relay_calendar = files.calendar.string();
  }
  if (options.write_report) {
    const std::string svg = overview_svg(r);
    write_text_file(out, files.svg, svg);
    write_text_file(out, files.markdown, report_markdown(sc, r, files.svg.filename().string()));
    write_text_file(out, files.html, report_html(sc, r, svg));
    r.summary.report_markdown = files.markdown.string();
    r.summary.report_html = files.html.string();
    r.summary.map_page = files.map_page.string();
    write_text_file(out, files.map_page, map_page_html(sc.name, r));
  }
}

}  // namespace

RunResult run_loaded(const Scenario& sc, LoadResult load, const RunOptions& options,
                     Progress& progress, const NetworkStage* graph) {
  const StageOptions stage = read_stage_options(sc, options);
  RunResult r;
  compute_run(r, sc, stage, std::move(load), stage.by_network ? graph : nullptr, progress);
  return r;
}

RunResult run_scenario(const Scenario& sc, const RunOptions& options, Progress& progress) {
  StageOptions stage = read_stage_options(sc, options);
  const std::string out_path = options.output_path.empty() ? sc.output : options.output_path;
  const bool to_postgis = out_path.rfind("PG:", 0) == 0;
  if (options.write_output && to_postgis && options.output_schema.empty())
    throw UsageError("a PostGIS output needs a schema (--schema NAME)");
  // Every file the run will write, checked against the output rules before the long work.
  OutputTransaction out;
  out.force = options.force;
  out.protect_scenario(sc);
  for (const std::string& prev : options.published_with) out.protect(prev, "--published-with");
  const RunFiles files = run_files(out_path, options.write_report && !to_postgis);
  // The relay calendar's .ics goes with its layer (a run with teams and calendar_days).
  const bool calendar_file =
      stage.pairing.calendar_days > 0 && stage.layers.wants("relay_calendar");
  if (options.write_output && !to_postgis)
    for (const fs::path& f : files.all(stage.by_network, calendar_file)) out.check(f);
  stage.privacy.published_with = read_published(sc, options, stage.privacy.aggregate_only);

  // The history is read before the long work: a file that is no sunplan history is refused
  // before anything is computed or written.
  const MonitoringOptions& monitoring = stage.monitoring;
  const bool read_history = options.write_output && !monitoring.history.empty();
  const bool keep_history = read_history && options.record_history;
  if (read_history) check_history_path(sc, monitoring.history, out_path);
  const std::vector<monitor::HistoryRun> history =
      read_history ? io::read_history(monitoring.history) : std::vector<monitor::HistoryRun>{};

  RunResult r;
  LoadResult load = load_usable_dataset(sc, progress);
  if (!options.write_output) {
    compute_run(r, sc, stage, std::move(load), nullptr, progress);
    return r;
  }
  // Declared after r, so destroyed (the writing thread stopped) before it.
  const std::string working_crs = load.dataset.crs.definition,
                    out_crs = run_output_crs(sc, options, load);
  LayerStream stream(
      [&] { return open_run_output(out, out_path, to_postgis, options, working_crs, out_crs); },
      true);
  const std::size_t streamed =
      compute_run(r, sc, stage, std::move(load), nullptr, progress, &stage.layers, &stream);
  const monitor::HistoryRun record = history_record(sc, r, monitoring.as_of);
  if (!monitoring.milestones.empty()) {
    r.trajectory =
        monitor::trajectories(history, record, monitoring.milestones, monitoring.pace_runs);
    r.layers.push_back(trajectory_layer(r.trajectory));
  }
  // Appended only once every output is in place: a run that fails appends nothing.
  auto append = [&] {
    if (!keep_history) return;
    r.history_run_id = io::append_history(monitoring.history, record);
    r.summary.history = redact_connection(monitoring.history.string());
  };
  post_run_end(stream, streamed, sc, stage, r, progress);
  r.summary.output_path =
      to_postgis ? redact_connection(out_path) + " schema " + options.output_schema : out_path;
  // Rasters and reports are files: with a PostGIS output they are not written. They are drawn
  // while the last layers are written.
  if (!to_postgis) write_run_files(out, out_path, files, calendar_file, sc, options, stage, r);
  stream.finish(progress, "write GeoPackage");
  if (to_postgis) {
    append();
    return r;
  }
  out.commit();  // the GeoPackage, raster and reports appear together
  append();
  return r;
}

}  // namespace sunplan
