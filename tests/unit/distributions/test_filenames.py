from __future__ import annotations

import pytest
from packaging.tags import Tag
from packaging.version import Version

from stilton.distributions import InvalidFilename, parse_filename


@pytest.mark.parametrize(
    ("filename", "name", "normalized", "version", "python_version", "tags"),
    [
        ("demo-1.0-py3-none-any.whl", "demo", "demo", "1.0", "py3", {"py3-none-any"}),
        (
            "Foo_Bar-2.0.1-py2.py3-none-any.whl",
            "Foo_Bar",
            "foo-bar",
            "2.0.1",
            "py2.py3",
            {"py2-none-any", "py3-none-any"},
        ),
        (
            "demo-1.0-cp311-cp311-manylinux_2_17_x86_64.whl",
            "demo",
            "demo",
            "1.0",
            "cp311",
            {"cp311-cp311-manylinux_2_17_x86_64"},
        ),
        (
            "demo-1.0-cp311-abi3-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
            "demo",
            "demo",
            "1.0",
            "cp311",
            {"cp311-abi3-manylinux_2_17_x86_64", "cp311-abi3-manylinux2014_x86_64"},
        ),
        ("demo-1.0-1-py3-none-any.whl", "demo", "demo", "1.0", "py3", {"py3-none-any"}),
        (
            "demo-2.0rc1-2abc-cp312-cp312-win_amd64.whl",
            "demo",
            "demo",
            "2.0rc1",
            "cp312",
            {"cp312-cp312-win_amd64"},
        ),
    ],
)
def test_wheel_filenames_parse(filename, name, normalized, version, python_version, tags):
    parsed = parse_filename(filename)

    assert parsed.filename == filename
    assert parsed.filetype == "bdist_wheel"
    assert parsed.is_wheel
    assert parsed.name == name
    assert parsed.normalized_name == normalized
    assert parsed.version == Version(version)
    assert parsed.python_version == python_version
    assert parsed.tags == frozenset(Tag(*tag.split("-")) for tag in tags)


@pytest.mark.parametrize(
    ("filename", "name", "normalized", "version"),
    [
        ("demo-1.0.tar.gz", "demo", "demo", "1.0"),
        ("foo_bar-1.0.post1.tar.gz", "foo_bar", "foo-bar", "1.0.post1"),
        ("Foo-Bar-1.0rc1.tar.gz", "Foo-Bar", "foo-bar", "1.0rc1"),
        ("Zope.Interface-5.0.zip", "Zope.Interface", "zope-interface", "5.0"),
        ("demo-1!2.0+local.1.tar.gz", "demo", "demo", "1!2.0+local.1"),
    ],
)
def test_sdist_filenames_parse(filename, name, normalized, version):
    parsed = parse_filename(filename)

    assert parsed.filetype == "sdist"
    assert not parsed.is_wheel
    assert parsed.name == name
    assert parsed.normalized_name == normalized
    assert parsed.version == Version(version)
    assert parsed.python_version == "source"
    assert parsed.tags == frozenset()


@pytest.mark.parametrize(
    ("filename", "reason"),
    [
        ("foo.exe", "not a wheel (.whl) or sdist (.tar.gz)"),
        ("demo-1.0.tar.bz2", "not a wheel (.whl) or sdist (.tar.gz)"),
        ("demo-1.0.tgz", "not a wheel (.whl) or sdist (.tar.gz)"),
        ("demo-1.0.egg", "not a wheel (.whl) or sdist (.tar.gz)"),
        ("demo-1.0-py3-none-any.WHL", "not a wheel (.whl) or sdist (.tar.gz)"),
        ("../demo-1.0.tar.gz", "path separator"),
        ("dir/demo-1.0.tar.gz", "path separator"),
        ("dir\\demo-1.0.tar.gz", "path separator"),
        ("demo\x00-1.0.tar.gz", "control or non-ASCII"),
        ("demo-1.0.tar.gz\n", "control or non-ASCII"),
        ("d\u00e9mo-1.0-py3-none-any.whl", "control or non-ASCII"),
        ("a" * 250 + "-1.0.tar.gz", "longer than 255 characters"),
        ("demo.tar.gz", "an sdist filename is name-version.tar.gz"),
        ("demo-one.tar.gz", "'one' is not a valid version"),
        ("-1.0.tar.gz", "'' is not a valid project name"),
        ("demo!-1.0.tar.gz", "'demo!' is not a valid project name"),
        ("demo_-1.0.tar.gz", "'demo_' is not a valid project name"),
        ("demo-1.0-py3-none.whl", "name-version[-build]-python-abi-platform.whl"),
        ("demo-1.0-1-2-py3-none-any.whl", "name-version[-build]-python-abi-platform.whl"),
        ("demo-1.0-x-py3-none-any.whl", "Invalid build number"),
        ("demo-one-py3-none-any.whl", "'one' is not a valid version"),
        ("demo-1.0-py3-none-.whl", "invalid tag component"),
        ("demo.whl", "name-version[-build]-python-abi-platform.whl"),
    ],
)
def test_bad_filenames_are_refused_with_the_reason(filename, reason):
    with pytest.raises(InvalidFilename) as raised:
        parse_filename(filename)

    message = str(raised.value)
    assert message.startswith("Invalid distribution filename")
    assert reason in message
    assert message.isascii()
    assert "\n" not in message
    assert raised.value.code == "invalid-filename"


def test_the_message_names_the_filename_and_what_is_accepted():
    with pytest.raises(InvalidFilename) as raised:
        parse_filename("foo.exe")

    assert str(raised.value) == (
        "Invalid distribution filename 'foo.exe': not a wheel (.whl) or sdist (.tar.gz)"
    )


def test_an_empty_filename_is_refused():
    with pytest.raises(InvalidFilename, match="empty"):
        parse_filename("")


def test_a_filename_of_255_characters_is_accepted():
    filename = "a" * (255 - len("-1.0.tar.gz")) + "-1.0.tar.gz"

    assert parse_filename(filename).name == "a" * 244
