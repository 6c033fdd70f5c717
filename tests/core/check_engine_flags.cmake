# Every CMake build of the engine compiles it with the engine's one flag list
# (src/core/engine_flags.mk), read from the compile commands the builds record:
#   the host engine (src/core)       HEISEN_ENGINE_LANGUAGE_FLAGS
#   the RISC-V testbed, when built   both lists for the engine, the freestanding list for the port
# (the xv6 kit's side: xv6.PortXv6.KitCompilesWithTheEnginesFlagList; the freestanding check
# includes cmake/EngineFlags.cmake itself).
#   cmake -DSOURCE_DIR=... -DCOMMANDS=compile_commands.json [-DTESTBED_COMMANDS=...] -P check_engine_flags.cmake
cmake_minimum_required(VERSION 3.25)  # IN_LIST, string(JSON)
set(HEISEN_ROOT ${SOURCE_DIR})
include(${SOURCE_DIR}/cmake/EngineFlags.cmake)

# check(FILE WHAT REGEX FLAGS...): every compile command in FILE that matches REGEX (its object
# and source) has each of FLAGS, and there is at least one.
function(check file what regex)
  file(READ ${file} json)
  string(JSON count LENGTH "${json}")
  math(EXPR last "${count} - 1")
  set(seen 0)
  foreach(i RANGE ${last})
    string(JSON source GET "${json}" ${i} file)
    string(JSON command GET "${json}" ${i} command)
    if(NOT command MATCHES "${regex}")
      continue()
    endif()
    separate_arguments(words UNIX_COMMAND "${command}")
    foreach(flag ${ARGN})
      if(NOT flag IN_LIST words)
        message(FATAL_ERROR "${what}: ${source} is compiled without ${flag} of src/core/engine_flags.mk:\n${command}")
      endif()
    endforeach()
    math(EXPR seen "${seen} + 1")
  endforeach()
  if(seen EQUAL 0)
    message(FATAL_ERROR "${what}: no command in ${file} compiles a file matching ${regex}")
  endif()
  message(STATUS "${what}: ${seen} files compiled with the engine's flags")
endfunction()

# The engine's objects (plain and link-time optimised); other hosted code compiling the
# engine's renderers (src/run) is not an engine build.
check(${COMMANDS} "host engine" " -o src/core/CMakeFiles/heisen_core_objects[a-z_]*\\.dir/[^ ]+ -c [^ ]+/src/core/[^/ ]+\\.cpp$"
      ${HEISEN_ENGINE_LANGUAGE_FLAGS})
if(TESTBED_COMMANDS)
  check(${TESTBED_COMMANDS} "RISC-V testbed engine" " -o CMakeFiles/heisen_engine\\.dir/[^ ]+ -c [^ ]+/src/core/[^/ ]+\\.cpp$"
        ${HEISEN_ENGINE_LANGUAGE_FLAGS} ${HEISEN_ENGINE_FREESTANDING_FLAGS})
  check(${TESTBED_COMMANDS} "RISC-V testbed port" " -c [^ ]+/src/ports/riscv/[^/ ]+\\.c$" ${HEISEN_ENGINE_FREESTANDING_FLAGS})
endif()
