"""Benign look-alikes: legitimate code using the same APIs the malicious fixtures abuse.

Each imitates a practice of real, popular projects (named in `modelled_on`); together they are
the twins of the scanner's rules, and none may be flagged.
"""

from __future__ import annotations

import base64

from tests.corpus.fixtures import Fixture, benign_sdist, benign_wheel, blob

_PNG = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5E"
    "rkJggg=="
)


def _setup(body: str = "", *, imports: str = "", kwargs: str = "") -> str:
    return (
        "import os\nfrom setuptools import setup\n"
        + imports
        + "\n"
        + body
        + f"\n\nsetup(name='fixture', version='1.0.0', packages=['fixture']{kwargs})\n"
    )


SETUP_SCRIPTS: tuple[Fixture, ...] = (
    benign_sdist(
        "setup-exec-version-file",
        _setup(
            "about = {}\n"
            "with open(os.path.join('fixture', '__about__.py')) as f:\n"
            "    exec(f.read(), about)\n"
        ),
        "setup.py reading __version__ with exec (requests, urllib3 before 2.0)",
        files={"fixture/__about__.py": '__version__ = "1.0.0"\n'},
    ),
    benign_sdist(
        "setup-exec-compile-version",
        _setup(
            "exec(compile(open('fixture/_version.py').read(), 'fixture/_version.py', 'exec'))\n"
        ),
        "setup.py compiling its version module",
        files={"fixture/_version.py": '__version__ = "1.0.0"\n'},
    ),
    benign_sdist(
        "setup-git-describe",
        _setup(
            "def version():\n"
            "    try:\n"
            "        out = subprocess.check_output(['git', 'describe', '--tags'])\n"
            "        return out.decode().strip()\n"
            "    except (OSError, subprocess.CalledProcessError):\n"
            "        return '1.0.0'\n\n"
            "VERSION = version()\n",
            imports="import subprocess\n",
        ),
        "setup.py asking git for the version",
    ),
    benign_sdist(
        "setup-build-ext-cmake",
        _setup(
            "class CMakeBuild(build_ext):\n"
            "    def run(self):\n"
            "        subprocess.check_call(['cmake', '-S', '.', '-B', 'build'])\n"
            "        subprocess.check_call(['cmake', '--build', 'build'])\n"
            "        super().run()\n",
            imports="import subprocess\nfrom setuptools.command.build_ext import build_ext\n",
            kwargs=", cmdclass={'build_ext': CMakeBuild}",
        ),
        "CMake-driven build_ext commands (pybind11 examples, LightGBM)",
    ),
    benign_sdist(
        "setup-pkg-config",
        _setup(
            "def pkgconfig(name):\n"
            "    out = subprocess.run(['pkg-config', '--cflags', '--libs', name], "
            "capture_output=True, text=True)\n"
            "    return out.stdout.split()\n\n"
            "FLAGS = pkgconfig('libxml-2.0')\n",
            imports="import subprocess\n",
        ),
        "setup.py querying pkg-config for compiler flags (lxml, pycairo)",
    ),
    benign_sdist(
        "setup-readme-requirements",
        _setup(
            "here = os.path.abspath(os.path.dirname(__file__))\n"
            "with open(os.path.join(here, 'README.md'), encoding='utf-8') as f:\n"
            "    long_description = f.read()\n"
            "with open(os.path.join(here, 'requirements.txt')) as f:\n"
            "    install_requires = f.read().splitlines()\n",
            kwargs=", long_description=long_description, install_requires=install_requires",
        ),
        "the common setup.py template reading README and requirements",
        files={"README.md": "# Fixture\n", "requirements.txt": "requests\n"},
    ),
    benign_sdist(
        "setup-url-only",
        _setup(
            kwargs=", url='https://github.com/example/fixture', "
            "project_urls={'Source': 'https://github.com/example/fixture'}"
        ),
        "setup.py naming its home page",
    ),
    benign_sdist(
        "setup-writes-version-file",
        _setup(
            "with open(os.path.join('fixture', '_version.py'), 'w') as f:\n"
            "    f.write('__version__ = \"1.0.0\"\\n')\n"
        ),
        "setup.py generating a version module in its own tree (setuptools_scm style)",
    ),
    benign_sdist(
        "setup-compile-translations",
        _setup(
            "class Sdist(sdist):\n"
            "    def run(self):\n"
            "        for po in ['fixture/locale/de.po']:\n"
            "            subprocess.check_call(['msgfmt', po, '-o', po[:-3] + '.mo'])\n"
            "        super().run()\n",
            imports="import subprocess\nfrom setuptools.command.sdist import sdist\n",
            kwargs=", cmdclass={'sdist': Sdist}",
        ),
        "sdist commands compiling gettext catalogs (Django apps)",
    ),
    benign_sdist(
        "setup-cython-extensions",
        _setup(
            "extensions = cythonize([Extension('fixture._speedups', ['fixture/_speedups.pyx'])])\n",
            imports="from setuptools import Extension\nfrom Cython.Build import cythonize\n",
            kwargs=", ext_modules=extensions",
        ),
        "setup.py building Cython extensions",
    ),
    benign_sdist(
        "setup-compiler-probe",
        _setup(
            "def has_flag(flag):\n"
            "    with tempfile.NamedTemporaryFile('w', suffix='.c') as f:\n"
            "        f.write('int main(void){return 0;}')\n"
            "        return subprocess.call(['cc', flag, '-c', f.name]) == 0\n\n"
            "OPENMP = has_flag('-fopenmp')\n",
            imports="import subprocess\nimport tempfile\n",
        ),
        "setup.py probing compiler flags (scikit-learn, numpy.distutils)",
    ),
    benign_sdist(
        "setup-main-guard",
        "import os\nfrom setuptools import setup\n\n"
        "if __name__ == '__main__':\n"
        "    setup(name='fixture', version='1.0.0', packages=['fixture'])\n",
        "setup.py with a __main__ guard",
    ),
    benign_sdist(
        "in-tree-backend-wrapper",
        "",
        "in-tree back ends wrapping setuptools.build_meta (Pillow's _custom_build)",
        files={
            "setup.py": "from setuptools import setup\nsetup()\n",
            "pyproject.toml": '[build-system]\nrequires = ["setuptools"]\n'
            'build-backend = "backend"\nbackend-path = ["_custom_build"]\n',
            "_custom_build/backend.py": "import sys\n"
            "from setuptools.build_meta import *  # noqa\n"
            "from setuptools import build_meta as _orig\n\n"
            "def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):\n"
            "    if config_settings:\n"
            "        sys.argv = sys.argv[:1] + ['build_ext'] + list(config_settings)\n"
            "    return _orig.build_wheel(wheel_directory, config_settings, metadata_directory)\n",
        },
    ),
    benign_sdist(
        "setup-downloads-in-helper-module",
        _setup(
            "if os.environ.get('STATIC_DEPS'):\n"
            "    from buildlibs import build_libraries\n"
            "    build_libraries()\n"
        ),
        "build helpers outside setup.py fetching libraries for static builds (lxml)",
        files={
            "buildlibs.py": "import hashlib\nimport urllib.request\n\n"
            "def build_libraries():\n"
            "    data = urllib.request.urlopen('https://download.example.org/lib.tar.gz').read()\n"
            "    assert hashlib.sha256(data).hexdigest()\n"
        },
    ),
)

