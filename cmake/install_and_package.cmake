# `cmake --install` and the Debian package (CPack DEB).
#
#   cmake --install build --prefix /usr          # or: cpack --config build/CPackConfig.cmake -G DEB
#
# Layout (GNUInstallDirs, prefix /usr in the package):
#   bin/sunplan, bin/sunplan-viewer
#   share/sunplan/demo/        the demo dataset (run: sunplan run .../demo/scenario.toml -o out.gpkg)
#   share/sunplan/leaflet/, map/  the map page's library and script (inlined into OUT-map.html)
#   share/sunplan/gazetteer/   the national gazetteer for `locate` and address layers (CC BY 4.0)
#   share/doc/sunplan/         README, docs/, copyright (with the vendored Leaflet's licence)
#   share/man/man1/            sunplan.1, sunplan-<verb>.1 per verb, sunplan-viewer.1
# The programs find share/sunplan relative to their own location (core/data_dir.hpp), so an
# install under any prefix works without the source tree.
include(GNUInstallDirs)

install(TARGETS sunplan RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT sunplan)
if(TARGET sunplan-viewer)
  install(TARGETS sunplan-viewer RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT sunplan)
endif()
install(FILES datasets/demo/scenario.toml datasets/demo/scenario-network.toml
              datasets/demo/demo.gpkg datasets/demo/README.md
        DESTINATION ${CMAKE_INSTALL_DATADIR}/sunplan/demo COMPONENT sunplan)
install(DIRECTORY ${PROJECT_BINARY_DIR}/share/sunplan/leaflet ${PROJECT_BINARY_DIR}/share/sunplan/map
                  ${PROJECT_BINARY_DIR}/share/sunplan/gazetteer
        DESTINATION ${CMAKE_INSTALL_DATADIR}/sunplan COMPONENT sunplan)
install(FILES README.md DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT sunplan)
install(DIRECTORY docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs COMPONENT sunplan)
install(FILES packaging/copyright DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT sunplan)

# Man pages from the programs' own --help (help2man; skipped with a note when it is absent).
find_program(HELP2MAN help2man)
if(HELP2MAN)
  set(man_dir ${PROJECT_BINARY_DIR}/man)
  set(viewer_exe "")
  set(man_depends sunplan)
  if(TARGET sunplan-viewer)
    set(viewer_exe $<TARGET_FILE:sunplan-viewer>)
    list(APPEND man_depends sunplan-viewer)
  endif()
  add_custom_command(
    OUTPUT ${man_dir}/sunplan.1.gz
    COMMAND ${CMAKE_COMMAND} -DSUNPLAN=$<TARGET_FILE:sunplan> -DVIEWER=${viewer_exe}
            -DHELP2MAN=${HELP2MAN} -DVERSION=${PROJECT_VERSION} -DOUT=${man_dir}
            -P ${PROJECT_SOURCE_DIR}/cmake/man_pages.cmake
    DEPENDS ${man_depends} ${PROJECT_SOURCE_DIR}/cmake/man_pages.cmake
    COMMENT "man pages (help2man)"
    VERBATIM)
  add_custom_target(sunplan_man ALL DEPENDS ${man_dir}/sunplan.1.gz)
  install(DIRECTORY ${man_dir}/ DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT sunplan
          FILES_MATCHING PATTERN "*.1.gz")
else()
  message(STATUS "help2man not found: no man pages (apt-get install help2man)")
endif()

# The Debian package. Dependencies on shared libraries come from dpkg-shlibdeps (run on the
# installed binaries); the rest are what the programs open at run time: a CJK font for the
# viewer and the atlas, PROJ's grid data.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME sunplan)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "sunplan developers")
set(CPACK_PACKAGE_CONTACT "sunplan developers <sunplan@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "Sunshine Action planning: bases, coverage, gaps, siting, pairing, maps")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "Geospatial planning for China's Sunshine Action (阳光行动)\n Coverage of disabled youth by volunteer service bases per township, gaps,\n catchments by distance or travel time, siting of new bases, pairing with\n volunteer teams, targets. Writes GeoPackages, an offline map page and a\n printable atlas; includes a desktop map viewer and a demo dataset.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "fonts-wqy-microhei | fonts-noto-cjk, proj-data")
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_SOURCE_IGNORE_FILES "/build.*/;/out/;/\\\\.git/")
include(CPack)
