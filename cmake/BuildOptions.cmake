# One INTERFACE target carries warnings, Qt defines and hardening (the qBittorrent pattern).
add_library(pd_build_options INTERFACE)
target_compile_options(pd_build_options INTERFACE
    -Wall -Wextra -Wpedantic -Wnon-virtual-dtor -Woverloaded-virtual -Wshadow -Wold-style-cast
    -fstack-protector-strong
    $<$<BOOL:${PD_WARNINGS_AS_ERRORS}>:-Werror>)
target_compile_definitions(pd_build_options INTERFACE
    QT_NO_CAST_FROM_ASCII QT_NO_CAST_TO_ASCII QT_NO_CAST_FROM_BYTEARRAY QT_NO_KEYWORDS
    QT_USE_QSTRINGBUILDER QT_NO_NARROWING_CONVERSIONS_IN_CONNECT QT_DISABLE_DEPRECATED_BEFORE=0x060400
    $<$<BOOL:${PD_FORCE_ASSERTS}>:QT_FORCE_ASSERTS>
    $<$<BOOL:${PD_FORCE_ASSERTS}>:_GLIBCXX_ASSERTIONS>
    $<$<NOT:$<CONFIG:Debug>>:_FORTIFY_SOURCE=3>)
target_link_options(pd_build_options INTERFACE -Wl,-z,relro,-z,now)
set(CMAKE_POSITION_INDEPENDENT_CODE ON)

if(PD_SANITIZE)
    string(REPLACE ";" "," _pd_san "${PD_SANITIZE}")
    target_compile_options(pd_build_options INTERFACE -fsanitize=${_pd_san} -fno-omit-frame-pointer)
    target_link_options(pd_build_options INTERFACE -fsanitize=${_pd_san})
endif()

# `format` rewrites every tracked C++ file with the repository's .clang-format; `format-check` fails on any that
# differ (scripts/test runs the same check before building).
find_program(PD_CLANG_FORMAT NAMES clang-format clang-format-14)
if(PD_CLANG_FORMAT)
    add_custom_target(format
        COMMAND git ls-files -z "*.cpp" "*.h" | xargs -0 ${PD_CLANG_FORMAT} -i
        WORKING_DIRECTORY ${PROJECT_SOURCE_DIR} COMMENT "clang-format -i on every C++ file" VERBATIM)
    add_custom_target(format-check
        COMMAND ${CMAKE_COMMAND} -E env CLANG_FORMAT=${PD_CLANG_FORMAT} ${PROJECT_SOURCE_DIR}/scripts/check-format
        WORKING_DIRECTORY ${PROJECT_SOURCE_DIR} VERBATIM)
endif()
