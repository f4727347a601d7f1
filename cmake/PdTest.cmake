# Test registration. tests/CMakeLists.txt lists every test by folder:
#   pd_add_tests(core/crypto TESTS crypto_aead ...)   tests/core/crypto/tst_crypto_aead.cpp -> ctest "crypto.aead"
# The ctest name is the folder's last part, a dot, and the file's name without "tst_" and without a repeated folder
# prefix; the target is tst_<folder>_<name>. BOTH_DBS registers the binary twice, "<name>.sqlite" and "<name>.pg"
# (PD_TEST_DB=sqlite|pg); PostgreSQL runs need PD_TEST_PG_URL (scripts/test sets it) and skip without it, unless
# PD_REQUIRE_PG=1 (set by scripts/test), where a missing server is a failure. GUI runs offscreen.
# Labels: the top folder (core, e2e, ui), the last folder, and db/sqlite/pg for BOTH_DBS.

function(pd_add_test name target)
    cmake_parse_arguments(arg "GUI;BOTH_DBS" "TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
    if(NOT arg_TIMEOUT)
        set(arg_TIMEOUT 300)
    endif()
    add_executable(${target} ${arg_SOURCES})
    target_link_libraries(${target} PRIVATE Qt6::Test paydesk_testsupport ${arg_LIBS} pd_build_options)
    set(_env "LC_ALL=C.UTF-8" "PD_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
    if(arg_GUI)
        list(APPEND _env "QT_QPA_PLATFORM=offscreen")
    endif()
    if(arg_BOTH_DBS)
        foreach(_engine sqlite pg)
            add_test(NAME ${name}.${_engine} COMMAND ${target})
            set_tests_properties(${name}.${_engine} PROPERTIES ENVIRONMENT "${_env};PD_TEST_DB=${_engine}"
                                 LABELS "${arg_LABELS};db;${_engine}" TIMEOUT ${arg_TIMEOUT})
        endforeach()
    else()
        add_test(NAME ${name} COMMAND ${target})
        set_tests_properties(${name} PROPERTIES ENVIRONMENT "${_env}" LABELS "${arg_LABELS}" TIMEOUT ${arg_TIMEOUT})
    endif()
endfunction()

function(pd_add_tests dir)
    cmake_parse_arguments(arg "GUI;BOTH_DBS" "" "LIBS;TESTS" ${ARGN})
    get_filename_component(_area ${dir} NAME)
    string(REGEX MATCH "^[^/]+" _top ${dir})
    set(_flags "")
    if(arg_GUI)
        list(APPEND _flags GUI)
    endif()
    if(arg_BOTH_DBS)
        list(APPEND _flags BOTH_DBS)
    endif()
    foreach(_t ${arg_TESTS})
        string(REGEX REPLACE "^${_area}_" "" _n ${_t})
        pd_add_test(${_area}.${_n} tst_${_area}_${_n} ${_flags} SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/${dir}/tst_${_t}.cpp
                    LIBS ${arg_LIBS} LABELS ${_top} ${_area})
    endforeach()
endfunction()
