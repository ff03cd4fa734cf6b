#include "sunplan/geo/transformer.hpp"

#include <proj.h>

#include <algorithm>
#include <cctype>
#include <cmath>

#include "sunplan/core/error.hpp"
#include "sunplan/geo/chinese_datums.hpp"

namespace sunplan::geo {
namespace {

enum class Pseudo { none, gcj02, bd09 };

std::string normalized_name(const std::string& crs) {
  std::string s;
  for (char c : crs)
    if (c != '-' && c != '_' && !std::isspace(static_cast<unsigned char>(c)))
      s.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  return s;
}

Pseudo pseudo_of(const std::string& crs) {
  const std::string n = normalized_name(crs);
  if (n == "GCJ02") return Pseudo::gcj02;
  if (n == "BD09") return Pseudo::bd09;
  return Pseudo::none;
}

// A bare "+proj=..." string is an operation to PROJ, not a CRS; "+type=crs" makes it one.
std::string as_crs_definition(const std::string& def) {
  if (def.rfind("+proj=", 0) == 0 && def.find("+type=crs") == std::string::npos)
    return def + " +type=crs";
  return def;
}

std::string proj_error(PJ_CONTEXT* ctx) {
  const int err = proj_context_errno(ctx);
  const char* text = err ? proj_context_errno_string(ctx, err) : nullptr;
  return text ? text : "unknown PROJ error";
}

struct ContextDeleter {
  void operator()(PJ_CONTEXT* c) const { proj_context_destroy(c); }
};
struct PjDeleter {
  void operator()(PJ* p) const { proj_destroy(p); }
};
using ContextPtr = std::unique_ptr<PJ_CONTEXT, ContextDeleter>;
using PjPtr = std::unique_ptr<PJ, PjDeleter>;

ContextPtr make_context() {
  ContextPtr ctx(proj_context_create());
  if (!ctx) throw ResourceError("cannot create a PROJ context");
  // Offline machine: never try to download grids.
  proj_context_set_enable_network(ctx.get(), 0);
  // PROJ's own stderr lines ("proj_create: crs not found") would duplicate our error, which
  // names the file, layer and CRS.
  proj_log_level(ctx.get(), PJ_LOG_NONE);
  return ctx;
}

}  // namespace

struct Transformer::Impl {
  ContextPtr ctx;
  PjPtr op;  // null when source and target are both WGS84 after the pseudo steps
  Pseudo pre = Pseudo::none;
  Pseudo post = Pseudo::none;

