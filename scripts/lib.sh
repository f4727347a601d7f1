# Shared by scripts/run and scripts/test: install what is missing, then configure and build with a preset.
# shellcheck shell=bash
PD_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Debian 12 packages PayDesk builds, runs and tests with. (QuaZip's CMake package needs Qt's Core5Compat; apt
# brings qt6-5compat-dev with libquazip1-qt6-dev. Qt Charts comes with the reports screen.)
PD_PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git
  qt6-base-dev qt6-base-dev-tools qt6-httpserver-dev qt6-tools-dev qt6-tools-dev-tools
  qt6-l10n-tools qt6-translations-l10n clang-format libqt6sql6-sqlite libqt6sql6-psql libgl-dev
  libssl-dev openssl libqrcodegencpp-dev libspdlog-dev libexpected-dev zlib1g-dev libquazip1-qt6-dev
  postgresql-15 postgresql-client-15 xvfb xauth fonts-noto-cjk
)

pd_install_deps() {
  local missing=()
  for p in "${PD_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "PayDesk needs these Debian packages:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "Installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

pd_build() { # pd_build PRESET [targets...]
  local preset=$1; shift
  export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/paydesk-ccache}
  export CCACHE_BASEDIR=$PD_ROOT CCACHE_NOHASHDIR=true CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-5G}
  cd "$PD_ROOT"
  [ -f "build/$preset/build.ninja" ] || cmake --preset "$preset" >/dev/null
  if [ $# -gt 0 ]; then
    local args=(); for t in "$@"; do args+=(--target "$t"); done
    cmake --build --preset "$preset" "${args[@]}"
  else
    cmake --build --preset "$preset"
  fi
}
