"""The APIs the flow analysis knows, by fully qualified name, grouped by what calling them does."""

from __future__ import annotations

import re


def _names(prefixes: str, *functions: str) -> frozenset[str]:
    return frozenset(
        f"{prefix}.{function}" for prefix in prefixes.split() for function in functions
    )


_HTTP_VERBS = ("get", "post", "put", "patch", "delete", "head", "options", "request", "stream")

NETWORK_CALLS = (
    _names("requests httpx", *_HTTP_VERBS)
    | _names("urllib.request urllib2 urllib", "urlopen")
    | frozenset(
        {
            "aiohttp.request",
            "urllib3.request",
            "wget.download",
            "pycurl.Curl",
            "socket.create_connection",
            "websocket.create_connection",
        }
    )
)
"""Calls that talk to the network; their arguments are what is sent."""

DOWNLOAD_TO_FILE = frozenset({"urllib.request.urlretrieve", "urllib.urlretrieve", "wget.download"})

OBJECT_CONSTRUCTORS = {
    "socket.socket": "socket",
    "socket.create_connection": "socket",
    "websocket.create_connection": "socket",
    "websocket.WebSocket": "socket",
    "requests.Session": "session",
    "requests.session": "session",
    "httpx.Client": "session",
    "httpx.AsyncClient": "session",
    "aiohttp.ClientSession": "session",
    "urllib3.PoolManager": "session",
    "urllib3.ProxyManager": "session",
    "urllib.request.build_opener": "session",
    "urllib.request.Request": "request",
    "urllib2.Request": "request",
    "http.client.HTTPConnection": "http",
    "http.client.HTTPSConnection": "http",
    "httplib.HTTPConnection": "http",
    "httplib.HTTPSConnection": "http",
    "smtplib.SMTP": "mail",
    "smtplib.SMTP_SSL": "mail",
    "ftplib.FTP": "mail",
    "ftplib.FTP_TLS": "mail",
    "telnetlib.Telnet": "socket",
    "dhooks.Webhook": "webhook",
    "discord_webhook.DiscordWebhook": "webhook",
    "discord_webhook.DiscordEmbed": "webhook",
}
"""Constructors whose result is a network object; its methods below send or receive."""

OBJECT_SENDS = {
    "socket": frozenset({"send", "sendall", "sendto", "sendmsg", "connect", "connect_ex"}),
    "session": frozenset({*_HTTP_VERBS, "urlopen", "open"}),
    "request": frozenset(),
    "http": frozenset({"request", "putrequest", "send", "endheaders", "putheader"}),
    "mail": frozenset({"sendmail", "send_message", "storbinary", "storlines", "login"}),
    "webhook": frozenset({"send", "execute", "add_file", "post", "modify"}),
}
OBJECT_RECEIVES = frozenset(
    {"recv", "recvfrom", "recv_into", "read", "getresponse", "makefile", "json", "text"}
)

DNS_CALLS = frozenset(
    {
        "socket.gethostbyname",
        "socket.gethostbyname_ex",
        "socket.getaddrinfo",
        "dns.resolver.resolve",
        "dns.resolver.query",
    }
)

PROCESS_CALLS = _names(
    "subprocess", "Popen", "call", "check_call", "check_output", "run", "getoutput"
) | frozenset(
    {
        "subprocess.getstatusoutput",
        "os.system",
        "os.popen",
        "os.startfile",
        "os.posix_spawn",
        "os.posix_spawnp",
        "commands.getoutput",
        "commands.getstatusoutput",
        "pty.spawn",
        "asyncio.create_subprocess_shell",
        "asyncio.create_subprocess_exec",
        "platform.popen",
        "popen2.popen2",
        "popen2.popen3",
        *(
            f"os.{fn}"
            for fn in (
                ["execl", "execle", "execlp", "execlpe", "execv", "execve", "execvp", "execvpe"]
            )
        ),
        *(
            f"os.{fn}"
            for fn in (["spawnl", "spawnle", "spawnlp", "spawnlpe", "spawnv", "spawnve", "spawnvp"])
        ),
    }
)

