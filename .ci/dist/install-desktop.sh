#!/bin/sh
# Register SIT Maturity with this user's Linux desktop (no administrator rights): a menu entry,
# the icon, and the .sitreview file type, so the file manager opens reviews in the app.
#
#   ./install-desktop.sh              from inside the unzipped bundle: registers that bundle
#   ./install-desktop.sh PROGRAM      registers PROGRAM (e.g. a venv's bin/sit-maturity)
#   ./install-desktop.sh --uninstall  removes what this script installed
#
# Everything goes under ${XDG_DATA_HOME:-~/.local/share}; nothing outside the user's home changes.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
apps=$data/applications
icons=$data/icons/hicolor
mime=$data/mime

refresh() {
    if command -v update-mime-database >/dev/null 2>&1; then update-mime-database "$mime"; fi
    if command -v update-desktop-database >/dev/null 2>&1; then update-desktop-database -q "$apps"; fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1; then
        gtk-update-icon-cache -q -t "$icons" 2>/dev/null || true
    fi
}

if [ "${1:-}" = "--uninstall" ]; then
    rm -f "$apps/sit-maturity.desktop" "$mime/packages/sit-maturity.xml" \
          "$icons"/*/apps/sit-maturity.png "$icons"/*/apps/sit-maturity.svg \
          "$icons"/*/mimetypes/application-x-sitreview.png \
          "$icons"/*/mimetypes/application-x-sitreview.svg
    refresh
    echo "SIT Maturity removed from the desktop menu and file types"
    exit 0
fi

program=${1:-$here/sit-maturity}
case $program in /*) ;; *) program=$(pwd)/$program ;; esac
if [ ! -x "$program" ]; then
    echo "install-desktop.sh: $program: no such program (give the path to sit-maturity)" >&2
    exit 1
fi
res=$here/_internal/forms/resources                      # in a bundle
[ -d "$res" ] || res=$here/../../forms/resources         # in the source tree (.ci/dist)
svg=$res/sit-maturity.svg

mkdir -p "$apps" "$mime/packages" "$icons/scalable/apps" "$icons/scalable/mimetypes"
# Exec takes a quoted program: escape \ " ` $ for the quotes, then \ again for the file format.
quoted=$(printf '%s' "$program" | sed 's/[\\"`$]/\\\\&/g')
EXEC="\"$quoted\"" awk '{ while ((i = index($0, "@EXEC@")) > 0)
                               $0 = substr($0, 1, i - 1) ENVIRON["EXEC"] substr($0, i + 6)
                           print }' "$here/sit-maturity.desktop" > "$apps/sit-maturity.desktop"
cp "$here/sit-maturity-mime.xml" "$mime/packages/sit-maturity.xml"
cp "$svg" "$icons/scalable/apps/sit-maturity.svg"
cp "$svg" "$icons/scalable/mimetypes/application-x-sitreview.svg"
for size in 16 24 32 48 64 128 256; do
    png=$res/sit-maturity-$size.png
    [ -f "$png" ] || continue
    mkdir -p "$icons/${size}x$size/apps" "$icons/${size}x$size/mimetypes"
    cp "$png" "$icons/${size}x$size/apps/sit-maturity.png"
    cp "$png" "$icons/${size}x$size/mimetypes/application-x-sitreview.png"
done
refresh
if command -v xdg-mime >/dev/null 2>&1; then
    xdg-mime default sit-maturity.desktop application/x-sitreview 2>/dev/null || true
fi
echo "SIT Maturity added to the desktop menu; .sitreview files open in $program"