STARTUP: tuple[Fixture, ...] = (
    benign_wheel(
        "distutils-precedence-pth",
        '__version__ = "1.0.0"\n',
        "setuptools' distutils-precedence.pth",
        files={
            "distutils-precedence.pth": "import os; var = 'SETUPTOOLS_USE_DISTUTILS'; "
            "enabled = os.environ.get(var, 'local') == 'local'; "
            "enabled and __import__('_distutils_hack').add_shim(); \n",
            "_distutils_hack/__init__.py": "import os\nimport sys\n\n"
            "def add_shim():\n"
            "    DISTUTILS_FINDER in sys.meta_path or sys.meta_path.insert(0, DISTUTILS_FINDER)\n\n"
            "class _Finder:\n"
            "    def find_spec(self, fullname, path, target=None):\n"
            "        return None\n\n"
            "DISTUTILS_FINDER = _Finder()\n",
        },
    ),
    benign_wheel(
        "editable-finder-pth",
        '__version__ = "1.0.0"\n',
        "editable installs' finder hooks (setuptools >= 64)",
        files={
            "__editable__.fixture-1.0.0.pth": "import __editable___fixture_1_0_0_finder; "
            "__editable___fixture_1_0_0_finder.install()\n",
            "__editable___fixture_1_0_0_finder.py": "import sys\n"
            "from importlib.machinery import ModuleSpec, PathFinder\n\n"
            "MAPPING = {'fixture': '/src/fixture'}\n\n"
            "class _Finder:\n"
            "    @classmethod\n"
            "    def find_spec(cls, fullname, path=None, target=None):\n"
            "        if fullname in MAPPING:\n"
            "            return PathFinder.find_spec(fullname, [MAPPING[fullname]])\n"
            "        return None\n\n"
            "def install():\n"
            "    if not any(f is _Finder for f in sys.meta_path):\n"
            "        sys.meta_path.append(_Finder)\n",
        },
    ),
    benign_wheel(
        "namespace-nspkg-pth",
        '__version__ = "1.0.0"\n',
        "namespace -nspkg.pth files written by old setuptools (google, zope)",
        files={
            "fixture-1.0.0-nspkg.pth": "import sys, types, os;has_mfs = sys.version_info > "
            "(3, 5);p = os.path.join(sys._getframe(1).f_locals['sitedir'], *('fixturens',));"
            "importlib = has_mfs and __import__('importlib.util');has_mfs and "
            "__import__('importlib.machinery');m = has_mfs and sys.modules.setdefault("
            "'fixturens', importlib.util.module_from_spec(importlib.machinery.PathFinder"
            ".find_spec('fixturens', [os.path.dirname(p)])));m = m or sys.modules.setdefault("
            "'fixturens', types.ModuleType('fixturens'));mp = (m or []) and "
            "m.__dict__.setdefault('__path__',[]);(p not in mp) and mp.append(p)\n",
        },
    ),
    benign_wheel(
        "pywin32-bootstrap-pth",
        '__version__ = "1.0.0"\n',
        "pywin32.pth and its DLL-directory bootstrap",
        files={
            "pywin32.pth": "# .pth file for the PyWin32 extensions\nwin32\nwin32/lib\n"
            "Pythonwin\nimport pywin32_bootstrap\n",
            "pywin32_bootstrap.py": "import os\nimport sys\n\n"
            "for path in sys.path:\n"
            "    dll = os.path.join(path, 'pywin32_system32')\n"
            "    if os.path.isdir(dll):\n"
            "        os.add_dll_directory(dll)\n",
        },
    ),
    benign_wheel(
        "coverage-process-startup-pth",
        '__version__ = "1.0.0"\n',
        "coverage's process start-up hook",
        files={
            "fixture_cov.pth": "import fixture_cov_hook; fixture_cov_hook.process_startup()\n",
            "fixture_cov_hook.py": "import os\n\n"
            "def process_startup():\n"
            "    config = os.environ.get('COVERAGE_PROCESS_START')\n"
            "    if not config:\n"
            "        return None\n"
            "    return config\n",
        },
    ),
)

