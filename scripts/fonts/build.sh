#!/usr/bin/env bash
# Regenerate the bundled fonts in fonts/ from the package registries.
#
#   bash scripts/fonts/build.sh
#
# Needs: bash, python3 (with venv), npm, and Debian's apt-get + dpkg-deb (any
# Debian/Ubuntu; the two .deb files can also be given by path, see below), and the
# Zhuque Fangsong TTF built from its source (no registry carries it, see below).
# Downloads are cached in $SHUANGYONG_FONTS_CACHE (default ~/.cache/shuangyong-fonts);
# re-running is safe and, for the pinned inputs below, gives byte-identical output.
# Not run by CI: the trimmed fonts are committed.
#
# Overrides (environment):
#   SHUANGYONG_FONTS_CACHE  cache/work directory
#   LXGW_DEB_FILE           path to an already downloaded fonts-lxgw-wenkai .deb
#   UNICODE_DATA_DEB_FILE   path to an already downloaded unicode-data .deb
#   ZHUQUE_FANGSONG_DIR     folder with ZhuqueFangsong-Regular.ttf and its OFL.txt
#                           (default: ../shared/fonts/zhuque-fangsong beside the
#                           repository, else /work/shared/fonts/zhuque-fangsong)
#   FONTS_ALLOW_UNPINNED=1  accept source fonts whose sha256 differs from the pins
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
OUT="$REPO/fonts"
CACHE="${SHUANGYONG_FONTS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/shuangyong-fonts}"

# ---- pinned inputs --------------------------------------------------------
FONTTOOLS_VERSION=4.68.0
NPM_SERIF=@expo-google-fonts/noto-serif-sc@0.4.3   # Noto Serif SC 2.003, static TTF per weight
NPM_SANS=@expo-google-fonts/noto-sans-sc@0.4.3     # Noto Sans SC 2.004, static TTF per weight
DEB_LXGW=fonts-lxgw-wenkai
DEB_LXGW_VERSION=1.250+repack-1                    # LXGW WenKai 1.250
DEB_UCD=unicode-data
DEB_UCD_VERSION=15.0.0-1                           # Unicode 15.0 incl. Unihan (kTGH)
UNICODE_VERSION=15.0.0
# Zhuque Fangsong 0.211 is published only as Glyphs source (TrionesType/zhuque, commit
# 227319a16dab9b4ce48b8cf168f70f2ffa0ce3d0), built with fontmake 3.12.2; the pin below is
# that build's TTF.
ZHUQUE_DIR=${ZHUQUE_FANGSONG_DIR:-}
if [[ -z $ZHUQUE_DIR ]]; then
  for d in "$REPO/../shared/fonts/zhuque-fangsong" /work/shared/fonts/zhuque-fangsong; do
    if [[ -d $d ]]; then ZHUQUE_DIR=$d; break; fi
  done
fi

# sha256 of the source files used (checked; FONTS_ALLOW_UNPINNED=1 to bypass)
declare -A PIN=(
  [NotoSerifSC_400Regular.ttf]=c358a69de3df5f423a8946a7b03e3126fb6ba116f1130a463455b4e39e1f0742
  [NotoSerifSC_700Bold.ttf]=9c6a2ba736e4b499c84f65ce366bd3625c0401885fd3e585ace50fb738b96ff6
  [NotoSansSC_400Regular.ttf]=d45f67f0a7c0ca3f256950777ce6a61cc7ce5f9696d02900cbbaac25f8aa7d16
  [NotoSansSC_700Bold.ttf]=9a38ae0ab28cd5a256f9ea8e00dedc688aac17f7915fcb000572990afa956b96
  [LXGWWenKai-Regular.ttf]=bbf534b0ca093928f94d1782855e65a19a32cde82b075d495d072025521953c8
  [ZhuqueFangsong-Regular.ttf]=e9d5c2ceb62cfe63a4684a727c441b4d6b985a79e92dd7fccfc500d0e5deca80
  [Unihan_OtherMappings.txt.bz2]=bdeef44d75d914e793b7f27ddc3bee01b2d11dd34f4e52de1a9fba74a1612dc2
  [UnicodeData.txt]=806e9aed65037197f1ec85e12be6e8cd870fc5608b4de0fffd990f689f376a73
)

