# Debian's libqrcodegencpp-dev ships a pkg-config file and a CMake package under different names across
# releases; look for the header and library directly so either works.
find_path(QRCODEGEN_INCLUDE_DIR NAMES qrcodegen.hpp PATH_SUFFIXES qrcodegencpp qrcodegen REQUIRED)
find_library(QRCODEGEN_LIBRARY NAMES qrcodegencpp REQUIRED)
add_library(pd_qrcodegen INTERFACE)
target_include_directories(pd_qrcodegen SYSTEM INTERFACE ${QRCODEGEN_INCLUDE_DIR})
target_link_libraries(pd_qrcodegen INTERFACE ${QRCODEGEN_LIBRARY})
