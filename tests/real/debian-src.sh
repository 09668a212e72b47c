# Shell functions for fetching Debian source packages, sourced (not run) by
# tests/real/fetch-build.sh and bench/qemu-plugins.sh so that both enable
# deb-src and unpack sources the same way.
# The caller sets:
#   CACHE  absolute cache directory, with stamp/, log/ and src/ in it
#   TAG    prefix of progress messages ("real", "qemu-plugins")
# and may hold a lock of its own around the calls: these functions do not
# lock. Root (or sudo) is needed only when something must be installed or
# deb-src enabled.

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo

have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

# install_tools PKG...: installs the Debian packages that are missing.
install_tools() {
	need=""
	for p in "$@"; do
		have_pkg "$p" || need="$need $p"
	done
	[ -z "$need" ] && return 0
	echo "$TAG: installing$need"
	$SUDO apt-get update -q || true
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends $need
}

has_deb_src() {
	grep -Eqs '^[[:space:]]*deb-src[[:space:]]' /etc/apt/sources.list /etc/apt/sources.list.d/*.list && return 0
	grep -Eqs '^Types:.*deb-src' /etc/apt/sources.list.d/*.sources
}

# Adds deb-src entries mirroring the binary Debian archive entries, and
# refreshes only that file's index so an unreachable third-party list
# cannot fail the step.
enable_deb_src() {
	d=/etc/apt/sources.list.d
	if [ -f "$d/debian.sources" ]; then
		out=$d/peek-src.sources
		sed -e 's/^Types:.*$/Types: deb-src/' "$d/debian.sources" | $SUDO tee "$out" > /dev/null
	elif [ -f /etc/apt/sources.list ]; then
		out=$d/peek-src.list
		sed -n 's/^[[:space:]]*deb[[:space:]]/deb-src /p' /etc/apt/sources.list | $SUDO tee "$out" > /dev/null
	else
		echo "$TAG: no Debian apt source found to mirror as deb-src" >&2
		return 1
	fi
	echo "$TAG: enabled deb-src in $out"
	$SUDO apt-get update -q -o Dir::Etc::sourcelist="$out" -o Dir::Etc::sourceparts=- \
		-o APT::Get::List-Cleanup=0
}

# fetch PKG: prints the unpacked source tree of a Debian source package,
# fetched once into CACHE/src.
fetch() {
	pkg=$1
	stamp=$CACHE/stamp/fetch-$pkg
	if [ ! -f "$stamp" ]; then
		if ! apt-cache showsrc "$pkg" 2>/dev/null | grep -q '^Package:'; then
			{
				has_deb_src || enable_deb_src
				apt-cache showsrc "$pkg" 2>/dev/null | grep -q '^Package:' ||
					$SUDO apt-get update -q || true
			} >&2
		fi
		echo "$TAG: apt-get source $pkg" >&2
		(cd "$CACHE/src" && apt-get source -q "$pkg") > "$CACHE/log/fetch-$pkg.log" 2>&1 || {
			tail -n 20 "$CACHE/log/fetch-$pkg.log" >&2
			return 1
		}
		dir=$(cd "$CACHE/src" && ls -d "$pkg"-*/ | head -n 1)
		echo "${dir%/}" > "$stamp"
	fi
	echo "$CACHE/src/$(cat "$stamp")"
}