log() { printf '== %s\n' "$*" >&2; }
die() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }

check_pin() {  # file
  local f=$1 base want got
  base=$(basename "$f")
  want=${PIN[$base]:-}
  got=$(sha256sum "$f" | cut -d' ' -f1)
  if [[ -n $want && $got != "$want" ]]; then
    if [[ ${FONTS_ALLOW_UNPINNED:-0} == 1 ]]; then
      log "WARNING: $base sha256 $got differs from pin $want (FONTS_ALLOW_UNPINNED=1)"
    else
      die "$base sha256 $got differs from pin $want (set FONTS_ALLOW_UNPINNED=1 to accept)"
    fi
  fi
}

mkdir -p "$CACHE/npm" "$CACHE/deb" "$OUT"

# ---- fontTools in a private venv ------------------------------------------
VENV="$CACHE/venv"
PY="$VENV/bin/python"
if ! "$PY" -c "import fontTools, sys; sys.exit(fontTools.version != '$FONTTOOLS_VERSION')" 2>/dev/null; then
  log "creating venv with fonttools==$FONTTOOLS_VERSION in $VENV"
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$PY" -m pip install --quiet --disable-pip-version-check "fonttools==$FONTTOOLS_VERSION"
fi
SUBSET=("$PY" -m fontTools.subset)

