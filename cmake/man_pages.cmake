# Run at build time (cmake -P): one man page per verb of the sunplan CLI, made by help2man
# from the program's own --help, so the pages never drift from the code.
#   -DSUNPLAN=<path of sunplan> -DVIEWER=<path of sunplan-viewer or empty> -DHELP2MAN=<path>
#   -DVERSION=0.1.0 -DOUT=<folder>
# Verbs are read from `sunplan --help` (its SUBCOMMANDS list), so a new verb gets a page
# without editing this file. Pages are gzipped (-n: no timestamp, reproducible).
file(MAKE_DIRECTORY "${OUT}")
execute_process(COMMAND "${SUNPLAN}" --help OUTPUT_VARIABLE help RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "man pages: '${SUNPLAN} --help' failed (${rc})")
endif()
string(REGEX REPLACE ".*SUBCOMMANDS:\n" "" subcommands "${help}")
string(REGEX MATCHALL "\n? +([a-z][a-z-]*) +[^\n]*" lines "${subcommands}")
set(verbs "")
foreach(line IN LISTS lines)
  if(line MATCHES "^\n? +([a-z][a-z-]*) ")
    list(APPEND verbs "${CMAKE_MATCH_1}")
  endif()
endforeach()
if(NOT verbs)
  message(FATAL_ERROR "man pages: no subcommands found in '${SUNPLAN} --help'")
endif()

function(make_page command name description)
  set(page "${OUT}/${name}.1")
  execute_process(
    COMMAND "${HELP2MAN}" --no-info --no-discard-stderr --section=1 "--name=${description}"
            "--version-string=${VERSION}" "--output=${page}" "${command}"
    RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "man pages: help2man failed for ${name}")
  endif()
  execute_process(COMMAND gzip -9nf "${page}" RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "man pages: gzip failed for ${page}")
  endif()
endfunction()

make_page("${SUNPLAN}" sunplan "plan Sunshine Action service bases, coverage and pairing on a map")
foreach(verb IN LISTS verbs)
  # The verb's one-line summary from the top-level help.
  string(REGEX MATCH "\n +${verb} +([^\n]*)" _ "${subcommands}")
  make_page("${SUNPLAN} ${verb}" "sunplan-${verb}" "${CMAKE_MATCH_1}")
endforeach()
if(VIEWER)
  make_page("${VIEWER}" sunplan-viewer "the sunplan map viewer (results, inputs, what-ifs, siting)")
endif()
file(WRITE "${OUT}/verbs.txt" "${verbs}")
