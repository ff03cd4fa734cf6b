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

}  // namespace

int run_app(const Args& args) {
  // Benchmarks run like screenshots: the scene is loaded before the window opens.
  const bool bench = args.bench_frames > 0;
  const bool headless = !args.screenshot.empty() || bench;
  AppState state;
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

  if (headless) {
    // One frame of a known scene: load (or run the scenario) before the window so the
    // frame is complete.
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
  } else {
    state.job_kind = JobKind::load;
    state.load_job.start(load_task(args), "load");
  }

  std::optional<scene::BasemapSource> basemap;
  if (!args.basemap.empty()) {
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
  }

  GlfwSession glfw;
  if (!glfw.ok) {
    std::fprintf(stderr, "sunplan-viewer: cannot initialise GLFW (no display?)\n");
    return static_cast<int>(ExitCode::resources);
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  if (headless) glfwWindowHint(GLFW_RESIZABLE, GLFW_FALSE);
  GLFWwindow* window =
      glfwCreateWindow(args.width_px, args.height_px, "sunplan-viewer", nullptr, nullptr);
  if (!window) {
    std::fprintf(stderr, "sunplan-viewer: cannot create an OpenGL 3.3 core window\n");
    return static_cast<int>(ExitCode::resources);
  }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(headless ? 0 : 1);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // never write imgui.ini into the working directory
  ImGui::StyleColorsLight();
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 330 core");
  std::vector<ImWchar> glyph_ranges;
  int exit_code = 0;
  {
    MapRenderer map;
    map.set_synchronous(headless);  // a screenshot or benchmark frame waits for its density
    std::unique_ptr<BasemapDrawer> tiles;
    if (basemap) {
      tiles = std::make_unique<BasemapDrawer>(*basemap);
      tiles->set_synchronous(headless);
    }
    std::vector<double> bench_frame_ms, bench_draw_ms;
    if (state.scene) map.upload(*state.scene);
    rebuild_fonts(state, glyph_ranges, headless);

    // ImGui sizes auto-resizing windows on their first frames; the third frame is final.
    constexpr int kHeadlessFrames = 3;
    for (int frame = 0; !glfwWindowShouldClose(window); ++frame) {
      if (headless) {
        glfwPollEvents();
      } else {
        glfwWaitEventsTimeout(
            state.load_job.running() || map.busy() || (tiles && tiles->busy()) ? 0.05 : 0.25);
      }
      if (auto loaded = state.load_job.take_result()) {
        adopt_run(state, std::move(*loaded), state.job_kind);
        map.upload(*state.scene);
        rebuild_fonts(state, glyph_ranges, false);
      }
      const auto frame_start = std::chrono::steady_clock::now();
      int fb_w = 0, fb_h = 0, win_w = 0, win_h = 0;
      glfwGetFramebufferSize(window, &fb_w, &fb_h);
      glfwGetWindowSize(window, &win_w, &win_h);
      state.camera.width_px = std::max(1, win_w);
      state.camera.height_px = std::max(1, win_h);

      ImGui_ImplOpenGL3_NewFrame();
      ImGui_ImplGlfw_NewFrame();
      ImGui::NewFrame();
      if (!headless) handle_map_input(state, window);
      draw_labels(state);
      draw_legend(state);
      draw_density_legend(state, map.density_legends());
      if (state.panels && state.scene) {
        draw_layers_panel(state);
        draw_statistics_panel(state);
        draw_targets_panel(state);
        draw_inspector(state, {ImGui::GetIO().MousePos.x, ImGui::GetIO().MousePos.y});
        if (state.run && state.run->base) {
          draw_siting_panel(state);
          draw_whatif_panel(state);
        }
        draw_export_panel(state);
      }
      if (state.panels) draw_jobs_panel(state);
      ImGui::Render();

      glViewport(0, 0, fb_w, fb_h);
      glClearColor(kBackground.r / 255.0f, kBackground.g / 255.0f, kBackground.b / 255.0f, 1.0f);
      glClear(GL_COLOR_BUFFER_BIT);
      const auto draw_start = std::chrono::steady_clock::now();
      if (tiles && state.scene) tiles->draw(state.camera);
      if (state.scene) {
        map.draw(*state.scene, state.style, state.camera);
        state.point_one_in.assign(state.scene->layers.size(), 1);
        for (const PointThinning& t : map.point_thinning())
          if (t.layer >= 0 && static_cast<std::size_t>(t.layer) < state.point_one_in.size())
            state.point_one_in[static_cast<std::size_t>(t.layer)] = t.one_in;
      }
      if (headless) glFinish();  // so the draw time below is the GPU's too
      const double draw_ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - draw_start)
              .count();
      ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

      if (bench && frame >= kHeadlessFrames) {
        glFinish();
        bench_draw_ms.push_back(draw_ms);
        bench_frame_ms.push_back(std::chrono::duration<double, std::milli>(
                                     std::chrono::steady_clock::now() - frame_start)
                                     .count());
      }
      if (bench && frame + 1 < kHeadlessFrames + args.bench_frames) {
        glfwSwapBuffers(window);
        continue;
      }
      if (bench) {
        auto quantile = [](std::vector<double> v, double q) {
          std::sort(v.begin(), v.end());
          return v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1) + 0.5)];
        };
        const DrawStats& st = map.stats();
        std::printf(
            "bench: %d frames (%dx%d), frame ms median %.1f p90 %.1f, map draw ms median %.1f "
            "p90 %.1f, draw calls %zu, features drawn %zu, culled %zu, triangles %zu, lod %d, "
            "density compute %.0f ms\n",
            args.bench_frames, fb_w, fb_h, quantile(bench_frame_ms, 0.5),
            quantile(bench_frame_ms, 0.9), quantile(bench_draw_ms, 0.5),
            quantile(bench_draw_ms, 0.9), st.draw_calls, st.features_drawn, st.features_culled,
            st.triangles, st.lod_level, map.last_density_ms());
        for (const scene::Layer& l : state.scene->layers) {
          if (l.lods.empty()) continue;
          std::printf("levels of detail of %s: full %zu triangles", l.name.c_str(),
                      l.fill_indices.size() / 3);
          for (const scene::LodLevel& lv : l.lods)
            std::printf(", error <= %.0f m %zu", lv.max_error_m, lv.fill_indices.size() / 3);
          std::printf("\n");
        }
        if (args.screenshot.empty()) break;
      }
      if (headless && frame + 1 >= kHeadlessFrames) {
        glFinish();
        if (!write_screenshot(args.screenshot, fb_w, fb_h)) {
          std::fprintf(stderr, "sunplan-viewer: cannot write %s\n", args.screenshot.c_str());
          exit_code = static_cast<int>(ExitCode::resources);
        } else {
          const DrawStats& st = map.stats();
          std::printf(
              "screenshot: %s (%dx%d), features drawn: %zu, culled: %zu, draw calls: %zu, map "
              "draw: %.1f ms\n",
              args.screenshot.c_str(), fb_w, fb_h, st.features_drawn, st.features_culled,
              st.draw_calls, draw_ms);
        }
        break;
      }
      glfwSwapBuffers(window);
    }
    state.load_job.cancel();
  }
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  return exit_code;
}

}  // namespace sunplan::viewer
