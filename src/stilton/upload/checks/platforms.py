"""Which wheel platform tags the index takes: the platforms installers can match."""

from __future__ import annotations

import re

_LINUX_ARCHES = "x86_64|i686|aarch64|armv7l|ppc64|ppc64le|s390x|riscv64|loongarch64"
_MAC_ARCHES = "x86_64|arm64|universal2|intel|universal|i386|ppc|ppc64|fat|fat3|fat32|fat64"

_ALLOWED = re.compile(
    "|".join(
        (
            r"any",
            r"win32|win_amd64|win_arm64|win_ia64",
            r"manylinux1_(?:x86_64|i686)",
            r"manylinux2010_(?:x86_64|i686)",
            rf"manylinux2014_(?:{_LINUX_ARCHES})",
            rf"manylinux_2_(?P<glibc>\d+)_(?:{_LINUX_ARCHES})",
            rf"musllinux_1_(?P<musl>\d+)_(?:{_LINUX_ARCHES})",
            rf"macosx_(?P<mac_major>\d+)_(?P<mac_minor>\d+)_(?:{_MAC_ARCHES})",
            r"linux_armv6l|linux_armv7l",
            r"ios_\d+_\d+_(?:arm64|x86_64)_(?:iphoneos|iphonesimulator)",
            r"android_\d+_(?:arm64_v8a|armeabi_v7a|x86_64|x86)",
        )
    )
)

_MIN_GLIBC_MINOR = 5
_MAX_GLIBC_MINOR = 99
_MAX_MUSL_MINOR = 9


def platform_refusal(platform: str) -> str | None:
    """Why a wheel platform tag is refused, or None when it is allowed."""
    match = _ALLOWED.fullmatch(platform)
    if match is None:
        return (
            f"Binary wheel has an unsupported platform tag '{platform}': use any, "
            "manylinux/musllinux, macosx, win, ios or android tags"
        )
    glibc, musl = match.group("glibc"), match.group("musl")
    if glibc is not None and not _MIN_GLIBC_MINOR <= int(glibc) <= _MAX_GLIBC_MINOR:
        return f"Binary wheel platform tag '{platform}' names no real glibc version"
    if musl is not None and int(musl) > _MAX_MUSL_MINOR:
        return f"Binary wheel platform tag '{platform}' names no real musl version"
    major = match.group("mac_major")
    if major is not None and not 10 <= int(major) <= 99:
        return f"Binary wheel platform tag '{platform}' names no real macOS version"
    return None
