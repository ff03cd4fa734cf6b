#include "sunplan/atlas/atlas.hpp"

#include <cairo-pdf.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "atlas_data.hpp"
#include "map_frame.hpp"
#include "page_text.hpp"
#include "sunplan/core/error.hpp"
#include "sunplan/io/output_transaction.hpp"

namespace sunplan::atlas {

namespace fs = std::filesystem;

namespace {

constexpr double kMargin = 36;  // half an inch

struct Words {
  bool zh;
  std::string operator()(const char* zh_text, const char* en_text) const {
    return zh ? zh_text : en_text;
  }
};

std::string pct(double part, double whole) {
  return whole > 0 && std::isfinite(part) ? fmt::format("{:.1f} %", 100 * part / whole) : "–";
}
std::string rate(double r) {
  return std::isfinite(r) ? fmt::format("{:.1f} %", 100 * r) : "–";
}
std::string count(double v) {
  return std::isfinite(v) ? fmt::format("{:.0f}", v) : "–";
}
std::string quota(double v) {
  return std::isfinite(v) ? fmt::format("{:.1f}", v) : "–";
}
std::string met(const Words& w, double v) {
  return !std::isfinite(v) ? "–" : v > 0.5 ? w("达标", "met") : w("未达标", "not met");
}

// The gap reasons of coverage::to_string, in the page's language.
std::string reason(const Words& w, const std::string& r) {
  if (!w.zh) return r;
  if (r == "no_base_in_reach") return "无阵地可达";
  if (r == "bases_full") return "阵地已满";
  if (r == "mixed") return "无阵地可达且阵地已满";
  return r;
}

struct Table {
  std::vector<std::string> header;
  std::vector<double> widths;  // points
  std::vector<std::vector<std::string>> rows;
};

// Draws a table (first column left-aligned, others right); returns its height.
double draw_table(cairo_t* cr, double x, double y, const Table& t, double size_pt,
                  std::size_t max_rows) {
  const double row_h = size_pt * 1.55;
  double yy = y;
  auto row = [&](const std::vector<std::string>& cells, bool bold) {
    double xx = x;
    for (std::size_t c = 0; c < cells.size() && c < t.widths.size(); ++c) {
      const TextStyle s{size_pt, bold, c == 0 ? Align::left : Align::right, t.widths[c] - 4};
      draw_text(cr, xx + (c == 0 ? 0 : 0), yy + 1.5, cells[c], s);
      xx += t.widths[c];
    }
    yy += row_h;
    cairo_move_to(cr, x, yy);
    double total = 0;
    for (double w : t.widths) total += w;
    cairo_line_to(cr, x + total, yy);
    cairo_set_source_rgb(cr, 0.75, 0.75, 0.75);
    cairo_set_line_width(cr, bold ? 0.8 : 0.3);
    cairo_stroke(cr);
  };
  row(t.header, true);
  for (std::size_t r = 0; r < t.rows.size() && r < max_rows; ++r) row(t.rows[r], false);
  return yy - y;
}

Box bounds_of(const AtlasData& d, const std::vector<std::size_t>& towns) {
  Box b;
  for (std::size_t t : towns) b.expand(bounds(d.towns[t].shape));
  return b;
}

double draw_legend(cairo_t* cr, double x, double y, const AtlasData& d, const Words& w,
                   bool with_gaps) {
  const TextStyle head{7.5, true};
  const TextStyle item{7};
  double yy =
      y +
      draw_text(cr, x, y, w("服务率（已服务 / 青少年）", "Served rate (served / youth)"), head) + 2;
  static const char* labels[] = {"0–20 %", "20–40 %", "40–60 %", "60–80 %", "80–100 %"};
  for (int k = 0; k <= 5; ++k) {
    double r, g, b;
    rate_rgb(k < 5 ? (k + 0.5) / 5 : std::nan(""), r, g, b);
    cairo_rectangle(cr, x, yy + 1, 14, 8);
    cairo_set_source_rgb(cr, r, g, b);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0.4, 0.4, 0.4);
    cairo_set_line_width(cr, 0.4);
    cairo_stroke(cr);
    draw_text(cr, x + 18, yy, k < 5 ? labels[k] : w("无青少年", "no youth"), item);
    yy += 11;
  }
  if (with_gaps) {
    cairo_rectangle(cr, x, yy + 1, 14, 8);
    cairo_set_source_rgb(cr, 215 / 255.0, 25 / 255.0, 28 / 255.0);
    cairo_set_line_width(cr, 0.8);
    cairo_stroke(cr);
    for (int k = 0; k < 4; ++k) {
      cairo_move_to(cr, x + k * 4, yy + 9);
      cairo_line_to(cr, x + k * 4 + 6, yy + 1);
    }
    cairo_set_line_width(cr, 0.5);
    cairo_stroke(cr);
    draw_text(cr, x + 18, yy,
              w("服务空白（未服务青少年所在区域）", "Gap (where unserved youth live)"), item);
    yy += 13;
  }
  yy += draw_text(cr, x, yy, w("服务阵地", "Service bases"), head) + 2;
  std::vector<std::pair<std::string, std::string>> types;
  for (const Base& b : d.bases)
    if (std::none_of(types.begin(), types.end(), [&](const auto& t) { return t.first == b.type; }))
      types.emplace_back(b.type, b.type_zh);
  std::sort(types.begin(), types.end());
  for (const auto& [type, type_zh] : types) {
    double r, g, b;
    base_type_rgb(type, r, g, b);
    cairo_new_path(cr);
    cairo_arc(cr, x + 7, yy + 5, 2.6, 0, 2 * M_PI);
    cairo_set_source_rgb(cr, r, g, b);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_set_line_width(cr, 0.6);
    cairo_stroke(cr);
    draw_text(cr, x + 18, yy, w.zh ? type_zh : type, item);
    yy += 11;
  }
  yy += draw_text(
      cr, x, yy,
      w("实心：已建；虚线：规划；淡色：候选", "filled: existing; dashed: planned; pale: candidate"),
      item);
  return yy - y;
}

Table town_table(const AtlasData& d, const std::vector<std::size_t>& towns, const Words& w,
                 double width) {
  Table t;
  t.header = {w("乡镇街道", "Township"), w("代码", "Code"),          w("青少年", "Youth"),
              w("已服务", "Served"),     w("服务率", "Served rate"), w("未服务", "Unserved"),
              w("空白原因", "Reason")};
  t.widths = {0.2, 0.14, 0.1, 0.1, 0.11, 0.1, 0.25};
  for (double& x : t.widths) x *= width;
  std::vector<std::size_t> order = towns;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    // Withheld townships (NaN) last.
    auto key = [&](std::size_t i) {
      return std::isnan(d.towns[i].unserved) ? -1.0 : d.towns[i].unserved;
    };
    return key(a) > key(b);
  });
  for (std::size_t i : order) {
    const Town& tw = d.towns[i];
    t.rows.push_back({tw.name, tw.code, count(tw.youth), count(tw.served), rate(tw.served_rate),
                      count(tw.unserved), tw.unserved > 0 ? reason(w, tw.gap_reason) : ""});
  }
  return t;
}