EXEC_CALLS = frozenset(
    {
        "exec",
        "eval",
        "execfile",
        "compile",
        "builtins.exec",
        "builtins.eval",
        "builtins.compile",
        "__builtin__.eval",
        "types.FunctionType",
        "types.CodeType",
        "runpy.run_path",
        "runpy.run_module",
        "imp.load_source",
        "imp.load_compiled",
        "importlib.machinery.SourceFileLoader",
        "importlib.machinery.SourcelessFileLoader",
        "importlib.util.spec_from_file_location",
        "pickle.loads",
        "pickle.load",
        "cPickle.loads",
        "_pickle.loads",
        "dill.loads",
        "cloudpickle.loads",
        "marshal.loads",
        "marshal.load",
    }
)
"""Calls that run what they are given (code, a code object, a pickle, a file)."""

IMPORT_CALLS = frozenset({"__import__", "builtins.__import__", "importlib.import_module"})

DECODERS = {
    **{
        f"base64.{fn}": "base64"
        for fn in [
            "b64decode",
            "b32decode",
            "b16decode",
            "b85decode",
            "a85decode",
            "standard_b64decode",
            "urlsafe_b64decode",
            "decodebytes",
            "decodestring",
            "b32hexdecode",
        ]
    },
    "binascii.a2b_base64": "base64",
    "binascii.a2b_hex": "hex",
    "binascii.unhexlify": "hex",
    "binascii.a2b_uu": "uu",
    "bytes.fromhex": "hex",
    "bytearray.fromhex": "hex",
    "zlib.decompress": "zlib",
    "gzip.decompress": "gzip",
    "bz2.decompress": "bz2",
    "lzma.decompress": "lzma",
    "marshal.loads": "marshal",
    "codecs.decode": "codecs",
}
CODEC_NAMES = re.compile(
    r"^(base64|base_64|base-64|hex|hex_codec|rot13|rot_13|rot-13|zlib|zip|bz2|uu)(_codec)?$",
    re.IGNORECASE,
)

FS_WRITE_CALLS = _names(
    "shutil", "copy", "copy2", "copyfile", "copytree", "move", "rmtree", "copyfileobj"
) | _names("os", "remove", "unlink", "rmdir", "removedirs", "rename", "replace", "chmod")
FS_COPY_CALLS = _names("shutil", "copy", "copy2", "copyfile", "copytree", "move")

NATIVE_CALLS = frozenset(
    {
        "ctypes.CDLL",
        "ctypes.PyDLL",
        "ctypes.WinDLL",
        "ctypes.OleDLL",
        "ctypes.cdll.LoadLibrary",
        "ctypes.windll.LoadLibrary",
        "ctypes.util.find_library",
        "cffi.FFI",
    }
)
INJECTION_NAMES = frozenset(
    {
        "VirtualAlloc",
        "VirtualAllocEx",
        "VirtualProtect",
        "WriteProcessMemory",
        "CreateRemoteThread",
        "RtlMoveMemory",
        "NtUnmapViewOfSection",
        "QueueUserAPC",
        "CreateThread",
        "RtlCopyMemory",
    }
)

