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
# The lines after "Subcommands:" (CLI11 writes it so, or in capitals), up to a blank line.
string(REPLACE ";" "," help "${help}")
string(REPLACE "\n" ";" help_lines "${help}")
set(verbs "")
set(in_list FALSE)
foreach(line IN LISTS help_lines)
  if(line MATCHES "^[Ss][Uu][Bb][Cc][Oo][Mm][Mm][Aa][Nn][Dd][Ss]:")
    set(in_list TRUE)
  elseif(in_list AND line MATCHES "^ +([a-z][a-z-]*) +(.*)$")
    list(APPEND verbs "${CMAKE_MATCH_1}")
    set("summary_${CMAKE_MATCH_1}" "${CMAKE_MATCH_2}")
  elseif(in_list)
    set(in_list FALSE)
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
  # help2man titles a verb's page after the program ("SUNPLAN"); name it after the page.
  file(READ "${page}" text)
  string(TOUPPER "${name}" title)
  string(REGEX REPLACE "\n\\.TH [^ ]+" "\n.TH ${title}" text "${text}")
  file(WRITE "${page}" "${text}")
  execute_process(COMMAND gzip -9nf "${page}" RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "man pages: gzip failed for ${page}")
  endif()
endfunction()

make_page("${SUNPLAN}" sunplan "plan Sunshine Action service bases, coverage and pairing on a map")
foreach(verb IN LISTS verbs)
  make_page("${SUNPLAN} ${verb}" "sunplan-${verb}" "${summary_${verb}}")
endforeach()
if(VIEWER)
  make_page("${VIEWER}" sunplan-viewer "the sunplan map viewer (results, inputs, what-ifs, siting)")
endif()
file(WRITE "${OUT}/verbs.txt" "${verbs}")