struct Totals {
  double youth = 0, in_reach = 0, served = 0, unserved = 0;
  int gap_towns = 0;
};

Totals totals(const AtlasData& d, const std::vector<std::size_t>& towns) {
  Totals s;
  for (std::size_t i : towns) {
    s.youth += d.towns[i].youth;
    s.in_reach += d.towns[i].in_reach;
    s.served += d.towns[i].served;
    s.unserved += d.towns[i].unserved;
    s.gap_towns += d.towns[i].unserved > 0;
  }
  return s;
}

void draw_cover(cairo_t* cr, double pw, double ph, const AtlasData& d,
                const std::vector<PagePlan>& pages, const AtlasOptions& o, const Words& w) {
  const double width = pw - 2 * kMargin;
  double y = kMargin;
  y += draw_text(cr, kMargin, y, d.title, TextStyle{20, true, Align::left, width}) + 4;
  y += draw_text(
           cr, kMargin, y,
           w("阳光行动助残志愿服务阵地覆盖图集", "Sunshine Action service bases: coverage atlas"),
           TextStyle{13, false, Align::left, width}) +
       4;
  y += draw_text(cr, kMargin, y,
                 fmt::format("{} · {} · {} {}", d.time_utc, d.software, w("坐标系", "CRS"), d.crs),
                 TextStyle{7.5, false, Align::left, width, 0.35, 0.35, 0.35}) +
       10;

  std::vector<std::size_t> all(d.towns.size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
  const Totals s = totals(d, all);
  int existing = 0, planned = 0, candidate = 0;
  for (const Base& b : d.bases) {
    existing += b.status == "existing";
    planned += b.status == "planned";
    candidate += b.status == "candidate";
  }
  y += draw_text(cr, kMargin, y, w("主要指标", "Headline figures"), TextStyle{11, true}) + 3;
  Table head;
  head.header = {w("指标", "Figure"), w("数值", "Value"), w("比例", "Share")};
  head.widths = {width * 0.45, width * 0.2, width * 0.2};
  head.rows = {{w("青少年（35 岁及以下持证残疾青少年）", "Youth (certified, aged 35 and under)"),
                count(s.youth), ""},
               {w("在服务阵地服务范围内", "In reach of a base"), count(s.in_reach),
                pct(s.in_reach, s.youth)},
               {w("已服务（阵地容量之内）", "Served (within base capacity)"), count(s.served),
                pct(s.served, s.youth)},
               {w("未服务", "Not served"), count(s.unserved), pct(s.unserved, s.youth)},
               {w("有未服务青少年的乡镇街道", "Townships with unserved youth"),
                std::to_string(s.gap_towns), pct(s.gap_towns, static_cast<double>(d.towns.size()))},
               {w("服务阵地：已建 / 规划 / 候选", "Bases: existing / planned / candidate"),
                fmt::format("{} / {} / {}", existing, planned, candidate), ""}};
  y += draw_table(cr, kMargin, y, head, 8.5, 100) + 10;

  if (!d.targets.empty()) {
    y += draw_text(cr, kMargin, y, w("目标完成情况", "Targets"), TextStyle{11, true}) + 3;
    Table t;
    t.header = {w("单位", "Unit"),
                w("结对率 / 目标", "Pairing / target"),
                w("结对", "Pairing"),
                w("城镇覆盖率", "Urban reach"),
                w("阵地 / 配额", "Bases / quota"),
                w("阵地", "Bases"),
                w("专业志愿者 / 配额", "Specialists / quota"),
                w("专业", "Specialists")};
    t.widths = {0.18, 0.15, 0.09, 0.12, 0.12, 0.08, 0.16, 0.1};
    for (double& x : t.widths) x *= width;
    for (const TargetRow& r : d.targets)
      t.rows.push_back({r.level == "all" ? w("合计", "total") : r.name,
                        rate(r.pairing_rate) + " / " + rate(r.pairing_target),
                        met(w, r.pairing_met), rate(r.urban_reach_rate),
                        fmt::format("{} / {}", count(r.bases), quota(r.base_quota)),
                        met(w, r.bases_met),
                        fmt::format("{} / {}", count(r.specialists), quota(r.specialist_quota)),
                        met(w, r.specialists_met)});
    y += draw_table(cr, kMargin, y, t, 7.5, 14) + 10;
  }

  // The overview map and, beside it, the pages.
  const double map_h = std::max(120.0, ph - kMargin - y - 14);
  const Frame frame{kMargin, y, width * 0.64, map_h};
  MapContent content;
  content.data = &d;
  content.towns = all;
  content.labels = d.towns.size() <= 60;
  for (std::size_t c = 0; c < d.counties.size(); ++c) content.outlines.push_back(c);
  content.basemap = o.basemap;
  const MapProjection p = fit(frame, bounds_of(d, all));
  draw_map(cr, p, content);
  draw_scale_bar(cr, p, w.zh);
  draw_north_arrow(cr, p, d.crs);
  double lx = kMargin + width * 0.67, ly = y;
  ly += draw_text(cr, lx, ly, w("目录", "Pages"), TextStyle{10, true}) + 3;
  for (std::size_t k = 0; k < pages.size() && ly < y + map_h * 0.5; ++k)
    ly += draw_text(cr, lx, ly,
                    fmt::format("{}  {}", k + 2, w.zh ? pages[k].title_zh : pages[k].title_en),
                    TextStyle{7.5, false, Align::left, width * 0.33}) +
          1;
  draw_legend(cr, lx, std::max(ly + 8, y + map_h * 0.52), d, w, !d.gaps.empty());
}

void draw_page(cairo_t* cr, double pw, double ph, const AtlasData& d, const PagePlan& page,
               int number, const AtlasOptions& o, const Words& w) {
  const double width = pw - 2 * kMargin;
  double y = kMargin;
  y += draw_text(cr, kMargin, y, w.zh ? page.title_zh : page.title_en,
                 TextStyle{15, true, Align::left, width}) +
       2;
  const Totals s = totals(d, page.towns);
  y += draw_text(cr, kMargin, y,
                 fmt::format("{} {} · {} {} · {} {} ({}) · {} {}", w("乡镇街道", "townships"),
                             page.towns.size(), w("青少年", "youth"), count(s.youth),
                             w("已服务", "served"), count(s.served), pct(s.served, s.youth),
                             w("未服务乡镇", "townships with unserved youth"), s.gap_towns),
                 TextStyle{8.5, false, Align::left, width, 0.3, 0.3, 0.3}) +
       6;

  // The map takes what the township table leaves, between 35% and 56% of the page.
  const Table t = town_table(d, page.towns, w, width);
  const double body = ph - kMargin - 16 - y;
  const double table_h = (static_cast<double>(t.rows.size()) + 1) * 7.5 * 1.55 + 24;
  const double map_h =
      std::clamp(body - table_h, 0.35 * (ph - 2 * kMargin), 0.56 * (ph - 2 * kMargin));
  const Frame frame{kMargin, y, width * 0.74, map_h};
  MapContent content;
  content.data = &d;
  content.towns = page.towns;
  const MapProjection p = fit(frame, bounds_of(d, page.towns));
  // Every other township in view, grey, so neighbours' gaps and bases have their ground.
  for (std::size_t t = 0; t < d.towns.size(); ++t) {
    const Box b = bounds(d.towns[t].shape);
    const bool in_view = !(b.max_x < p.extent.min_x || b.min_x > p.extent.max_x ||
                           b.max_y < p.extent.min_y || b.min_y > p.extent.max_y);
    if (in_view && std::find(page.towns.begin(), page.towns.end(), t) == page.towns.end())
      content.context.push_back(t);
  }
  content.outlines = {page.county};
  content.basemap = o.basemap;
  draw_map(cr, p, content);
  draw_scale_bar(cr, p, w.zh);
  draw_north_arrow(cr, p, d.crs);
  draw_legend(cr, kMargin + width * 0.76, y, d, w, !d.gaps.empty());
  y += map_h + 10;

  y += draw_text(cr, kMargin, y,
                 w("乡镇街道（按未服务人数排序）", "Townships, most youth not served first"),
                 TextStyle{10, true}) +
       3;
  // Smaller type (down to 5 pt) before leaving rows out.
  const double room = ph - kMargin - 16 - y;
  const double size_pt =
      std::clamp(room / ((static_cast<double>(t.rows.size()) + 1) * 1.55), 5.0, 7.5);
  const std::size_t fits = static_cast<std::size_t>(std::max(1.0, room / (size_pt * 1.55) - 1));
  draw_table(cr, kMargin, y, t, size_pt, fits);
  if (t.rows.size() > fits)
    draw_text(cr, kMargin, ph - kMargin - 12,
              fmt::format("{} {}", t.rows.size() - fits,
                          w("个乡镇未列出（见结果 GeoPackage）",
                            "more townships in the result GeoPackage")),
              TextStyle{7, false});
  draw_text(cr, pw - kMargin, ph - kMargin + 8, std::to_string(number),
            TextStyle{8, false, Align::right});
}

}  // namespace

