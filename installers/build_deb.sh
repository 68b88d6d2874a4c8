#!/bin/sh
# Wrap the PyInstaller bundle (dist/veldwerk/, from `make bundle`) into a Debian package:
#   /opt/veldwerk/                 the bundle
#   /usr/bin/veldwerk              a link to it (the headless commands, and the desktop entry)
#   /usr/share/applications/       the desktop entry (installers/veldwerk.desktop)
#   /usr/share/icons/hicolor/      the icon (PNG 256 and SVG)
# Result: dist/veldwerk_<version>_<arch>.deb. Needs only dpkg-deb (every Debian/Ubuntu has it).
# Install with `sudo apt install ./dist/veldwerk_<version>_<arch>.deb`; the vault stays in
# the user's data folder (~/.local/share/Veldwerk) and removing the package never touches it.
set -eu
cd "$(dirname "$0")/.."
bundle=dist/veldwerk
[ -x "$bundle/veldwerk" ] || { echo "build_deb: no bundle in $bundle; run make bundle" >&2; exit 2; }
version=$("$bundle/veldwerk" --version | sed 's/^veldwerk //')
arch=$(dpkg --print-architecture)
root=build/deb/veldwerk
out="dist/veldwerk_${version}_${arch}.deb"

rm -rf "$root"
mkdir -p "$root/DEBIAN" "$root/opt" "$root/usr/bin" "$root/usr/share/applications" \
    "$root/usr/share/icons/hicolor/256x256/apps" "$root/usr/share/icons/hicolor/scalable/apps" \
    "$root/usr/share/doc/veldwerk"
cp -a "$bundle" "$root/opt/veldwerk"
ln -s /opt/veldwerk/veldwerk "$root/usr/bin/veldwerk"
install -m 644 installers/veldwerk.desktop "$root/usr/share/applications/veldwerk.desktop"
install -m 644 installers/icons/veldwerk.png "$root/usr/share/icons/hicolor/256x256/apps/veldwerk.png"
install -m 644 installers/icons/veldwerk.svg "$root/usr/share/icons/hicolor/scalable/apps/veldwerk.svg"
install -m 644 installers/README.md "$root/usr/share/doc/veldwerk/README.md"
size=$(du -sk "$root" | cut -f1)

# The bundle carries Python, Qt and SQLCipher; the system gives what Qt's xcb platform needs
# (the same list as scripts/system-deps.sh app).
cat > "$root/DEBIAN/control" <<CONTROL
Package: veldwerk
Version: $version
Architecture: $arch
Maintainer: Veldwerk <noreply@veldwerk.invalid>
Installed-Size: $size
Section: misc
Priority: optional
Depends: libegl1, libgl1, libfontconfig1, libdbus-1-3, libglib2.0-0, libxkbcommon0, libxkbcommon-x11-0, libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1, libxcb-image0, libxcb-render-util0, libxcb-shape0, libxcb-xinerama0
Description: Encrypted offline field app for youth workers
 Veldwerk records signals, screenings and coaching plans in an encrypted vault
 on the laptop and syncs them with the municipality's server when online.
CONTROL
cat > "$root/DEBIAN/postinst" <<'SCRIPT'
#!/bin/sh
set -e
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q /usr/share/applications || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t /usr/share/icons/hicolor || true
SCRIPT
cp "$root/DEBIAN/postinst" "$root/DEBIAN/postrm"
chmod 755 "$root/DEBIAN/postinst" "$root/DEBIAN/postrm"

dpkg-deb --root-owner-group -Zgzip -z6 --build "$root" "$out" >/dev/null
echo "build_deb: $out ($(du -h "$out" | cut -f1))"
