#include "app.hpp"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>
#include <stb_image_write.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>
#include <vector>

#include "app_state.hpp"
#include "basemap_drawer.hpp"
#include "density_legend.hpp"
#include "fonts.hpp"
#include "gl.hpp"
#include "map_renderer.hpp"
#include "panels.hpp"
#include "sunplan/core/error.hpp"
#include "sunplan/scene/display_crs.hpp"

namespace sunplan::viewer {

namespace {

constexpr float kFontPx = 16.0f;

// Reads the back buffer (before the swap: the front buffer reads back empty) to a PNG.
bool write_screenshot(const std::string& path, int w, int h) {
  std::vector<unsigned char> pixels(static_cast<std::size_t>(w) * h * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
  std::vector<unsigned char> flipped(pixels.size());
  const std::size_t row = static_cast<std::size_t>(w) * 4;
  for (int y = 0; y < h; ++y)
    std::copy_n(pixels.data() + static_cast<std::size_t>(h - 1 - y) * row, row,
                flipped.data() + static_cast<std::size_t>(y) * row);
  for (std::size_t i = 3; i < flipped.size(); i += 4) flipped[i] = 255;  // opaque image
  return stbi_write_png(path.c_str(), w, h, 4, flipped.data(), static_cast<int>(row)) != 0;
}

struct GlfwSession {
  bool ok = false;
  GlfwSession() { ok = glfwInit() == GLFW_TRUE; }
  ~GlfwSession() {
    if (ok) glfwTerminate();
  }
};

void rebuild_fonts(AppState& state, std::vector<ImWchar>& ranges, bool verbose) {
  const FontReport r = build_fonts(state.scene.get(), kFontPx, ranges);
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
  if (verbose)
    std::printf("font: %s, characters: %zu, missing glyphs: %zu\n",
                r.font_path.empty() ? "(ImGui default)" : r.font_path.c_str(), r.wanted, r.missing);
}

void handle_map_input(AppState& s, GLFWwindow* window) {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantCaptureMouse) return;
  if (ImGui::IsMouseDragging(ImGuiMouseButton_Left, 0.0f)) {
    s.camera.pan_by({io.MouseDelta.x, io.MouseDelta.y});
  }
  if (ImGui::IsMouseClicked(ImGuiMouseButton_Left) && s.scene)
    map_click(s, {io.MousePos.x, io.MousePos.y});
  if (io.MouseWheel != 0.0f)
    s.camera.zoom_at({io.MousePos.x, io.MousePos.y}, std::pow(1.2, io.MouseWheel));
  if (!io.WantCaptureKeyboard && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Home)) && s.scene)
    s.camera.fit(s.scene->bounds);
  (void)window;
}

// The state's first settings from the command line: language, labels, panels, window size and
// the view asked for.
void apply_args_to_state(AppState& state, const Args& args, bool headless) {
  state.args = args;
  state.text.set(args.lang.value_or(default_lang()));
  state.labels = args.labels;
  state.panels = args.panels.value_or(!headless);
  state.camera.width_px = args.width_px;
  state.camera.height_px = args.height_px;
  if (args.view) {
    state.camera.centre = scene::lonlat_to_display({args.view->lon, args.view->lat});
    state.camera.metres_per_px = scene::metres_per_pixel(args.view->zoom);
    state.fitted_once = true;
  }
}

// One frame of a known scene: load (or run the scenario) before the window so the frame is
// complete. Returns the exit code when loading fails.
std::optional<int> load_before_window(AppState& state, const Args& args, bool bench) {
  NullProgress progress;
  try {
    const auto load_start = std::chrono::steady_clock::now();
    adopt_run(state, load_task(args)(progress), JobKind::load);
    if (bench)
      std::printf(
          "load: %.2f s\n",
          std::chrono::duration<double>(std::chrono::steady_clock::now() - load_start).count());
  } catch (const Error& e) {
    std::fprintf(stderr, "sunplan-viewer: %s\n", e.what());
    return static_cast<int>(e.code());
  }
  if (!state.status_line.empty())
    std::fprintf(stderr, "sunplan-viewer: %s\n", state.status_line.c_str());
  return std::nullopt;
}

// The basemap asked for (none without --basemap), checked before the window opens. Returns the
// exit code when it cannot be read.
std::optional<int> open_basemap(const Args& args, bool headless,
                                std::optional<scene::BasemapSource>& basemap) {
  if (args.basemap.empty()) return std::nullopt;
  basemap = scene::BasemapSource{args.basemap, scene::TileDatum::wgs84};
  scene::parse_tile_datum(args.basemap_crs, basemap->datum);
  try {
    const std::string what = scene::describe_basemap(*basemap);
    if (headless)
      std::printf("basemap: %s (%s, %s)\n", args.basemap.c_str(), what.c_str(),
                  args.basemap_crs.c_str());
  } catch (const Error& e) {
    std::fprintf(stderr, "sunplan-viewer: %s\n", e.what());
    return static_cast<int>(e.code());
  }
  return std::nullopt;
}