  void apply_pre(double& x, double& y) const {
    if (pre == Pseudo::none || !std::isfinite(x) || !std::isfinite(y)) return;
    const Vec2 w = pre == Pseudo::gcj02 ? gcj02_to_wgs84({x, y}) : bd09_to_wgs84({x, y});
    x = w.x;
    y = w.y;
  }
  void apply_post(double& x, double& y) const {
    if (post == Pseudo::none || !std::isfinite(x) || !std::isfinite(y)) return;
    const Vec2 g = post == Pseudo::gcj02 ? wgs84_to_gcj02({x, y}) : wgs84_to_bd09({x, y});
    x = g.x;
    y = g.y;
  }
};

Transformer::Transformer(const std::string& source_crs, const std::string& target_crs)
    : m_source(source_crs), m_target(target_crs), m_impl(std::make_unique<Impl>()) {
  m_impl->ctx = make_context();
  m_impl->pre = pseudo_of(source_crs);
  m_impl->post = pseudo_of(target_crs);
  const std::string src = m_impl->pre == Pseudo::none ? source_crs : "EPSG:4326";
  const std::string dst = m_impl->post == Pseudo::none ? target_crs : "EPSG:4326";
  PJ_CONTEXT* ctx = m_impl->ctx.get();
  PjPtr raw(proj_create_crs_to_crs(ctx, as_crs_definition(src).c_str(),
                                   as_crs_definition(dst).c_str(), nullptr));
  if (!raw)
    throw InputError("cannot transform from CRS '" + source_crs + "' to '" + target_crs +
                     "': " + proj_error(ctx));
  // The single place where axis order is decided: lon/lat, easting/northing.
  PjPtr norm(proj_normalize_for_visualization(ctx, raw.get()));
  if (!norm)
    throw InputError("cannot normalise axis order for '" + source_crs + "' -> '" + target_crs +
                     "': " + proj_error(ctx));
  m_impl->op = std::move(norm);
}

Transformer::~Transformer() = default;
Transformer::Transformer(Transformer&&) noexcept = default;
Transformer& Transformer::operator=(Transformer&&) noexcept = default;

std::size_t Transformer::transform(std::vector<double>& x, std::vector<double>& y) const {
  if (x.size() != y.size()) throw Error(ExitCode::failure, "Transformer: x and y differ in size");
  const std::size_t n = x.size();
  if (n == 0) return 0;
  for (std::size_t i = 0; i < n; ++i) m_impl->apply_pre(x[i], y[i]);
  proj_trans_generic(m_impl->op.get(), PJ_FWD, x.data(), sizeof(double), n, y.data(),
                     sizeof(double), n, nullptr, 0, 0, nullptr, 0, 0);
  std::size_t bad = 0;
  for (std::size_t i = 0; i < n; ++i) {
    m_impl->apply_post(x[i], y[i]);
    if (!std::isfinite(x[i]) || !std::isfinite(y[i])) ++bad;
  }
  return bad;
}

bool Transformer::transform(double& x, double& y) const {
  m_impl->apply_pre(x, y);
  PJ_COORD c = proj_coord(x, y, 0, 0);
  c = proj_trans(m_impl->op.get(), PJ_FWD, c);
  x = c.xy.x;
  y = c.xy.y;
  m_impl->apply_post(x, y);
  return std::isfinite(x) && std::isfinite(y);
}

bool is_gcj02_name(const std::string& crs) {
  return pseudo_of(crs) == Pseudo::gcj02;
}
bool is_bd09_name(const std::string& crs) {
  return pseudo_of(crs) == Pseudo::bd09;
}

CrsInfo describe_crs(const std::string& definition) {
  CrsInfo info;
  if (pseudo_of(definition) != Pseudo::none) {
    info.name = definition;
    info.is_geographic = true;
    return info;
  }
  ContextPtr ctx = make_context();
  PjPtr crs(proj_create(ctx.get(), as_crs_definition(definition).c_str()));
  if (!crs) throw InputError("cannot parse CRS '" + definition + "': " + proj_error(ctx.get()));
  // A PROJ string with +towgs84 parses as a bound CRS: look at the CRS it wraps.
  if (proj_get_type(crs.get()) == PJ_TYPE_BOUND_CRS)
    crs.reset(proj_get_source_crs(ctx.get(), crs.get()));
  if (!crs) throw InputError("cannot read CRS '" + definition + "'");
  if (const char* name = proj_get_name(crs.get())) info.name = name;
  const PJ_TYPE type = proj_get_type(crs.get());
  info.is_geographic = type == PJ_TYPE_GEOGRAPHIC_2D_CRS || type == PJ_TYPE_GEOGRAPHIC_3D_CRS;
  info.is_projected = type == PJ_TYPE_PROJECTED_CRS;
  if (!info.is_projected) return info;
  PjPtr cs(proj_crs_get_coordinate_system(ctx.get(), crs.get()));
  if (!cs) return info;
  const int axes = proj_cs_get_axis_count(ctx.get(), cs.get());
  bool metric = axes >= 2;
  for (int i = 0; i < std::min(axes, 2); ++i) {
    double factor = 0.0;
    const char* unit_name = nullptr;
    if (!proj_cs_get_axis_info(ctx.get(), cs.get(), i, nullptr, nullptr, nullptr, &factor,
                               &unit_name, nullptr, nullptr) ||
        factor != 1.0)
      metric = false;
  }
  info.is_metric = metric;
  return info;
}

}  // namespace sunplan::geo
