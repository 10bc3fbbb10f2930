#!/usr/bin/env bash
# Builds the double-clickable app for the platform this runs on, into dist/:
#   Linux    dist/indiamart-desktop/ (one folder), dist/share/ (.desktop, AppStream
#            metainfo, icons) and dist/indiamart-desktop-<version>-linux-<arch>.tar.gz
#   macOS    dist/IndiaMART Lead Desktop.app (+ a .dmg where hdiutil exists)
#   Windows  dist\indiamart-desktop\ (+ the Inno Setup installer where ISCC.exe exists;
#            run from Git Bash)
# Uses the project's .venv and installs PyInstaller into it when missing.
# NO_ARCHIVE=1 skips the tarball / disk image / installer (package-check does).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -x .venv/bin/python ]; then
  PY=.venv/bin/python
elif [ -x .venv/Scripts/python.exe ]; then
  PY=.venv/Scripts/python.exe
else
  echo "build.sh: no .venv here; run \`make demo\` or \`make test\` once to create it." >&2
  exit 1
fi
"$PY" -c "import PyInstaller" 2>/dev/null || "$PY" -m pip install --quiet "pyinstaller>=6.6"

APP=indiamart-desktop
APP_ID=in.indiamart.LeadDesktop
VERSION=$("$PY" -c "import re; print(re.search(r'__version__ = \"([^\"]+)\"', \
  open('indiamart_desktop/__init__.py').read()).group(1))")
start=$(date +%s)
rm -rf "dist/$APP" "dist/IndiaMART Lead Desktop.app" dist/share
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/indiamart-desktop.spec

case "$(uname -s)" in
  Linux)
    install -Dm644 "packaging/linux/$APP_ID.desktop" "dist/share/applications/$APP_ID.desktop"
    install -Dm644 "packaging/linux/$APP_ID.metainfo.xml" \
      "dist/share/metainfo/$APP_ID.metainfo.xml"
    install -Dm644 resources/icons/app.svg \
      "dist/share/icons/hicolor/scalable/apps/$APP_ID.svg"
    for size in 16 24 32 48 64 128 256 512; do
      install -Dm644 "build/icons/app-$size.png" \
        "dist/share/icons/hicolor/${size}x${size}/apps/$APP_ID.png"
    done
    if [ -z "${NO_ARCHIVE:-}" ]; then
      archive="dist/$APP-$VERSION-linux-$(uname -m).tar.gz"
      tar -C dist -czf "$archive" "$APP" share
      echo "Archive: $archive (unpack, copy share/ into ~/.local/share and link"
      echo "  $APP/$APP into ~/.local/bin for the menu entry)"
    fi
    ;;
  Darwin)
    if [ -z "${NO_ARCHIVE:-}" ] && command -v hdiutil >/dev/null 2>&1; then
      hdiutil create -quiet -ov -format UDZO -volname "IndiaMART Lead Desktop" \
        -srcfolder "dist/IndiaMART Lead Desktop.app" "dist/IndiaMART-Lead-Desktop-$VERSION.dmg"
      echo "Disk image: dist/IndiaMART-Lead-Desktop-$VERSION.dmg"
    fi
    ;;
  MINGW*|MSYS*|CYGWIN*)
    iscc=$(command -v iscc || command -v ISCC.exe || true)
    [ -z "$iscc" ] && [ -x "/c/Program Files (x86)/Inno Setup 6/ISCC.exe" ] \
      && iscc="/c/Program Files (x86)/Inno Setup 6/ISCC.exe"
    if [ -z "${NO_ARCHIVE:-}" ] && [ -n "$iscc" ]; then
      "$iscc" /Q "/DAppVersion=$VERSION" packaging/windows/indiamart-desktop.iss
      echo "Installer: dist/IndiaMART-Lead-Desktop-$VERSION-setup.exe"
    elif [ -z "${NO_ARCHIVE:-}" ]; then
      echo "Inno Setup 6 (ISCC.exe) not found: only the folder was built."
    fi
    ;;
esac

bundle="dist/$APP"
[ -d "dist/IndiaMART Lead Desktop.app" ] && bundle="dist/IndiaMART Lead Desktop.app"
size_mb=$("$PY" packaging/bundle_size.py "$bundle")
echo "Built $bundle: $size_mb MB unpacked in $(( $(date +%s) - start )) s"