bool parse_paper(const std::string& text, Paper& out) {
  if (text == "A4" || text == "a4") return out = Paper::a4, true;
  if (text == "A3" || text == "a3") return out = Paper::a3, true;
  return false;
}

AtlasReport write_atlas(const AtlasOptions& o, Progress& progress) {
  std::error_code ec;
  if (fs::exists(o.output, ec) && fs::equivalent(o.input, o.output, ec))
    throw UsageError("atlas: the output " + o.output + " is the input; choose another file");
  if (fs::path(o.output).extension() == ".gpkg")
    throw UsageError("atlas: the output " + o.output +
                     " looks like a GeoPackage; the atlas is a PDF");
  report_or_cancel(progress, 0.0, "read result");
  const AtlasData data = read_atlas_data(o.input);
  const std::vector<PagePlan> pages = plan_pages(data, o.townships_per_page);
  const Words w{o.lang == Lang::zh};
  const double pw = o.paper == Paper::a4 ? 595.276 : 841.89;
  const double ph = o.paper == Paper::a4 ? 841.89 : 1190.551;

  // The PDF follows the output rules (never the result or the files it was made from; an
  // existing file replaced only when sunplan wrote it, or with --force).
  OutputTransaction output;
  output.force = o.force;
  output.protect_result(o.input);
  const fs::path temp = output.plan(o.output);
  cairo_surface_t* surface = cairo_pdf_surface_create(temp.c_str(), pw, ph);
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(surface);
    throw ResourceError("atlas: cannot write " + temp.string());
  }
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, data.title.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, data.software.c_str());
  cairo_t* cr = cairo_create(surface);
  AtlasReport report;
  auto finish = [&](bool ok) {
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    const bool written = cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS;
    cairo_surface_destroy(surface);
    if (!ok) return;  // the transaction removes the temporary
    if (!written) throw ResourceError("atlas: cannot write " + temp.string());
    output.commit();
  };
  try {
    draw_cover(cr, pw, ph, data, pages, o, w);
    report.page_titles.push_back(w("封面", "Cover"));
    cairo_show_page(cr);
    for (std::size_t k = 0; k < pages.size(); ++k) {
      report_or_cancel(progress, static_cast<double>(k + 1) / static_cast<double>(pages.size() + 1),
                       "atlas pages");
      draw_page(cr, pw, ph, data, pages[k], static_cast<int>(k + 2), o, w);
      report.page_titles.push_back(w.zh ? pages[k].title_zh : pages[k].title_en);
      cairo_show_page(cr);
    }
  } catch (...) {
    finish(false);
    throw;
  }
  finish(true);
  report.pages = static_cast<int>(report.page_titles.size());
  report_or_cancel(progress, 1.0, "atlas pages");
  return report;
}

}  // namespace sunplan::atlas
