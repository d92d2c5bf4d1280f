"""What each call does to the labels of its arguments, and which calls are sinks.

`CallAnalysis` is the half of the flow analysis that knows APIs (see `apis.py`): decoders add
`decoded:*`, network fetches give `network`, `open` gives `file:<ext>`, sources give `sysinfo`
or `clipboard`; sinks (`exec`, process spawning, sending) turn dangerous combinations into
events. Statement and expression walking live in `flow.py`.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable

from stilton.scanning import apis
from stilton.scanning.facts import EMPTY, Labels, ModuleFacts
from stilton.scanning.patterns import ENV_SECRET_NAME, STRONG_SECRETS, WEAK_SECRETS
from stilton.scanning.resolver import NameResolver, last_literal, literal_str
from stilton.scanning.sinks import Recorder
from stilton.scanning.sites import (
    CODE_ORIGINS,
    HOME_VARIABLES,
    LOADERS,
    MUTATORS,
    PAYLOAD_KEYWORDS,
    PROCESS_KEYWORDS,
    SHELLS,
    WRITE_MODES,
    Site,
    bind,
    command_head,
    decoders,
    extension,
    file_labels,
    hides_dangerous_name,
    is_composite,
    local_code,
    passed_through,
    python_dash_c,
    secret_kinds,
    strip_objects,
    substitute,
)

_LOCAL_SUFFIX = re.compile(r"\.?(?:local|localdomain|lan|home|internal|localhost)?\.?", re.I)
_OWN_NAME_CALLS = frozenset({"socket.gethostname", "socket.getfqdn", "platform.node"})


class CallAnalysis(Recorder):
    def __init__(self, resolver: NameResolver, lines: list[str], facts: ModuleFacts) -> None:
        super().__init__(resolver, lines, facts)
        self.handlers = self._handlers()
        self.method_handlers = self._method_handlers()

    # -- dispatch -------------------------------------------------------------------------

    def call(self, node: ast.Call) -> Labels:
        func = node.func
        if isinstance(func, ast.Lambda):
            return self._call_lambda(func, node)
        name = self.resolver.resolve(func)
        args = [self.expr(arg) for arg in node.args]
        kwargs = {keyword.arg or "**": self.expr(keyword.value) for keyword in node.keywords}
        if isinstance(func, ast.Attribute):
            receiver = self.expr(func.value)
        elif isinstance(func, (ast.Call, ast.Subscript)):
            receiver = self.expr(func)  # `getattr(os, name)(...)`: the callee is computed
        else:
            receiver = EMPTY
        site = Site(node, name, args, kwargs, receiver)
        everything = site.everything()
        if any(label.startswith("secret:") for label in everything):
            self.use("secrets", node, ", ".join(sorted(secret_kinds(everything))))
        local = self._local_functions(func)
        if local:
            return self._apply_summaries(local, site)
        handler = self.handlers.get(name) if name else None
        if handler is not None:
            return handler(site)
        if isinstance(func, ast.Attribute):
            result = self._method(site, func)
            if result is not None:
                return result
        if isinstance(func, ast.Name) and func.id in self.facts.classes:
            self.scope.callees.add(f"class:{func.id}")
        return passed_through(site)

    def _handlers(self) -> dict[str, Callable[[Site], Labels]]:
        table: dict[str, Callable[[Site], Labels]] = {}
        groups: list[tuple[frozenset[str] | dict[str, str], Callable[[Site], Labels]]] = [
            (apis.SYSINFO_CALLS, self._source("sysinfo", "sysinfo")),
            (apis.CLIPBOARD_READS, self._source("clipboard", "clipboard")),
            (apis.CLIPBOARD_WRITES, self._source("", "clipboard")),
            (apis.SCREENSHOT_CALLS, self._source("screenshot", "screenshot")),
            (apis.KEYBOARD_HOOKS, self._source("keystrokes", "keyboard")),
            (apis.NATIVE_CALLS, self._source("", "native")),
            (apis.FS_WRITE_CALLS, self._fs_write),
            (apis.REGISTRY_WRITES, self._registry),
            (apis.ENV_GETS, self._env_get),
            (apis.FILE_OPENS, self._open),
            (apis.RESOURCE_READS, self._resource),
            (apis.PROCESS_CALLS, self._process),
            (apis.DNS_CALLS, self._dns),
            (apis.OBJECT_CONSTRUCTORS, self._construct),
            (apis.NETWORK_CALLS, self._network),
            (apis.DOWNLOAD_TO_FILE, self._network),
            (apis.IMPORT_CALLS, self._import),
            (apis.DECODERS, self._decode),
            (apis.EXEC_CALLS, self._exec),
        ]
        for names, handler in groups:
            for name in names:
                table[name] = handler
        table.update(
            {
                "getattr": self._getattr,
                "chr": self._chr,
                "map": self._map,
                "reversed": self._reversed,
                "bytes": self._bytes,
                "bytearray": self._bytes,
                "os.dup2": self._dup2,
                "codecs.encode": self._decode,
                "str.maketrans": self._translate,
            }
        )
        return table

    def _source(self, label: str, capability: str) -> Callable[[Site], Labels]:
        def handle(site: Site) -> Labels:
            self.use(capability, site.node, site.name or "")
            if capability == "keyboard":
                self._seed_callbacks(site, frozenset({"keystrokes"}))
            return frozenset({label}) if label else EMPTY

        return handle

    def _seed_callbacks(self, site: Site, labels: Labels) -> None:
        """Functions handed to a hook receive what it watches: their parameters carry it."""
        for value in (*site.node.args, *(k.value for k in site.node.keywords)):
            if isinstance(value, ast.Name):
                for qualified in self.functions.get(value.id, []):
                    self.seeds[qualified] = self.seeds.get(qualified, EMPTY) | labels

    # -- local functions --------------------------------------------------------------------

    def _local_functions(self, func: ast.expr) -> list[str]:
        if isinstance(func, ast.Name):
            if func.id in self.resolver.aliases:
                return []
            return self.functions.get(func.id, [])
        if (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id in ("self", "cls")
        ):
            candidates = self.functions.get(func.attr, [])
            own = [
                q for q in candidates if self.facts.scopes[q].class_name == self.scope.class_name
            ]
            return own or candidates
        return []

    def _apply_summaries(self, names: list[str], site: Site) -> Labels:
        result = EMPTY
        method_call = isinstance(site.node.func, ast.Attribute)
        for qualified in names:
            callee = self.facts.scopes[qualified]
            self.scope.callees.add(qualified)
            bound = bind(callee, site, skip_first=method_call or callee.class_name is not None)
            for kind, param, suspicious in tuple(callee.sinks):
                labels = bound.get(param, EMPTY)
                if labels:
                    self.check_sink(kind, labels, site.node, suspicious=suspicious)
            result |= substitute(callee.returns, bound)
        return result

    def _call_lambda(self, func: ast.Lambda, node: ast.Call) -> Labels:
        saved = dict(self.env)
        params = [arg.arg for arg in func.args.args]
        for param, arg in zip(params, node.args, strict=False):
            self.env[param] = self.expr(arg)
        try:
            return self.expr(func.body)
        finally:
            self.env = saved

    # -- handlers: code -------------------------------------------------------------------

    def _exec(self, site: Site) -> Labels:
        name = site.name or ""
        if name in LOADERS:
            self._loader(site, LOADERS[name])
        code = site.arg(0, "source", "code", "object", "path", "path_name", "location")
        if name.startswith("marshal"):
            code |= {"decoded:marshal"}
        unpickle = "pickle" in name or name.startswith("dill")
        if unpickle:
            code |= {"decoded:pickle"}
        node = site.node
        literal = literal_str(node.args[0]) if node.args else None
        if literal is not None and name in ("exec", "eval", "compile"):
            # Literal code is analysed in place: what it does is recorded, not the exec itself.
            if not self.inline(literal, node):
                self.use("exec-call", node, name)
        else:
            self.use("exec-call", node, name)
            if not local_code(code) and not (unpickle and not code & CODE_ORIGINS):
                self.use("dynamic-code", node, name)
        self.check_exec(code, node, unpickle=unpickle)
        if name in ("compile", "builtins.compile"):
            return code | {"code"}
        return frozenset({"code"}) | (code & {"decoded:marshal"})

    def _loader(self, site: Site, index: int) -> None:
        """A module loaded from a file path: code if the file is not a Python source."""
        path = site.arg_node(index, "path", "location", "pathname")
        literal = last_literal(path) if path is not None else None
        if literal and extension(path) not in (".py", ".pyw"):
            self.emit("exec-file", site.node, literal.rsplit("/", 1)[-1])

    def _import(self, site: Site) -> Labels:
        labels = site.arg(0, "name")
        if _disguised(labels):
            hidden = hides_dangerous_name(site.arg_node(0, "name"))
            if hidden != "":
                shown = f": {hidden}" if hidden else ""
                self.emit("dynamic-name", site.node, f"module name is assembled or decoded{shown}")
        return EMPTY

    def _getattr(self, site: Site) -> Labels:
        attribute = site.arg(1)
        if _disguised(attribute):
            hidden = hides_dangerous_name(site.arg_node(1))
            if hidden != "":
                shown = f": {hidden}" if hidden else ""
                self.emit(
                    "dynamic-name", site.node, f"attribute name is assembled or decoded{shown}"
                )
        return strip_objects(site.arg(0))

    def _decode(self, site: Site) -> Labels:
        data = site.arg(0, "s", "data", "obj", "string")
        if isinstance(site.arg_node(0, "s", "data", "obj", "string"), ast.Constant):
            data |= {"blob"}  # decoding a literal: data embedded in the code, however short
        name = site.name or ""
        how = apis.DECODERS.get(name, "")
        if name.startswith("codecs."):
            codec = literal_str(site.arg_node(1, "encoding"))
            if codec is None or not apis.CODEC_NAMES.match(codec):
                return data
            how = codec.lower().replace("-", "_").replace("_codec", "")
            if name == "codecs.encode" and how != "rot13":
                # Encoding (to hex, base64, ...) hides nothing; only rot13 is its own inverse.
                return data
        return data | {f"decoded:{how}"}

    def _chr(self, site: Site) -> Labels:
        return site.everything() | {"chr"}

    def _map(self, site: Site) -> Labels:
        node = site.node
        if node.args and isinstance(node.args[0], ast.Name) and node.args[0].id == "chr":
            return site.everything() | {"chr"}
        return strip_objects(site.everything())

    def _reversed(self, site: Site) -> Labels:
        labels = site.everything()
        return labels | {"decoded:reversed"} if labels & {"blob", "split-literal"} else labels

    def _bytes(self, site: Site) -> Labels:
        labels = site.everything()
        return labels | {"decoded:bytes-list"} if "int-list" in labels else labels

    def _translate(self, site: Site) -> Labels:
        return site.everything() | {"decoded:translate"}

    # -- handlers: network ------------------------------------------------------------------

    def _network(self, site: Site) -> Labels:
        url_node = site.arg_node(0, "url", "uri")
        destination = site.arg(0, "url", "uri")
        payload = self._payload(site)
        if url_node is not None and is_composite(url_node):
            payload |= destination
        if "obj:request" in destination:
            payload |= strip_objects(destination)
        self.use("network", site.node, site.name or "")
        self.check_send(payload, destination, site.node)
        if site.name in apis.DOWNLOAD_TO_FILE:
            target = site.arg_node(1, "filename", "out")
            if isinstance(target, ast.Name):
                self.set_name(target.id, frozenset({"downloaded"}))
        if site.name == "socket.create_connection":
            self.scope.flags.add("socket-connect")
            return frozenset({"obj:socket"}) | destination
        return frozenset({"network"})

    def _payload(self, site: Site) -> Labels:
        labels = EMPTY
        for value in site.args[1:]:
            labels |= value
        for keyword, value in site.kwargs.items():
            if keyword in PAYLOAD_KEYWORDS or keyword == "**":
                labels |= value
        return labels

    def _construct(self, site: Site) -> Labels:
        kind = apis.OBJECT_CONSTRUCTORS[site.name or ""]
        # Building a session, request or HTTP connection object sends nothing yet.
        quiet = kind in ("session", "request", "http")
        self.use("network-client" if quiet else "network", site.node, site.name or "")
        labels = frozenset({f"obj:{kind}"})
        if kind == "socket":
            if site.name != "socket.socket":
                self.scope.flags.add("socket-connect")
            return labels | site.everything()
        if kind in ("request", "webhook"):
            payload = self._payload(site)
            destination = site.arg(0, "url")
            if kind == "webhook":
                self.check_send(payload, destination | {"dest:webhook"}, site.node)
            return labels | payload | destination
        return labels | site.arg(0, "host", "url", "base_url")

    def _method(self, site: Site, func: ast.Attribute) -> Labels | None:
        objects = {label[4:] for label in site.receiver if label.startswith("obj:")}
        attr = func.attr
        for kind in objects:
            if attr in apis.OBJECT_SENDS.get(kind, frozenset()):
                return self._object_send(site, kind, attr)
        if objects and attr in ("recv", "recvfrom", "recv_into", "makefile"):
            return frozenset({"socket-data"})
        if "socket" in objects and attr in ("fileno", "dup", "detach"):
            return site.receiver
        if objects & {"session", "request", "http"} and attr in apis.OBJECT_RECEIVES:
            return frozenset({"network"})
        handler = self.method_handlers.get(attr)
        if handler is not None:
            return handler(site, func)
        return self._named_method(site, func)

    def _named_method(self, site: Site, func: ast.Attribute) -> Labels | None:
        """Methods recognised by name alone, whatever they are called on."""
        attr = func.attr
        if attr in apis.INJECTION_NAMES:
            self.use("injection", site.node, attr)
            self.use(f"injection:{attr}", site.node, attr)
        elif attr in apis.KEYBOARD_NAMES:
            self.use("keyboard", site.node, attr)
            return frozenset({"keystrokes"})
        elif attr in apis.DPAPI_NAMES:
            self.use("dpapi", site.node, attr)
            return strip_objects(site.everything()) | {"dpapi"}
        elif attr == "clipboard_get":
            self.use("clipboard", site.node, attr)
            return frozenset({"clipboard"})
        elif attr in ("save", "dump", "writestr", "to_csv", "to_json") and site.node.args:
            self.taint_container(
                site.node.args[0], strip_objects(site.receiver | site.everything())
            )
        elif attr in MUTATORS:
            self.taint_container(func.value, site.everything())
            if attr == "write" and isinstance(func.value, ast.Name):
                self._write(func.value.id, site)
        return None

    def _object_send(self, site: Site, kind: str, attr: str) -> Labels:
        node = site.node
        self.use("network", node, f"{kind}.{attr}")
        if kind == "socket" and attr in ("connect", "connect_ex"):
            self.scope.flags.add("socket-connect")
            self.taint_container(node.func.value, site.everything())  # type: ignore[attr-defined]
            return EMPTY
        if kind in ("socket", "mail", "webhook", "http"):
            self.check_send(site.everything(), site.receiver, node)
            return EMPTY
        destination = site.arg(0, "url")
        payload = self._payload(site) | (site.receiver - {"obj:session", "obj:request"})
        url_node = site.arg_node(0, "url")
        if url_node is not None and is_composite(url_node):
            payload |= destination
        self.check_send(payload, destination | site.receiver, node)
        return frozenset({"network"})

    def _dns(self, site: Site) -> Labels:
        self.use("network", site.node, "dns lookup")
        host = site.arg_node(0, "host", "qname")
        labels = site.arg(0, "host", "qname")
        secrets = labels & (STRONG_SECRETS | WEAK_SECRETS) | secret_kinds(labels)
        if host is not None and self._own_name(host):
            return EMPTY  # the machine resolving its own name (`gethostname() + ".local"`)
        if host is not None and is_composite(host) and secrets:
            self.emit("exfil", site.node, "collected data sent in a DNS name", secrets | {"dns"})
        if host is not None and is_composite(host):
            self.note_param_sinks("dns", labels)
        return labels & {"sysinfo"}

    def _own_name(self, node: ast.expr) -> bool:
        """The local host's name, alone or with a local suffix: no outside domain to reach."""
        if isinstance(node, ast.Constant):
            return isinstance(node.value, str) and bool(_LOCAL_SUFFIX.fullmatch(node.value))
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return self._own_name(node.left) and self._own_name(node.right)
        if isinstance(node, ast.JoinedStr):
            return all(self._own_name(value) for value in node.values)
        if isinstance(node, ast.FormattedValue):
            return self._own_name(node.value)
        if isinstance(node, ast.Call) and not node.args:
            return self.resolver.resolve(node.func) in _OWN_NAME_CALLS
        return False

    def _dup2(self, site: Site) -> Labels:
        if "obj:socket" in site.arg(0):
            self.scope.flags.add("socket-dup")
            self._reverse_shell_check(site.node)
        return EMPTY

    def _reverse_shell_check(self, node: ast.AST) -> None:
        flags = self.scope.flags
        if "socket-dup" in flags and "shell-spawn" in flags:
            self.emit("reverse-shell", node, "a socket is duplicated onto stdin/stdout of a shell")

    # -- handlers: processes and files --------------------------------------------------------

    def _process(self, site: Site) -> Labels:
        node = site.node
        labels = EMPTY
        for value in site.args:
            labels |= value
        for keyword, value in site.kwargs.items():
            if keyword in PROCESS_KEYWORDS:
                labels |= value
        head = command_head(node)
        self.use("process", node, head)
        if head not in apis.BUILD_TOOLS:
            self.use("process-unusual", node, head)
        if site.name == "pty.spawn" or head in SHELLS:
            self.scope.flags.add("shell-spawn")
            self._reverse_shell_check(node)
        self.check_process(labels, node)
        code = python_dash_c(node)
        if code is not None:
            self.inline(code, node)
        return EMPTY

    def _open(self, site: Site) -> Labels:
        path = site.arg(0, "file")
        mode_node = site.arg_node(1, "mode")
        mode = literal_str(mode_node) if mode_node is not None else "r"
        if mode is None or WRITE_MODES & set(mode):
            self.use("fs-write", site.node)
            if "path:home" in path:
                self.use("fs-write-home", site.node)
            if "persistence" in path:
                self.emit("persistence", site.node, "a file that runs at login is written")
            return path | {"obj:writer"}
        return path | file_labels(site.arg_node(0, "file"))

    def _resource(self, site: Site) -> Labels:
        return site.everything() | file_labels(site.arg_node(1, "resource"))

    def _write(self, name: str, site: Site) -> None:
        target = self.writers.get(name)
        data = site.arg(0)
        self.use("fs-write", site.node)
        if target is None:
            return
        path = self.env.get(target, EMPTY) | self.globals.get(target, EMPTY)
        if "persistence" in path and data & {"shell-download", "reverse-shell"}:
            self.emit(
                "download-exec",
                site.node,
                "a download-and-run command is written to a start-up file",
            )
        if data & {"network", "socket-data"}:
            self.set_name(target, frozenset({"downloaded"}))
        if decoders(data) and data & {"blob", "int-list"}:
            self.use("drop", site.node, "decoded data written to a file")
            self.set_name(target, frozenset({"dropped"}))

    def _fs_write(self, site: Site) -> Labels:
        self.use("fs-write", site.node, site.name or "")
        if "path:home" in site.everything():
            self.use("fs-write-home", site.node, site.name or "")
        if site.name in apis.FS_COPY_CALLS:
            destination = site.arg_node(1, "dst")
            if "persistence" in site.arg(1, "dst"):
                self.emit("persistence", site.node, "a file is copied where it runs at login")
            if isinstance(destination, ast.Name):
                self.set_name(destination.id, strip_objects(site.arg(0, "src")))
        if site.name == "shutil.copyfileobj" and site.arg(0) & {"network", "socket-data"}:
            destination = site.arg_node(1)
            if isinstance(destination, ast.Name) and destination.id in self.writers:
                self.set_name(self.writers[destination.id], frozenset({"downloaded"}))
        return EMPTY

    def _registry(self, site: Site) -> Labels:
        self.use("registry-write", site.node, site.name or "")
        if "persistence" in site.everything():
            self.emit("persistence", site.node, "a Run registry key is set")
        return EMPTY

    def _env_get(self, site: Site) -> Labels:
        return self.env_value(site.arg_node(0, "key"))

    def env_value(self, key: ast.AST | None) -> Labels:
        """The labels of one environment variable, by its name."""
        name = literal_str(key)
        if name is None:
            labels = self.expr(key) if isinstance(key, ast.expr) else EMPTY
            return frozenset({"env-secret"}) if "env-name-secret" in labels else EMPTY
        if name.upper() in HOME_VARIABLES:
            return frozenset({"path:home"})
        if ENV_SECRET_NAME.search(name):
            return frozenset({"env-secret"})
        return EMPTY

    # -- handlers: methods by name ----------------------------------------------------------

    def _method_handlers(self) -> dict[str, Callable[[Site, ast.Attribute], Labels]]:
        return {
            "join": self._join,
            "decode": self._codec_method,
            "encode": self._codec_method,
            "translate": self._translate_method,
            "fromhex": self._fromhex,
            "read_text": self._read_method,
            "read_bytes": self._read_method,
            "write_text": self._write_method,
            "write_bytes": self._write_method,
        }

    def _join(self, site: Site, func: ast.Attribute) -> Labels:
        labels = strip_objects(site.everything())
        if not isinstance(func.value, ast.Constant):
            return labels | site.receiver
        if "xor" in labels:
            return labels | {"decoded:xor"}
        if "chr" in labels:
            return labels | {"decoded:chr-join"}
        return labels

    def _codec_method(self, site: Site, func: ast.Attribute) -> Labels:
        codec = literal_str(site.arg_node(0, "encoding"))
        receiver = strip_objects(site.receiver)
        if codec and apis.CODEC_NAMES.match(codec):
            return receiver | {f"decoded:{codec.lower().replace('-', '_')}"}
        return receiver

    def _translate_method(self, site: Site, func: ast.Attribute) -> Labels:
        return strip_objects(site.receiver | site.everything()) | {"decoded:translate"}

    def _fromhex(self, site: Site, func: ast.Attribute) -> Labels:
        return site.everything() | {"decoded:hex"}

    def _read_method(self, site: Site, func: ast.Attribute) -> Labels:
        return strip_objects(site.receiver) | file_labels(func.value)

    def _write_method(self, site: Site, func: ast.Attribute) -> Labels:
        self.use("fs-write", site.node)
        target = func.value
        if isinstance(target, ast.Call) and target.args:
            target = target.args[0]
        data = site.arg(0, "data")
        if isinstance(target, ast.Name):
            if data & {"network", "socket-data"}:
                self.set_name(target.id, frozenset({"downloaded"}))
            if decoders(data) and data & {"blob", "int-list"}:
                self.use("drop", site.node, "decoded data written to a file")
                self.set_name(target.id, frozenset({"dropped"}))
        if "persistence" in site.receiver:
            self.emit("persistence", site.node, "a file that runs at login is written")
        if "path:home" in site.receiver:
            self.use("fs-write-home", site.node)
        return EMPTY


def _disguised(labels: Labels) -> bool:
    """A name built from literals by assembling or decoding them."""
    if "split-literal" in labels:
        return True
    return bool(decoders(labels)) and bool(labels & {"blob", "int-list", "split-literal"})
