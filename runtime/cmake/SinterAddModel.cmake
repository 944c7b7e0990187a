# sinter_add_model(<target> MODEL <file.onnx>
#                  [PREFIX <name>] [INPUT_SHAPES <name=dims>...]
#                  [OPT_LEVEL 0|2] [TARGET_CPU <cpu>] [IO_LAYOUT nchw|nhwc]
#                  [WEIGHTS embed|file])
#
# Compiles the ONNX model with sinter-compile when the project builds (again
# whenever the model file or sinter-compile changes) into a static library
# <target>. Its include path has the generated header <prefix>.h, declaring
# <prefix>_info, <prefix>_workspace_size, <prefix>_run,
# <prefix>_run_parallel and <prefix>_run_with_weights; it links Sinter::runtime. The prefix defaults to
# the target's name and must be a C identifier, so that several models link
# into one program without clashing symbols.
#
# TARGET_CPU defaults to sinter-compile's default, the build machine's CPU
# ("native"); pass a baseline such as x86-64-v3 (AVX2) or x86-64 (SSE2) for
# programs that run on other machines (docs/cli.md).
#
# WEIGHTS file keeps the weights out of the object: they go to
# <prefix>.weights beside it, whose path is the target's SINTER_WEIGHTS_FILE
# property. The program maps that file with sinter_weights_open and calls
# <prefix>_run_with_weights (docs/runtime-abi.md); ship it with the program.
# The default, embed, puts them in the object.
function(sinter_add_model target)
  cmake_parse_arguments(PARSE_ARGV 1 ARG ""
    "MODEL;PREFIX;OPT_LEVEL;TARGET_CPU;IO_LAYOUT;WEIGHTS" "INPUT_SHAPES")
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "sinter_add_model(${target}): unknown arguments ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT ARG_MODEL)
    message(FATAL_ERROR "sinter_add_model(${target}): MODEL <file.onnx> is required")
  endif()
  if(NOT ARG_PREFIX)
    set(ARG_PREFIX "${target}")
  endif()
  string(MAKE_C_IDENTIFIER "${ARG_PREFIX}" identifier)
  if(NOT identifier STREQUAL ARG_PREFIX)
    message(FATAL_ERROR "sinter_add_model(${target}): PREFIX '${ARG_PREFIX}' is not a C identifier (give PREFIX ${identifier})")
  endif()

  set(args --prefix "${ARG_PREFIX}")
  foreach(shape IN LISTS ARG_INPUT_SHAPES)
    list(APPEND args --input-shape "${shape}")
  endforeach()
  if(DEFINED ARG_OPT_LEVEL)
    if(NOT ARG_OPT_LEVEL MATCHES "^(0|2)$")
      message(FATAL_ERROR "sinter_add_model(${target}): OPT_LEVEL must be 0 or 2, got '${ARG_OPT_LEVEL}'")
    endif()
    list(APPEND args "-O${ARG_OPT_LEVEL}")
  endif()
  if(ARG_TARGET_CPU)
    list(APPEND args --target-cpu "${ARG_TARGET_CPU}")
  endif()
  if(ARG_IO_LAYOUT)
    if(NOT ARG_IO_LAYOUT MATCHES "^(nchw|nhwc)$")
      message(FATAL_ERROR "sinter_add_model(${target}): IO_LAYOUT must be nchw or nhwc, got '${ARG_IO_LAYOUT}'")
    endif()
    list(APPEND args "--io-layout=${ARG_IO_LAYOUT}")
  endif()
  if(NOT ARG_WEIGHTS)
    set(ARG_WEIGHTS embed)
  endif()
  if(NOT ARG_WEIGHTS MATCHES "^(embed|file)$")
    message(FATAL_ERROR "sinter_add_model(${target}): WEIGHTS must be embed or file, got '${ARG_WEIGHTS}'")
  endif()
  list(APPEND args "--weights=${ARG_WEIGHTS}")

  get_filename_component(model "${ARG_MODEL}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  set(dir "${CMAKE_CURRENT_BINARY_DIR}/sinter/${target}")
  set(object "${dir}/${ARG_PREFIX}.o")
  set(header "${dir}/${ARG_PREFIX}.h")
  set(outputs "${object}" "${header}")
  if(ARG_WEIGHTS STREQUAL "file")
    set(weights "${dir}/${ARG_PREFIX}.weights")
    list(APPEND outputs "${weights}")
  endif()
  add_custom_command(
    OUTPUT ${outputs}
    COMMAND "${CMAKE_COMMAND}" -E make_directory "${dir}"
    COMMAND Sinter::sinter-compile "${model}" -o "${object}" ${args}
    DEPENDS "${model}" "$<TARGET_FILE:Sinter::sinter-compile>"
    COMMENT "Compiling ONNX model ${ARG_MODEL} (${target})"
    VERBATIM)
  add_library(${target} STATIC "${object}" "${header}")
  set_target_properties(${target} PROPERTIES LINKER_LANGUAGE C)
  target_include_directories(${target} PUBLIC "${dir}")
  target_link_libraries(${target} PUBLIC Sinter::runtime)
  if(ARG_WEIGHTS STREQUAL "file")
    set_target_properties(${target} PROPERTIES SINTER_WEIGHTS_FILE "${weights}")
  endif()
endfunction()
