#!/bin/sh
# Install the ClaimMark bundle this script sits in (dist/ClaimMark after packaging/build)
# for one person, or remove it again:
#   ./install.sh [--prefix DIR] [--uninstall]
# PREFIX (default ~/.local) gets lib/claimmark/ (the bundle), bin/claimmark, and under
# share/ the .desktop entry, the AppStream metainfo, the MIME type of project files
# (so a double-click on a .claimmark file opens it) and the icons in every theme size.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
prefix="$HOME/.local"
action=install
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) prefix="$2"; shift 2 ;;
        --uninstall) action=uninstall; shift ;;
        *) echo "usage: $0 [--prefix DIR] [--uninstall]" >&2; exit 2 ;;
    esac
done
data="$prefix/share"
app=io.github.claimmark.ClaimMark
[ -x "$here/ClaimMark" ] && [ -d "$here/share" ] || { echo "$here: not a built ClaimMark bundle" >&2; exit 1; }

refresh() {  # the caches desktops read; each tool is optional
    if command -v update-mime-database >/dev/null; then update-mime-database "$data/mime"; fi
    if command -v update-desktop-database >/dev/null; then update-desktop-database -q "$data/applications"; fi
    # an icon cache is refreshed only where one exists: a stale one in a home folder hides icons
    if [ -f "$data/icons/hicolor/icon-theme.cache" ] && command -v gtk-update-icon-cache >/dev/null; then
        gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
    fi
}

if [ "$action" = uninstall ]; then
    (cd "$here/share" && find . -type f) | while read -r file; do rm -f "$data/$file"; done
    rm -rf "$prefix/lib/claimmark"
    rm -f "$prefix/bin/claimmark"
    refresh
    echo "ClaimMark removed from $prefix"
    exit 0
fi

mkdir -p "$prefix/lib" "$prefix/bin" "$data"
rm -rf "$prefix/lib/claimmark"
mkdir "$prefix/lib/claimmark"
cp -R "$here/ClaimMark" "$here/_internal" "$prefix/lib/claimmark/"
ln -sf "$prefix/lib/claimmark/ClaimMark" "$prefix/bin/claimmark"
cp -R "$here/share/." "$data/"
# the menu entry starts this copy, wherever bin/ is on PATH or not
sed -e "s|^Exec=claimmark |Exec=\"$prefix/bin/claimmark\" |" -e "s|^TryExec=claimmark\$|TryExec=$prefix/bin/claimmark|" \
    "$here/share/applications/$app.desktop" > "$data/applications/$app.desktop"
refresh
echo "ClaimMark installed in $prefix (run $prefix/bin/claimmark, or find it in the applications menu)"