RUNTIME: tuple[Fixture, ...] = (
    benign_wheel(
        "base64-png-icon",
        f"import base64\n\nICON = base64.b64decode({_PNG!r})\n\n"
        "def icon_bytes():\n    return ICON\n",
        "icons embedded as base64 PNG (tkinter apps, PySimpleGUI)",
        files={"fixture/icons.py": f"LOGO = {('iVBORw0KGgoAAAANSUhEUg' + blob('png', 400))!r}\n"},
    ),
    benign_wheel(
        "base64-asset-written",
        "import base64\nimport os\n\n"
        f"FONT = {blob('font', 600)!r}\n\n"
        "def install_font(directory):\n"
        "    with open(os.path.join(directory, 'font.bin'), 'wb') as f:\n"
        "        f.write(base64.b64decode(FONT))\n",
        "assets shipped base64-encoded and written out on request",
    ),
    benign_wheel(
        "literal-eval-config",
        "import ast\n\n"
        "def parse(value):\n    return ast.literal_eval(value)\n\n"
        "DEFAULTS = eval('{\"retries\": 3}')\n",
        "configuration parsed with literal_eval",
    ),
    benign_wheel(
        "codegen-exec-template",
        "TEMPLATE = '''def __init__(self, {args}):\n{body}\n'''\n\n"
        "def make_init(fields):\n"
        "    args = ', '.join(fields)\n"
        "    body = '\\n'.join(f'    self.{f} = {f}' for f in fields)\n"
        "    namespace = {}\n"
        "    exec(TEMPLATE.format(args=args, body=body), namespace)\n"
        "    return namespace['__init__']\n",
        "code generation with exec of formatted templates (attrs, namedtuple, dataclasses)",
    ),
    benign_wheel(
        "paramiko-style-ssh-auth",
        "import os\nimport socket\n\n"
        "class Client:\n"
        "    def connect(self, host, port=22):\n"
        "        self.sock = socket.create_connection((host, port))\n"
        "        key_path = os.path.expanduser('~/.ssh/id_rsa')\n"
        "        self.key = self.load_key(key_path)\n"
        "        self.transport = Transport(self.sock)\n"
        "        self.transport.auth_publickey(os.getlogin(), self.key)\n\n"
        "    def load_key(self, path):\n"
        "        with open(path) as f:\n"
        "            return f.read()\n\n"
        "class Transport:\n"
        "    def __init__(self, sock):\n        self.sock = sock\n"
        "    def auth_publickey(self, user, key):\n        return (user, len(key))\n",
        "SSH clients loading the user's key to authenticate (paramiko, asyncssh)",
    ),
    benign_wheel(
        "botocore-style-credentials",
        "import configparser\nimport os\nimport requests\n\n"
        "def load_credentials():\n"
        "    path = os.path.expanduser(os.path.join('~', '.aws', 'credentials'))\n"
        "    parser = configparser.ConfigParser()\n"
        "    parser.read(path)\n"
        "    return parser['default']\n\n"
        "def call(action):\n"
        "    creds = load_credentials()\n"
        "    signature = sign(creds['aws_secret_access_key'], action)\n"
        "    return requests.post('https://sts.amazonaws.com/', "
        "headers={'Authorization': signature}, params={'Action': action})\n\n"
        "def sign(secret, message):\n"
        "    import hmac, hashlib\n"
        "    return hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()\n",
        "SDKs reading ~/.aws/credentials and signing requests (botocore)",
    ),
    benign_wheel(
        "netrc-auth-header",
        "import netrc\nimport os\nimport requests\n\n"
        "def get(url, host):\n"
        "    auth = netrc.netrc(os.path.expanduser('~/.netrc')).authenticators(host)\n"
        "    return requests.get(url, auth=(auth[0], auth[2]))\n",
        "HTTP clients taking credentials from ~/.netrc (requests, pip)",
    ),
    benign_wheel(
        "github-token-header",
        "import os\nimport requests\n\n"
        "def releases(repo):\n"
        "    token = os.environ['GITHUB_TOKEN']\n"
        "    headers = {'Authorization': f'token {token}'}\n"
        "    return requests.get(f'https://api.github.com/repos/{repo}/releases', "
        "headers=headers).json()\n",
        "CI tools calling the GitHub API with GITHUB_TOKEN",
    ),
    benign_wheel(
        "subprocess-env-copy",
        "import os\nimport subprocess\n\n"
        "def run(cmd):\n"
        "    env = os.environ.copy()\n"
        "    env['LC_ALL'] = 'C'\n"
        "    return subprocess.run(cmd, env=env, check=True)\n",
        "command runners passing a copy of the environment (tox, nox, pre-commit)",
    ),
    benign_wheel(
        "telemetry-platform",
        "import platform\nimport requests\n\n"
        "def report(enabled=False):\n"
        "    if not enabled:\n        return None\n"
        "    data = {'python': platform.python_version(), 'system': platform.system(), "
        "'host': platform.node()}\n"
        "    return requests.post('https://telemetry.example.org/v1/usage', json=data)\n",
        "opt-in usage telemetry sent to the project's own service",
    ),
    benign_wheel(
        "echo-socket-server",
        "import socket\n\n"
        "def serve(port=8000):\n"
        "    with socket.socket() as s:\n"
        "        s.bind(('127.0.0.1', port))\n"
        "        s.listen()\n"
        "        conn, _ = s.accept()\n"
        "        data = conn.recv(1024)\n"
        "        conn.sendall(data)\n",
        "socket servers (socketserver examples, test helpers)",
    ),
    benign_wheel(
        "pexpect-style-pty",
        "import os\nimport pty\n\n"
        "def spawn_shell():\n"
        "    pid, fd = pty.fork()\n"
        "    if pid == 0:\n"
        "        os.execvp('/bin/sh', ['/bin/sh'])\n"
        "    return fd\n\n"
        "def interact():\n    pty.spawn('/bin/bash')\n",
        "pseudo-terminal shells (pexpect, ptyprocess)",
    ),
    benign_wheel(
        "ctypes-libc",
        "import ctypes\nimport ctypes.util\n\n"
        "libc = ctypes.CDLL(ctypes.util.find_library('c'))\n\n"
        "def getpid():\n    return libc.getpid()\n",
        "ctypes calls into libc (psutil fallbacks, uvloop tests)",
    ),
    benign_wheel(
        "ctypes-windows-api",
        "import ctypes\n\n"
        "def message(text):\n"
        "    return ctypes.windll.user32.MessageBoxW(0, text, 'Fixture', 0)\n\n"
        "def memory_status():\n"
        "    kernel32 = ctypes.windll.kernel32\n"
        "    return kernel32.GetTickCount64()\n",
        "Windows API calls through ctypes (colorama, pywinauto)",
    ),
    benign_wheel(
        "clipboard-library",
        "import subprocess\n\n"
        "def copy(text):\n"
        "    subprocess.run(['xclip', '-selection', 'clipboard'], input=text.encode())\n\n"
        "def paste():\n"
        "    return subprocess.run(['xclip', '-selection', 'clipboard', '-o'], "
        "capture_output=True).stdout.decode()\n",
        "clipboard libraries (pyperclip)",
    ),
    benign_wheel(
        "keyboard-hotkeys",
        "from pynput import keyboard\n\n"
        "def on_press(key):\n"
        "    if key == keyboard.Key.esc:\n        return False\n"
        "    return True\n\n"
        "def wait_for_escape():\n"
        "    with keyboard.Listener(on_press=on_press) as listener:\n"
        "        listener.join()\n",
        "applications listening for a hotkey (pynput users)",
    ),
    benign_wheel(
        "screenshot-helper",
        "import pyautogui\n\n"
        "def save_screenshot(path):\n"
        "    image = pyautogui.screenshot()\n"
        "    image.save(path)\n"
        "    return path\n",
        "GUI test helpers saving screenshots locally (pyautogui)",
    ),
    benign_wheel(
        "selenium-profile",
        "import os\nfrom selenium import webdriver\n\n"
        "def driver():\n"
        "    options = webdriver.ChromeOptions()\n"
        "    profile = os.path.join(os.environ['LOCALAPPDATA'], 'Google', 'Chrome', 'User Data')\n"
        "    options.add_argument(f'--user-data-dir={profile}')\n"
        "    return webdriver.Chrome(options=options)\n",
        "browser automation reusing a local profile (selenium recipes)",
    ),
    benign_wheel(
        "dataset-downloader",
        "import hashlib\nimport os\nimport urllib.request\n\n"
        "URL = 'https://data.example.org/corpus.zip'\nSHA256 = '" + "ab" * 32 + "'\n\n"
        "def download(target):\n"
        "    path = os.path.join(target, 'corpus.zip')\n"
        "    urllib.request.urlretrieve(URL, path)\n"
        "    with open(path, 'rb') as f:\n"
        "        if hashlib.sha256(f.read()).hexdigest() != SHA256:\n"
        "            raise ValueError('checksum mismatch')\n"
        "    return path\n",
        "data downloaders verifying checksums (nltk, torchvision datasets)",
    ),
    benign_wheel(
        "json-api-client",
        "import json\nimport urllib.request\n\n"
        "def project(name):\n"
        "    with urllib.request.urlopen(f'https://api.example.org/projects/{name}') as r:\n"
        "        return json.loads(r.read())\n",
        "JSON API clients",
    ),
    benign_wheel(
        "pickle-cache",
        "import os\nimport pickle\n\n"
        "CACHE = os.path.expanduser('~/.cache/fixture/index.pickle')\n\n"
        "def load():\n"
        "    with open(CACHE, 'rb') as f:\n"
        "        return pickle.load(f)\n\n"
        "def store(index):\n"
        "    os.makedirs(os.path.dirname(CACHE), exist_ok=True)\n"
        "    with open(CACHE, 'wb') as f:\n"
        "        pickle.dump(index, f)\n",
        "pickle caches in the user's cache directory",
    ),
    benign_wheel(
        "marshal-bytecode-cache",
        "import importlib.util\nimport marshal\n\n"
        "def load_cached(path):\n"
        "    with open(path, 'rb') as f:\n"
        "        data = f.read()\n"
        "    return marshal.loads(data[16:])\n",
        "bytecode caches read with marshal (pytest's assertion rewriting)",
    ),
    benign_wheel(
        "hash-constants",
        "KNOWN = {\n"
        + "".join(f"    'v{i}': '{('%064x' % (i * 7919 + 12345))}',\n" for i in range(20))
        + "}\n",
        "tables of SHA-256 digests (pip's hash checking, certifi)",
    ),
    benign_wheel(
        "data-uri-template",
        f"CSS = 'background: url(data:image/png;base64,{blob('datauri', 400)})'\n",
        "HTML and CSS templates with data: URIs",
    ),
    benign_wheel(
        "greek-identifiers",
        "# -*- coding: utf-8 -*-\n"
        "def kinetic(\u03bc, \u03bd):\n"
        "    \u03b1 = 0.5\n"
        "    \u03b2 = \u03bc * \u03bd ** 2\n"
        "    return \u03b1 * \u03b2\n",
        "scientific code using Greek identifiers",
    ),
    benign_wheel(
        "cjk-identifiers",
        "def \u5408\u8a08(\u6570\u5024):\n    return sum(\u6570\u5024)\n",
        "code written with CJK identifiers",
    ),
    benign_wheel(
        "aligned-comments",
        "SETTINGS = {\n"
        "    'a': 1," + " " * 130 + "# aligned comment\n"
        "    'bb': 2," + " " * 129 + "# another\n}\n",
        "source aligned with long runs of spaces before comments",
    ),
    benign_wheel(
        "wide-docstring-table",
        'def table():\n    """\n    name' + " " * 140 + "value\n    a" + " " * 143 + "1\n"
        '    """\n    return None\n',
        "docstrings holding wide tables",
    ),
    benign_wheel(
        "discord-bot-library",
        "import re\nimport requests\n\n"
        "WEBHOOK_URL = re.compile(r'discord(?:app)?\\.com/api/webhooks/"
        "(?P<id>[0-9]{17,20})/(?P<token>[A-Za-z0-9\\.\\-\\_]{60,})')\n\n"
        "class Webhook:\n"
        "    def __init__(self, url):\n"
        "        if not WEBHOOK_URL.search(url):\n"
        "            raise ValueError('not a webhook URL')\n"
        "        self.url = url\n\n"
        "    def send(self, content):\n"
        "        return requests.post(self.url, json={'content': content})\n",
        "Discord client libraries (discord.py's Webhook.from_url)",
    ),
    benign_wheel(
        "slack-notifier",
        "import os\nimport requests\n\n"
        "def notify(text):\n"
        "    url = os.environ['SLACK_WEBHOOK_URL']\n"
        "    return requests.post(url, json={'text': text})\n",
        "CI notifiers posting build results to Slack",
    ),
    benign_wheel(
        "pastebin-client",
        "import requests\n\n"
        "def paste(text, api_key):\n"
        "    return requests.post('https://pastebin.com/api/api_post.php', "
        "data={'api_dev_key': api_key, 'api_paste_code': text, 'api_option': 'paste'}).text\n",
        "paste-site API clients (pastebin wrappers)",
    ),
    benign_wheel(
        "what-is-my-ip",
        "import requests\n\n"
        "def public_ip():\n"
        "    return requests.get('https://api.ipify.org').text\n",
        "public-IP lookup tools",
    ),
    benign_wheel(
        "cli-main-requests",
        "import sys\nimport requests\n\n"
        "def main(argv=None):\n"
        "    url = (argv or sys.argv)[1]\n"
        "    print(requests.get(url).status_code)\n\n"
        "if __name__ == '__main__':\n"
        "    main()\n",
        "command-line tools making requests from main()",
    ),
    benign_wheel(
        "git-wrapper",
        "import subprocess\n\n"
        "def current_branch(repo):\n"
        "    return subprocess.check_output(['git', '-C', repo, 'rev-parse', "
        "'--abbrev-ref', 'HEAD'], text=True).strip()\n\n"
        "def run(cmd):\n"
        "    return subprocess.run(cmd, shell=True, check=False).returncode\n",
        "libraries wrapping git and shell commands (GitPython, invoke)",
    ),
    benign_wheel(
        "winreg-reader",
        "import winreg\n\n"
        "def windows_release():\n"
        "    key = winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, "
        "r'SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion')\n"
        "    return winreg.QueryValueEx(key, 'ReleaseId')[0]\n",
        "platform detection reading the registry (platform, distro)",
    ),
    benign_wheel(
        "environment-debug-report",
        "import os\nimport platform\n\n"
        "def debug_info():\n"
        "    return {'env': dict(os.environ), 'python': platform.python_version(), "
        "'host': platform.node()}\n",
        "debug reports printed locally (pip debug, conda info)",
    ),
    benign_wheel(
        "plugin-import-module",
        "import importlib\nfrom importlib.metadata import entry_points\n\n"
        "def load_plugins():\n"
        "    group = entry_points(group='fixture')\n"
        "    return [importlib.import_module(ep.module) for ep in group]\n\n"
        "def backend(name):\n"
        "    return getattr(importlib.import_module('fixture.backends'), name)\n",
        "plugin loaders importing modules by name (pytest, stevedore)",
    ),
    benign_wheel(
        "reversed-frame-lookup",
        "import sys\n\n"
        "def caller_globals():\n"
        "    return getattr(sys, 'emarfteg_'[::-1])(1).f_globals\n",
        "harmless names hidden from linters by reversal (celery's import debugger)",
    ),
    benign_wheel(
        "rot13-utility",
        "import codecs\n\n"
        "def rot13(text):\n    return codecs.decode(text, 'rot13')\n\n"
        "def caesar(text, shift):\n"
        "    return ''.join(chr((ord(c) - 97 + shift) % 26 + 97) if c.islower() else c "
        "for c in text)\n",
        "text utilities implementing rot13 and Caesar ciphers",
    ),
    benign_wheel(
        "reverse-strings",
        "def is_palindrome(word):\n    return word == word[::-1]\n\nMAGIC = 'olleh'[::-1]\n",
        "string reversal in text processing",
    ),
    benign_wheel(
        "install-instructions",
        "import shutil\nimport sys\n\n"
        "def check_tool():\n"
        "    if shutil.which('uv') is None:\n"
        "        sys.stderr.write('uv is missing: run curl -LsSf https://astral.sh/uv/install.sh "
        "| sh\\n')\n",
        "CLIs printing curl | sh installation hints",
    ),
    benign_wheel(
        "zlib-data-tables",
        "import base64\nimport zlib\n\n"
        f"_TABLE = {base64.b64encode(bytes(range(256)) * 4).decode()!r}\n\n"
        "def table():\n    return zlib.decompress(zlib.compress(base64.b64decode(_TABLE)))\n",
        "compressed lookup tables decoded at import (fonttools, unicodedata2)",
    ),
    benign_wheel(
        "pycache-with-source",
        '__version__ = "1.0.0"\n',
        "wheels that accidentally include __pycache__ next to the sources",
        binary={"fixture/__pycache__/__init__.cpython-311.pyc": b"\xa7\r\r\n" + b"\x00" * 12},
    ),
    benign_wheel(
        "getattr-dispatch",
        "import operator\n\n"
        "def apply(op, a, b):\n"
        "    return getattr(operator, op)(a, b)\n\n"
        "def name_of(code):\n    return chr(code) + chr(code + 1)\n",
        "dispatch by attribute name and chr() in ordinary code",
    ),
    benign_wheel(
        "tests-with-vectors",
        '__version__ = "1.0.0"\n',
        "test suites with base64 test vectors and exec of fixtures",
        files={
            "fixture/tests/__init__.py": "",
            "fixture/tests/test_vectors.py": "import base64\n\n"
            f"VECTOR = {blob('vector', 600)!r}\n\n"
            "def test_decode():\n"
            "    exec(base64.b64decode('cHJpbnQoMSk='))\n"
            "    assert base64.b64decode(VECTOR)\n",
        },
    ),
    benign_wheel(
        "shell-completion-installer",
        "import os\n\n"
        "def install_completion(shell='bash'):\n"
        "    rc = os.path.expanduser('~/.bashrc')\n"
        "    line = 'eval \"$(_FIXTURE_COMPLETE=bash_source fixture)\"\\n'\n"
        "    with open(rc, 'a') as f:\n"
        "        f.write(line)\n",
        "CLIs installing shell completion on request (click, typer)",
    ),
)

