# EngineFlags.cmake — reads src/core/engine_flags.mk, the one list of the engine's compile flags
# (the xv6 kit's heisen.mk includes the same file), into CMake lists:
#   HEISEN_ENGINE_LANGUAGE_FLAGS      every build of the engine
#   HEISEN_ENGINE_FREESTANDING_FLAGS  a kernel build of the engine and its port (C and C++)
# Needs HEISEN_ROOT. Works in a project and in a `cmake -P` script.
set(HEISEN_ENGINE_FLAGS_FILE ${HEISEN_ROOT}/src/core/engine_flags.mk)
file(STRINGS ${HEISEN_ENGINE_FLAGS_FILE} heisen_engine_flag_lines ENCODING UTF-8 REGEX "^[^#]")
foreach(heisen_engine_flag_line IN LISTS heisen_engine_flag_lines)
  if(NOT heisen_engine_flag_line MATCHES "^(HEISEN_ENGINE_[A-Z_]+_FLAGS) := ([^\\$]*)$")
    message(FATAL_ERROR "${HEISEN_ENGINE_FLAGS_FILE}: not a `NAME := flags` line: '${heisen_engine_flag_line}'")
  endif()
  separate_arguments(${CMAKE_MATCH_1} UNIX_COMMAND "${CMAKE_MATCH_2}")
endforeach()
foreach(heisen_engine_flag_list HEISEN_ENGINE_LANGUAGE_FLAGS HEISEN_ENGINE_FREESTANDING_FLAGS)
  if(NOT ${heisen_engine_flag_list})
    message(FATAL_ERROR "${HEISEN_ENGINE_FLAGS_FILE} does not set ${heisen_engine_flag_list}")
  endif()
endforeach()
if(CMAKE_PROJECT_NAME)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${HEISEN_ENGINE_FLAGS_FILE})
endif()