// An OpenGL 3.3 core window (fixed size when headless), its context current; null when none.
GLFWwindow* open_app_window(const Args& args, bool headless) {
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  if (headless) glfwWindowHint(GLFW_RESIZABLE, GLFW_FALSE);
  GLFWwindow* window =
      glfwCreateWindow(args.width_px, args.height_px, "sunplan-viewer", nullptr, nullptr);
  if (!window) return nullptr;
  glfwMakeContextCurrent(window);
  glfwSwapInterval(headless ? 0 : 1);
  return window;
}

void start_imgui(GLFWwindow* window) {
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // never write imgui.ini into the working directory
  ImGui::StyleColorsLight();
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 330 core");
}

void stop_imgui() {
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
}

// The window's frames until it closes, or (headless) until the screenshot or benchmark is done.
class AppFrameLoop {
 public:
  AppFrameLoop(AppState& state, const Args& args, GLFWwindow* window,
               const std::optional<scene::BasemapSource>& basemap, bool headless,
               std::vector<ImWchar>& glyph_ranges)
      : m_state(state),
        m_args(args),
        m_window(window),
        m_headless(headless),
        m_bench(args.bench_frames > 0),
        m_glyph_ranges(glyph_ranges) {
    m_map.set_synchronous(headless);  // a screenshot or benchmark frame waits for its density
    if (basemap) {
      m_tiles = std::make_unique<BasemapDrawer>(*basemap);
      m_tiles->set_synchronous(headless);
    }
    if (m_state.scene) m_map.upload(*m_state.scene);
    rebuild_fonts(m_state, m_glyph_ranges, headless);
  }

  // The exit code.
  int run() {
    for (int frame = 0; !glfwWindowShouldClose(m_window); ++frame)
      if (!draw_frame(frame)) break;
    m_state.load_job.cancel();
    return m_exit_code;
  }

 private:
  // ImGui sizes auto-resizing windows on their first frames; the third frame is final.
  static constexpr int kHeadlessFrames = 3;

  // Draws frame number `frame`; false when the loop is done.
  bool draw_frame(int frame) {
    wait_for_events();
    adopt_finished_load();
    const auto frame_start = std::chrono::steady_clock::now();
    int fb_w = 0, fb_h = 0, win_w = 0, win_h = 0;
    glfwGetFramebufferSize(m_window, &fb_w, &fb_h);
    glfwGetWindowSize(m_window, &win_w, &win_h);
    m_state.camera.width_px = std::max(1, win_w);
    m_state.camera.height_px = std::max(1, win_h);

    build_ui();
    glViewport(0, 0, fb_w, fb_h);
    glClearColor(kBackground.r / 255.0f, kBackground.g / 255.0f, kBackground.b / 255.0f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    const double draw_ms = draw_map();
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

    if (m_bench && frame >= kHeadlessFrames) {
      glFinish();
      m_bench_draw_ms.push_back(draw_ms);
      m_bench_frame_ms.push_back(
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - frame_start)
              .count());
    }
    if (m_bench && frame + 1 < kHeadlessFrames + m_args.bench_frames) {
      glfwSwapBuffers(m_window);
      return true;
    }
    if (m_bench) {
      print_bench(fb_w, fb_h);
      if (m_args.screenshot.empty()) return false;
    }
    if (m_headless && frame + 1 >= kHeadlessFrames) {
      take_screenshot(fb_w, fb_h, draw_ms);
      return false;
    }
    glfwSwapBuffers(m_window);
    return true;
  }

  // Headless frames never wait; the interactive window waits less while work is under way.
  void wait_for_events() {
    if (m_headless) {
      glfwPollEvents();
    } else {
      glfwWaitEventsTimeout(
          m_state.load_job.running() || m_map.busy() || (m_tiles && m_tiles->busy()) ? 0.05 : 0.25);
    }
  }

  void adopt_finished_load() {
    if (auto loaded = m_state.load_job.take_result()) {
      adopt_run(m_state, std::move(*loaded), m_state.job_kind);
      m_map.upload(*m_state.scene);
      rebuild_fonts(m_state, m_glyph_ranges, false);
    }
  }

  // The ImGui frame: input on the map, labels, legends and the panels.
  void build_ui() {
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    if (!m_headless) handle_map_input(m_state, m_window);
    draw_labels(m_state);
    draw_legend(m_state);
    draw_density_legend(m_state, m_map.density_legends());
    if (m_state.panels && m_state.scene) {
      draw_layers_panel(m_state);
      draw_statistics_panel(m_state);
      draw_targets_panel(m_state);
      draw_inspector(m_state, {ImGui::GetIO().MousePos.x, ImGui::GetIO().MousePos.y});
      if (m_state.run && m_state.run->base) {
        draw_siting_panel(m_state);
        draw_whatif_panel(m_state);
      }
      draw_export_panel(m_state);
    }
    if (m_state.panels) draw_jobs_panel(m_state);
    ImGui::Render();
  }