NAMES: tuple[Fixture, ...] = (
    benign_wheel(
        "calendar-version",
        '__version__ = "2024.1.0"\n',
        "calendar-versioned projects (certifi, pytz)",
        name="tzinfo-fixture-data",
        version="2024.1.0",
    ),
    benign_wheel(
        "internal-name-normal-version",
        '__version__ = "1.2.0"\n',
        "internal packages on a private index",
        name="acme-internal-billing",
        version="1.2.0",
    ),
    benign_wheel(
        "popular-name-itself",
        '__version__ = "2.32.0"\n',
        "the popular project itself, re-uploaded to a mirror",
        name="requests",
        version="2.32.0",
        package="requests",
        description="# Requests\n\nRequests is an elegant and simple HTTP library for Python.\n",
        extra_metadata=(("Home-page", "https://github.com/psf/requests"),),
    ),
    benign_wheel(
        "popular-neighbour",
        '__version__ = "2.5.0"\n',
        "popular projects one edit from other popular projects (scapy and scipy)",
        name="scapy",
        version="2.5.0",
        package="scapy",
    ),
    benign_wheel(
        "plugin-describing-parent",
        '__version__ = "1.0.0"\n',
        "plugins whose description names the project they extend",
        name="pytest-fixture-extras",
        description="# pytest-fixture-extras\n\npytest is a framework; this adds fixtures.\n",
        requires_dist=("pytest>=7",),
    ),
    benign_wheel(
        "fork-with-parent-url",
        '__version__ = "10.0.0"\n',
        "forks and variants living in the parent's repository (pillow-simd, tensorflow-cpu)",
        name="pillow-simd-fixture",
        version="10.0.0",
        description="# Pillow-SIMD\n\nPillow is the friendly PIL fork.\n",
        extra_metadata=(("Home-page", "https://github.com/uploadcare/pillow-simd"),),
    ),
    benign_wheel(
        "popular-dependencies",
        '__version__ = "1.0.0"\n',
        "ordinary dependency lists",
        requires_dist=("requests>=2", "numpy", "python-dateutil", "pyyaml", "attrs"),
    ),
    benign_wheel(
        "described-minimal",
        '__version__ = "1.0.0"\n',
        "a one-line summary without a long description",
        description=None,
    ),
    benign_wheel(
        "major-version-jump",
        '__version__ = "45.0.0"\n',
        "projects with large but ordinary major versions (setuptools, protobuf)",
        name="fixture-build-tools",
        version="45.0.0",
    ),
)

SOURCES: tuple[Fixture, ...] = (
    benign_sdist(
        "python2-sources",
        _setup(),
        "old sdists shipping Python 2 modules",
        files={"fixture/legacy.py": "print 'hello'\nexec 'x = 1'\n"},
    ),
    benign_sdist(
        "latin1-source",
        _setup(),
        "sources declaring a latin-1 encoding",
        binary={"fixture/names.py": "# -*- coding: latin-1 -*-\nNAME = 'café'\n".encode("latin-1")},
    ),
    benign_sdist(
        "syntax-error-template",
        _setup(),
        "template files named .py that are not Python (cookiecutter)",
        files={"fixture/template.py": "{{ cookiecutter.module }} = {% if x %}1{% endif %}\n"},
    ),
)

BENIGN: tuple[Fixture, ...] = SETUP_SCRIPTS + STARTUP + RUNTIME + NAMES + SOURCES
