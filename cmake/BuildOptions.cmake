# One INTERFACE target carries warnings, Qt defines and hardening (the qBittorrent pattern).
add_library(pd_build_options INTERFACE)
target_compile_options(pd_build_options INTERFACE
    -Wall -Wextra -Wpedantic -Wnon-virtual-dtor -Woverloaded-virtual -Wshadow
    -fstack-protector-strong
    $<$<BOOL:${PD_WARNINGS_AS_ERRORS}>:-Werror>)
target_compile_definitions(pd_build_options INTERFACE
    QT_NO_CAST_FROM_ASCII QT_NO_CAST_TO_ASCII QT_NO_CAST_FROM_BYTEARRAY QT_NO_KEYWORDS
    QT_USE_QSTRINGBUILDER QT_NO_NARROWING_CONVERSIONS_IN_CONNECT QT_DISABLE_DEPRECATED_BEFORE=0x060400
    $<$<BOOL:${PD_FORCE_ASSERTS}>:QT_FORCE_ASSERTS>
    $<$<BOOL:${PD_FORCE_ASSERTS}>:_GLIBCXX_ASSERTIONS>
    $<$<NOT:$<CONFIG:Debug>>:_FORTIFY_SOURCE=2>)
target_link_options(pd_build_options INTERFACE -Wl,-z,relro,-z,now)
set(CMAKE_POSITION_INDEPENDENT_CODE ON)

if(PD_SANITIZE)
    string(REPLACE ";" "," _pd_san "${PD_SANITIZE}")
    target_compile_options(pd_build_options INTERFACE -fsanitize=${_pd_san} -fno-omit-frame-pointer)
    target_link_options(pd_build_options INTERFACE -fsanitize=${_pd_san})
endif()