SYSINFO_CALLS = frozenset(
    {
        "socket.gethostname",
        "socket.getfqdn",
        "platform.node",
        "platform.uname",
        "getpass.getuser",
        "os.getlogin",
        "os.uname",
        "os.getcwd",
        "uuid.getnode",
        "psutil.users",
    }
)
CLIPBOARD_READS = frozenset(
    {
        "pyperclip.paste",
        "clipboard.paste",
        "win32clipboard.GetClipboardData",
        "klembord.get",
        "pandas.read_clipboard",
    }
)
CLIPBOARD_WRITES = frozenset(
    {"pyperclip.copy", "clipboard.copy", "win32clipboard.SetClipboardText", "klembord.set"}
)
KEYBOARD_HOOKS = frozenset(
    {
        "pynput.keyboard.Listener",
        "keyboard.on_press",
        "keyboard.on_release",
        "keyboard.hook",
        "keyboard.read_key",
        "keyboard.record",
        "pyHook.HookManager",
        "pyxhook.HookManager",
    }
)
KEYBOARD_NAMES = frozenset({"GetAsyncKeyState", "SetWindowsHookExA", "SetWindowsHookExW"})
SCREENSHOT_CALLS = frozenset(
    {
        "PIL.ImageGrab.grab",
        "ImageGrab.grab",
        "pyautogui.screenshot",
        "mss.mss",
        "pyscreenshot.grab",
    }
)
DPAPI_NAMES = frozenset({"CryptUnprotectData"})
REGISTRY_WRITES = frozenset(
    {
        "winreg.SetValueEx",
        "winreg.SetValue",
        "winreg.CreateKey",
        "winreg.CreateKeyEx",
        "_winreg.SetValueEx",
        "_winreg.SetValue",
    }
)
ENV_GETS = frozenset({"os.environ.get", "os.getenv", "os.environ.setdefault", "os.environ.pop"})
RESOURCE_READS = frozenset(
    {
        "pkgutil.get_data",
        "importlib.resources.read_text",
        "importlib.resources.read_binary",
        "pkg_resources.resource_string",
        "pkg_resources.resource_stream",
    }
)
FILE_OPENS = frozenset({"open", "io.open", "codecs.open", "builtins.open"})
SETUP_COMMAND_BASES = frozenset(
    {
        "install",
        "develop",
        "build",
        "build_py",
        "build_ext",
        "build_clib",
        "build_scripts",
        "egg_info",
        "sdist",
        "bdist",
        "bdist_egg",
        "bdist_wheel",
        "install_lib",
        "install_scripts",
        "install_data",
        "install_headers",
        "install_egg_info",
        "easy_install",
        "Command",
        "editable_wheel",
    }
)
BACKEND_HOOKS = frozenset(
    {
        "build_wheel",
        "build_sdist",
        "build_editable",
        "get_requires_for_build_wheel",
        "get_requires_for_build_sdist",
        "get_requires_for_build_editable",
        "prepare_metadata_for_build_wheel",
        "prepare_metadata_for_build_editable",
    }
)
BUILD_TOOLS = frozenset(
    [
        "git",
        "hg",
        "svn",
        "pkg-config",
        "cmake",
        "make",
        "gmake",
        "ninja",
        "meson",
        "gcc",
        "g++",
        "cc",
        "c++",
        "clang",
        "clang++",
        "cl",
        "nvcc",
        "hipcc",
        "swig",
        "cython",
        "xcrun",
        "sw_vers",
        "uname",
        "ldconfig",
        "which",
        "where",
        "brew",
        "pg_config",
        "mysql_config",
        "mariadb_config",
        "llvm-config",
        "rustc",
        "cargo",
        "gfortran",
        "icu-config",
        "xml2-config",
        "xslt-config",
        "curl-config",
        "net-snmp-config",
        "sdl2-config",
        "freetype-config",
        "gdal-config",
        "geos-config",
        "nproc",
        "getconf",
        "sysctl",
        "lscpu",
        "autoreconf",
        "autoconf",
        "./configure",
        "configure",
        "python",
        "python3",
        "python2",
        "sh",
        "bash",
        "ar",
        "ranlib",
        "strip",
        "install_name_tool",
        "otool",
        "lipo",
        "codesign",
        "patchelf",
        "ldd",
        "lsb_release",
        "dpkg-architecture",
        "npm",
        "node",
        "yarn",
        "tsc",
        "protoc",
        "flex",
        "bison",
        "m4",
        "perl",
        "msgfmt",
        "sphinx-build",
        "doxygen",
        "cp",
        "mkdir",
        "rm",
        "ln",
        "touch",
        "echo",
        "true",
    ]
)
"""Commands a build legitimately runs at install time; anything else is reported."""