# ---- npm packages (Noto Serif SC, Noto Sans SC) ---------------------------
npm_fetch() {  # spec -> prints extracted package dir
  local spec=$1 name ver tgz dir
  name=${spec%@*}; ver=${spec##*@}
  tgz="$CACHE/npm/$(printf '%s' "${name#@}" | tr '/' '-')-$ver.tgz"
  dir="${tgz%.tgz}"
  if [[ ! -s $tgz ]]; then
    log "npm pack $spec"
    local tmp; tmp=$(mktemp -d "$CACHE/npm/tmp.XXXXXX")
    (cd "$tmp" && npm pack --silent "$spec" >/dev/null)
    mv "$tmp"/*.tgz "$tgz"
    rm -rf "$tmp"
  fi
  if [[ ! -d $dir/package ]]; then
    rm -rf "$dir"; mkdir -p "$dir"
    tar -xzf "$tgz" -C "$dir"
  fi
  printf '%s\n' "$dir/package"
}

# ---- Debian packages (LXGW WenKai, unicode-data) --------------------------
APT_UPDATED=0
deb_fetch() {  # name version override-file -> prints extracted root dir
  local name=$1 ver=$2 given=$3 deb dir
  if [[ -n $given ]]; then
    deb=$given
  else
    deb="$CACHE/deb/${name}_${ver}_all.deb"
    if [[ ! -s $deb ]]; then
      log "apt-get download $name=$ver"
      if ! (cd "$CACHE/deb" && apt-get download "$name=$ver" >&2); then
        if [[ $APT_UPDATED == 0 && $(id -u) == 0 ]]; then
          log "apt-get update (package lists missing or stale)"
          apt-get update >&2; APT_UPDATED=1
          (cd "$CACHE/deb" && apt-get download "$name=$ver" >&2) \
            || die "cannot download $name=$ver (is the version still in the archive?)"
        else
          die "cannot download $name=$ver: run 'apt-get update' as root, or set the *_DEB_FILE override"
        fi
      fi
    fi
  fi
  [[ -s $deb ]] || die "missing $deb"
  dir="$CACHE/deb/$(basename "${deb%.deb}")"
  if [[ ! -d $dir/usr ]]; then
    rm -rf "$dir"; mkdir -p "$dir"
    if command -v dpkg-deb >/dev/null; then
      dpkg-deb -x "$deb" "$dir"
    else  # plain ar + tar fallback
      (cd "$dir" && ar x "$deb" && tar -xf data.tar.* && rm -f data.tar.* control.tar.* debian-binary)
    fi
  fi
  printf '%s\n' "$dir"
}

SERIF_PKG=$(npm_fetch "$NPM_SERIF")
SANS_PKG=$(npm_fetch "$NPM_SANS")
LXGW_ROOT=$(deb_fetch "$DEB_LXGW" "$DEB_LXGW_VERSION" "${LXGW_DEB_FILE:-}")
UCD_ROOT=$(deb_fetch "$DEB_UCD" "$DEB_UCD_VERSION" "${UNICODE_DATA_DEB_FILE:-}")

SRC_SERIF="$SERIF_PKG/400Regular/NotoSerifSC_400Regular.ttf"
SRC_SERIF_BOLD="$SERIF_PKG/700Bold/NotoSerifSC_700Bold.ttf"
SRC_SANS="$SANS_PKG/400Regular/NotoSansSC_400Regular.ttf"
SRC_SANS_BOLD="$SANS_PKG/700Bold/NotoSansSC_700Bold.ttf"
SRC_KAI="$LXGW_ROOT/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf"
[[ -n $ZHUQUE_DIR ]] || die "no Zhuque Fangsong folder found: set ZHUQUE_FANGSONG_DIR"
SRC_FANGSONG="$ZHUQUE_DIR/ZhuqueFangsong-Regular.ttf"
UNIHAN="$UCD_ROOT/usr/share/unicode/Unihan_OtherMappings.txt.bz2"
UCD="$UCD_ROOT/usr/share/unicode/UnicodeData.txt"
for f in "$SRC_SERIF" "$SRC_SERIF_BOLD" "$SRC_SANS" "$SRC_SANS_BOLD" "$SRC_KAI" "$SRC_FANGSONG" "$UNIHAN" "$UCD"; do
  [[ -s $f ]] || die "missing source file $f"
  check_pin "$f"
done

# ---- character set --------------------------------------------------------
"$PY" "$HERE/fonttool.py" charset --unihan "$UNIHAN" --unicodedata "$UCD" \
  --unicode-version "$UNICODE_VERSION" --out "$OUT/charset.txt"

# ---- trim -----------------------------------------------------------------
subset() {  # src dst
  local src=$1 dst=$2 tmp="$2.tmp"
  log "pyftsubset $(basename "$src") -> fonts/$(basename "$dst")"
  "${SUBSET[@]}" "$src" \
    --unicodes-file="$OUT/charset.txt" \
    --output-file="$tmp" \
    --no-hinting \
    --layout-features='' \
    --name-IDs='*' --name-languages='*' --name-legacy \
    --notdef-outline --notdef-glyph \
    --recalc-bounds
  mv -f "$tmp" "$dst"
}
subset "$SRC_SERIF"      "$OUT/serif.ttf"
subset "$SRC_SERIF_BOLD" "$OUT/serif-bold.ttf"
subset "$SRC_SANS"       "$OUT/sans.ttf"
subset "$SRC_SANS_BOLD"  "$OUT/sans-bold.ttf"
subset "$SRC_KAI"        "$OUT/kai.ttf"
subset "$SRC_FANGSONG"   "$OUT/fangsong.ttf"

# ---- licences -------------------------------------------------------------
cp -f "$SERIF_PKG/LICENSE_FONT" "$OUT/LICENSE-NotoSerifSC.txt"
cp -f "$SANS_PKG/LICENSE_FONT"  "$OUT/LICENSE-NotoSansSC.txt"
# the Debian package carries the OFL only inside its copyright file
"$PY" "$HERE/fonttool.py" license --font "$SRC_KAI" \
  --copyright "$LXGW_ROOT/usr/share/doc/fonts-lxgw-wenkai/copyright" \
  --out "$OUT/LICENSE-LXGWWenKai.txt"
cp -f "$ZHUQUE_DIR/OFL.txt" "$OUT/LICENSE-ZhuqueFangsong.txt"

# ---- verify ---------------------------------------------------------------
"$PY" "$HERE/fonttool.py" verify --charset "$OUT/charset.txt" --report "$OUT/coverage.txt" \
  serif="$OUT/serif.ttf" serif-bold="$OUT/serif-bold.ttf" \
  sans="$OUT/sans.ttf" sans-bold="$OUT/sans-bold.ttf" kai="$OUT/kai.ttf" fangsong="$OUT/fangsong.ttf"

log "done; fonts/ now holds:"
ls -l "$OUT" >&2