  // Basemap and scene; returns the draw time in ms (headless: the GPU's too). Notes which
  // points each layer thinned to, for the panels.
  double draw_map() {
    const auto draw_start = std::chrono::steady_clock::now();
    if (m_tiles && m_state.scene) m_tiles->draw(m_state.camera);
    if (m_state.scene) {
      m_map.draw(*m_state.scene, m_state.style, m_state.camera);
      m_state.point_one_in.assign(m_state.scene->layers.size(), 1);
      for (const PointThinning& t : m_map.point_thinning())
        if (t.layer >= 0 && static_cast<std::size_t>(t.layer) < m_state.point_one_in.size())
          m_state.point_one_in[static_cast<std::size_t>(t.layer)] = t.one_in;
    }
    if (m_headless) glFinish();
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - draw_start)
        .count();
  }

  void print_bench(int fb_w, int fb_h) const {
    auto quantile = [](std::vector<double> v, double q) {
      std::sort(v.begin(), v.end());
      return v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1) + 0.5)];
    };
    const DrawStats& st = m_map.stats();
    std::printf(
        "bench: %d frames (%dx%d), frame ms median %.1f p90 %.1f, map draw ms median %.1f "
        "p90 %.1f, draw calls %zu, features drawn %zu, culled %zu, triangles %zu, lod %d, "
        "density compute %.0f ms\n",
        m_args.bench_frames, fb_w, fb_h, quantile(m_bench_frame_ms, 0.5),
        quantile(m_bench_frame_ms, 0.9), quantile(m_bench_draw_ms, 0.5),
        quantile(m_bench_draw_ms, 0.9), st.draw_calls, st.features_drawn, st.features_culled,
        st.triangles, st.lod_level, m_map.last_density_ms());
    for (const scene::Layer& l : m_state.scene->layers) {
      if (l.lods.empty()) continue;
      std::printf("levels of detail of %s: full %zu triangles", l.name.c_str(),
                  l.fill_indices.size() / 3);
      for (const scene::LodLevel& lv : l.lods)
        std::printf(", error <= %.0f m %zu", lv.max_error_m, lv.fill_indices.size() / 3);
      std::printf("\n");
    }
  }

  void take_screenshot(int fb_w, int fb_h, double draw_ms) {
    glFinish();
    if (!write_screenshot(m_args.screenshot, fb_w, fb_h)) {
      std::fprintf(stderr, "sunplan-viewer: cannot write %s\n", m_args.screenshot.c_str());
      m_exit_code = static_cast<int>(ExitCode::resources);
    } else {
      const DrawStats& st = m_map.stats();
      std::printf(
          "screenshot: %s (%dx%d), features drawn: %zu, culled: %zu, draw calls: %zu, map "
          "draw: %.1f ms\n",
          m_args.screenshot.c_str(), fb_w, fb_h, st.features_drawn, st.features_culled,
          st.draw_calls, draw_ms);
    }
  }

  AppState& m_state;
  const Args& m_args;
  GLFWwindow* m_window;
  const bool m_headless;
  const bool m_bench;
  std::vector<ImWchar>& m_glyph_ranges;
  MapRenderer m_map;
  std::unique_ptr<BasemapDrawer> m_tiles;
  std::vector<double> m_bench_frame_ms, m_bench_draw_ms;
  int m_exit_code = 0;
};

}  // namespace

int run_app(const Args& args) {
  // Benchmarks run like screenshots: the scene is loaded before the window opens.
  const bool bench = args.bench_frames > 0;
  const bool headless = !args.screenshot.empty() || bench;
  AppState state;
  apply_args_to_state(state, args, headless);
  if (headless) {
    if (const auto failed = load_before_window(state, args, bench)) return *failed;
  } else {
    state.job_kind = JobKind::load;
    state.load_job.start(load_task(args), "load");
  }
  std::optional<scene::BasemapSource> basemap;
  if (const auto failed = open_basemap(args, headless, basemap)) return *failed;

  GlfwSession glfw;
  if (!glfw.ok) {
    std::fprintf(stderr, "sunplan-viewer: cannot initialise GLFW (no display?)\n");
    return static_cast<int>(ExitCode::resources);
  }
  GLFWwindow* window = open_app_window(args, headless);
  if (!window) {
    std::fprintf(stderr, "sunplan-viewer: cannot create an OpenGL 3.3 core window\n");
    return static_cast<int>(ExitCode::resources);
  }
  start_imgui(window);
  std::vector<ImWchar> glyph_ranges;
  int exit_code = 0;
  {
    AppFrameLoop frames(state, args, window, basemap, headless, glyph_ranges);
    exit_code = frames.run();
  }
  stop_imgui();
  glfwDestroyWindow(window);
  return exit_code;
}

}  // namespace sunplan::viewer
