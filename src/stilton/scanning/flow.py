"""Label-based data flow over one module's AST: where data comes from, and where it goes.

Every value carries a set of labels: where it came from (`blob` for an embedded literal,
`network`, `secret:ssh`, `env-dump`, `sysinfo`, ...), what was done to it (`decoded:base64`,
`decoded:reversed`, ...) and, for objects, what it is (`obj:socket`). Labels flow through
assignments, containers, f-strings and calls; a call whose arguments carry a dangerous
combination (decoded blob -> exec, network data -> exec, ssh key -> HTTP POST) becomes an `Event`.

The analysis is flow-insensitive inside a scope (assignments add labels, they never remove
them) and interprocedural only inside one module, through function summaries: which labels a
function returns, and which of its parameters reach which sinks. It never runs anything.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from typing import Any

from stilton.scanning.calls import CallAnalysis
from stilton.scanning.facts import EMPTY, MAIN_SCOPE, MODULE_SCOPE, Labels, ModuleFacts, Scope
from stilton.scanning.patterns import literal_labels
from stilton.scanning.resolver import NameResolver
from stilton.scanning.signals import mentions_anything, source_words

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)


def analyze_module(
    tree: ast.Module, text: str, path: str, *, max_inline_depth: int = 2
) -> ModuleFacts:
    """Run the flow analysis over a parsed module."""
    facts = ModuleFacts(path=path)
    analysis = _Evaluator(tree, text.splitlines(), facts, max_inline_depth)
    analysis.run()
    return facts


class _Evaluator(CallAnalysis):
    def __init__(
        self, tree: ast.Module, lines: list[str], facts: ModuleFacts, max_inline_depth: int
    ) -> None:
        super().__init__(NameResolver(tree), lines, facts)
        self.tree = tree
        self.max_inline_depth = max_inline_depth
        self.inline_depth = 0
        self.class_attrs: dict[str, dict[str, Labels]] = {}
        self.declared_globals: set[str] = set()
        self.bodies: dict[str, tuple[ast.AST, list[ast.stmt] | ast.expr]] = {}
        facts.imported = self.resolver.imported
        self.statement_handlers = self._statement_handlers()
        self.expression_handlers = self._expression_handlers()

    # -- driving ------------------------------------------------------------------------

    def run(self) -> None:
        self.facts.scopes[MODULE_SCOPE] = Scope(MODULE_SCOPE)
        self._collect(self.tree.body, None)
        self._prune()
        for sweeps in ((False,), (True,)):
            self._scope(MODULE_SCOPE, self.tree.body, sweeps)
            for name, (_, body) in self.bodies.items():
                self._scope(name, body, sweeps)

    def _collect(self, body: list[ast.stmt], class_name: str | None) -> None:
        """Register every function, method and named lambda, recursively."""
        for node in _walk_statements(body):
            if isinstance(node, _FUNCTIONS):
                self._register(node.name, node, node.args, node.body, class_name)
            elif isinstance(node, ast.ClassDef):
                self._class(node)
            elif (
                isinstance(node, ast.Assign)
                and isinstance(node.value, ast.Lambda)
                and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
            ):
                lam = node.value
                self._register(node.targets[0].id, lam, lam.args, lam.body, class_name)

    def _class(self, node: ast.ClassDef) -> None:
        bases = [self.resolver.resolve(base) or "" for base in node.bases]
        if any(_is_command_base(base) for base in bases):
            self.facts.commands.add(node.name)
        self.class_attrs.setdefault(node.name, {})
        methods = [
            f"{node.name}.{child.name}" for child in node.body if isinstance(child, _FUNCTIONS)
        ]
        self.facts.classes[node.name] = tuple(methods)
        self._collect(node.body, node.name)

    def _register(
        self,
        name: str,
        node: ast.AST,
        args: ast.arguments,
        body: list[ast.stmt] | ast.expr,
        class_name: str | None,
    ) -> None:
        qualified = f"{class_name}.{name}" if class_name else name
        if qualified in self.facts.scopes:
            qualified = f"{qualified}@{getattr(node, 'lineno', 0)}"
        params = tuple(arg.arg for arg in (*args.posonlyargs, *args.args, *args.kwonlyargs))
        scope = Scope(qualified, params=params, class_name=class_name)
        self.facts.scopes[qualified] = scope
        self.functions.setdefault(name, []).append(qualified)
        self.bodies[qualified] = (node, body)

    def _prune(self) -> None:
        """Drop the bodies of functions that cannot matter: they mention no word of any
        signal class and call no function that does. They pass their arguments through."""
        words: dict[str, frozenset[bytes]] = {}
        relevant: set[str] = set()
        for qualified, (node, _) in self.bodies.items():
            start = getattr(node, "lineno", 1) - 1
            end = getattr(node, "end_lineno", None) or len(self.lines)
            text = "\n".join(self.lines[start:end])
            words[qualified] = source_words(text)
            if mentions_anything(text, words[qualified]):
                relevant.add(qualified)
        changed = True
        while changed:
            names = {q.rsplit(".", 1)[-1].split("@", 1)[0].encode() for q in relevant}
            names |= {
                c.encode() for c, methods in self.facts.classes.items() if relevant & set(methods)
            }
            grown = {q for q, w in words.items() if q not in relevant and not w.isdisjoint(names)}
            changed = bool(grown)
            relevant |= grown
        for qualified in list(self.bodies):
            if qualified not in relevant:
                del self.bodies[qualified]
                scope = self.facts.scopes[qualified]
                scope.returns = frozenset(f"param:{param}" for param in scope.params)

    def _scope(self, name: str, body: list[ast.stmt] | ast.expr, sweeps: tuple[bool, ...]) -> None:
        """Evaluate a scope once per sweep, keeping its variables between sweeps so that
        values assigned late in a loop reach uses early in it; events only when emitting."""
        scope = self.facts.scopes[name]
        self.scope = scope
        seed = self.seeds.get(name, EMPTY)
        self.env = {param: seed | {f"param:{param}"} for param in scope.params}
        self.declared_globals = set()
        for emitting in sweeps:
            self.emitting = emitting
            if isinstance(body, ast.expr):
                scope.returns |= self.expr(body)
                continue
            for statement in body:
                self.stmt(statement)

    # -- statements ---------------------------------------------------------------------

    def stmt(self, node: ast.stmt) -> None:
        if isinstance(node, (*_FUNCTIONS, ast.ClassDef)):
            for decorator in node.decorator_list:
                self.expr(decorator)
            if isinstance(node, ast.ClassDef):
                self._class_body(node)
            return
        if (
            isinstance(node, ast.If)
            and _is_main_guard(node.test)
            and self.scope.name == MODULE_SCOPE
        ):
            self._main_block(node)
            return
        handler = self.statement_handlers.get(type(node))
        if handler is not None:
            handler(node)
            return
        self._children(node)

    def _main_block(self, node: ast.If) -> None:
        """`if __name__ == "__main__":` runs when the file is run, not when it is imported."""
        module = self.scope
        self.scope = self.facts.scopes.setdefault(MAIN_SCOPE, Scope(MAIN_SCOPE))
        try:
            for statement in node.body:
                self.stmt(statement)
        finally:
            self.scope = module
        for statement in node.orelse:
            self.stmt(statement)

    def _children(self, node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.stmt):
                self.stmt(child)
            elif isinstance(child, ast.expr):
                self.expr(child)
            elif isinstance(child, (ast.excepthandler, ast.match_case)):
                self._children(child)

    def _statement_handlers(self) -> dict[type[ast.AST], Callable[[Any], None]]:
        return {
            ast.Assign: self._assign,
            ast.AnnAssign: self._ann_assign,
            ast.AugAssign: self._aug_assign,
            ast.For: self._for,
            ast.AsyncFor: self._for,
            ast.With: self._with,
            ast.AsyncWith: self._with,
            ast.Return: self._return,
            ast.Expr: self._expression_statement,
            ast.Global: self._global,
        }

    def _class_body(self, node: ast.ClassDef) -> None:
        attrs = self.class_attrs.setdefault(node.name, {})
        for child in node.body:
            if isinstance(child, ast.Assign):
                labels = self.expr(child.value)
                for target in child.targets:
                    if isinstance(target, ast.Name):
                        attrs[target.id] = attrs.get(target.id, EMPTY) | labels
            elif isinstance(child, ast.Expr):
                self.expr(child.value)

    def _assign(self, node: ast.Assign) -> None:
        labels = self.expr(node.value)
        for target in node.targets:
            self.bind(target, labels, node.value)

    def _ann_assign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self.bind(node.target, self.expr(node.value), node.value)

    def _aug_assign(self, node: ast.AugAssign) -> None:
        self.bind(node.target, self.expr(node.value) | self.expr(node.target), node.value)

    def _for(self, node: ast.For | ast.AsyncFor) -> None:
        self.rebind(node.target, self.expr(node.iter), node.iter)
        for statement in (*node.body, *node.orelse):
            self.stmt(statement)

    def _with(self, node: ast.With | ast.AsyncWith) -> None:
        for item in node.items:
            labels = self.expr(item.context_expr)
            if item.optional_vars is not None:
                self.rebind(item.optional_vars, labels, item.context_expr)
        for statement in node.body:
            self.stmt(statement)

    def _expression_statement(self, node: ast.Expr) -> None:
        if not isinstance(node.value, ast.Constant):  # docstrings carry nothing anywhere
            self.expr(node.value)

    def _return(self, node: ast.Return) -> None:
        if node.value is not None:
            self.scope.returns |= self.expr(node.value)

    def _global(self, node: ast.Global) -> None:
        self.declared_globals.update(node.names)

    def bind(self, target: ast.expr, labels: Labels, value: ast.expr | None = None) -> None:
        if isinstance(target, ast.Name):
            self.set_name(target.id, labels)
            self.note_writer(target.id, value)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                self.bind(element, labels)
        elif isinstance(target, ast.Starred):
            self.bind(target.value, labels)
        elif isinstance(target, (ast.Attribute, ast.Subscript)):
            self.taint_container(target, labels)

    def rebind(self, target: ast.expr, labels: Labels, value: ast.expr | None) -> None:
        """`with ... as f` and `for x in ...` start a fresh binding: names reused for another
        file or loop keep nothing of what they held before (assignments, by contrast, add)."""
        if isinstance(target, ast.Name):
            if self.scope.name == MODULE_SCOPE or target.id in self.declared_globals:
                self.globals[target.id] = EMPTY
            else:
                self.env[target.id] = EMPTY
            self.writers.pop(target.id, None)
        self.bind(target, labels, value)

    def set_name(self, name: str, labels: Labels) -> None:
        if self.scope.name == MODULE_SCOPE or name in self.declared_globals:
            self.globals[name] = self.globals.get(name, EMPTY) | labels
            if self.scope.name == MODULE_SCOPE:
                return
        self.env[name] = self.env.get(name, EMPTY) | labels

    def taint_container(self, node: ast.expr, labels: Labels) -> None:
        """`x.attr = v`, `x[k] = v`, `x.append(v)`: `x` now holds what `v` holds."""
        labels = frozenset(label for label in labels if not label.startswith("obj:"))
        if not labels:
            return
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in ("self", "cls")
            and self.scope.class_name
        ):
            attrs = self.class_attrs.setdefault(self.scope.class_name, {})
            attrs[node.attr] = attrs.get(node.attr, EMPTY) | labels
            return
        if isinstance(node, ast.Name):
            if node.id in self.resolver.aliases:
                return  # a module (`sys.stdout = ...`), not a container
            if node.id in self.env or self.scope.name == MODULE_SCOPE:
                self.set_name(node.id, labels)
            elif node.id in self.globals:
                self.globals[node.id] = self.globals[node.id] | labels
            else:
                self.env[node.id] = labels
        elif isinstance(node, (ast.Attribute, ast.Subscript)):
            self.taint_container(node.value, labels)

    # -- expressions --------------------------------------------------------------------

    def expr(self, node: ast.expr) -> Labels:
        handler = self.expression_handlers.get(type(node))
        if handler is not None:
            return handler(node)
        return self._union(*(c for c in ast.iter_child_nodes(node) if isinstance(c, ast.expr)))

    def _expression_handlers(self) -> dict[type[ast.AST], Callable[[Any], Labels]]:
        sequence, comprehension = self._sequence, self._comprehension
        return {
            ast.Constant: lambda node: _constant(node.value),
            ast.Name: self._name,
            ast.Attribute: self._attribute,
            ast.Call: self.call,
            ast.Subscript: self._subscript,
            ast.BinOp: self._binop,
            ast.List: sequence,
            ast.Tuple: sequence,
            ast.Set: sequence,
            ast.Dict: self._dict,
            ast.ListComp: comprehension,
            ast.SetComp: comprehension,
            ast.GeneratorExp: comprehension,
            ast.DictComp: comprehension,
            ast.Lambda: lambda node: EMPTY,
            ast.JoinedStr: self._fstring,
            ast.NamedExpr: self._named,
        }

    def _name(self, node: ast.Name) -> Labels:
        return self.env.get(node.id, EMPTY) | self.globals.get(node.id, EMPTY)

    def _dict(self, node: ast.Dict) -> Labels:
        return self._union(*(key for key in node.keys if key is not None), *node.values)

    def _named(self, node: ast.NamedExpr) -> Labels:
        labels = self.expr(node.value)
        self.bind(node.target, labels, node.value)
        return labels

    def _union(self, *nodes: ast.expr) -> Labels:
        labels = EMPTY
        for node in nodes:
            labels |= self.expr(node)
        return labels

    def _attribute(self, node: ast.Attribute) -> Labels:
        if isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"):
            attrs = self.class_attrs.get(self.scope.class_name or "", {})
            return attrs.get(node.attr, EMPTY)
        name = self.resolver.resolve(node)
        if name == "os.environ":
            return frozenset({"env-dump"})
        return self.expr(node.value)

    def _subscript(self, node: ast.Subscript) -> Labels:
        base = self.resolver.resolve(node.value)
        if base == "os.environ":
            return self.env_value(node.slice)
        labels = self.expr(node.value)
        if (
            isinstance(node.slice, ast.Slice)
            and _is_minus_one(node.slice.step)
            and (labels & {"blob", "split-literal"} or isinstance(node.value, ast.Constant))
        ):
            labels |= {"decoded:reversed", "blob"}
        return labels

    def _binop(self, node: ast.BinOp) -> Labels:
        left, right = self.expr(node.left), self.expr(node.right)
        labels = left | right
        embedded = all(
            "blob" in side or _is_text(operand)
            for side, operand in ((left, node.left), (right, node.right))
        )
        if "blob" in labels and not embedded:
            labels -= {"blob"}  # a literal template around other data is not embedded data
        if isinstance(node.op, ast.BitXor):
            labels |= {"xor"}
        if isinstance(node.op, ast.Add) and _is_text(node.left) and _is_text(node.right):
            labels |= {"split-literal"}
        return labels

    def _fstring(self, node: ast.JoinedStr) -> Labels:
        labels = EMPTY
        embedded = True
        for value in node.values:
            if isinstance(value, ast.FormattedValue):
                part = self.expr(value.value)
                embedded = embedded and "blob" in part
                labels |= part
            else:
                labels |= self.expr(value)
        return labels if embedded else labels - {"blob"}

    def _sequence(self, node: ast.List | ast.Tuple | ast.Set) -> Labels:
        elements = node.elts
        if len(elements) >= 8 and all(
            isinstance(e, ast.Constant) and type(e.value) is int for e in elements
        ):
            return frozenset({"int-list", "blob"})
        return self._union(*elements)

    def _comprehension(
        self, node: ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp
    ) -> Labels:
        labels = EMPTY
        for generator in node.generators:
            iterated = self.expr(generator.iter)
            self.bind(generator.target, iterated)
            labels |= iterated
            for condition in generator.ifs:
                self.expr(condition)
        if isinstance(node, ast.DictComp):
            return labels | self.expr(node.key) | self.expr(node.value)
        return labels | self.expr(node.elt)

    # -- inline code ----------------------------------------------------------------------

    def inline(self, code: str, node: ast.AST) -> bool:
        """Analyse code given to `exec` or `python -c` as a literal, in the current scope;
        False if it was not analysed (too deep, too long, not Python)."""
        if self.inline_depth >= self.max_inline_depth or len(code) > 65536:
            return False
        try:
            tree = ast.parse(code)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return False
        saved_resolver, saved_line = self.resolver, self.line_override
        inner = NameResolver(tree)
        inner.aliases = {**self.resolver.aliases, **inner.aliases}
        self.resolver = inner
        self.line_override = self.line_override or getattr(node, "lineno", None)
        self.inline_depth += 1
        try:
            for statement in tree.body:
                self.stmt(statement)
        finally:
            self.inline_depth -= 1
            self.resolver, self.line_override = saved_resolver, saved_line
        return True


def _walk_statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Statements in `body` and in nested blocks, but not inside function or class bodies."""
    stack = list(reversed(body))
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, (*_FUNCTIONS, ast.ClassDef)):
            if isinstance(node, _FUNCTIONS):
                yield from _nested_functions(node)
            continue
        for field_name in ("body", "orelse", "finalbody", "handlers", "cases"):
            children = getattr(node, field_name, None)
            if isinstance(children, list):
                stack.extend(reversed([c for c in children if isinstance(c, ast.stmt)]))
            if field_name in ("handlers", "cases") and isinstance(children, list):
                for child in children:
                    stack.extend(reversed(getattr(child, "body", [])))


def _nested_functions(node: ast.FunctionDef | ast.AsyncFunctionDef) -> Iterator[ast.stmt]:
    for child in _walk_statements(node.body):
        if isinstance(child, (*_FUNCTIONS, ast.ClassDef)):
            yield child


def _is_main_guard(test: ast.expr) -> bool:
    return (
        isinstance(test, ast.Compare)
        and isinstance(test.left, ast.Name)
        and test.left.id == "__name__"
        and len(test.comparators) == 1
        and isinstance(test.comparators[0], ast.Constant)
        and test.comparators[0].value == "__main__"
    )


def _constant(value: object) -> Labels:
    if isinstance(value, str):
        return literal_labels(value)
    if isinstance(value, bytes):
        return literal_labels(value[:4096].decode("latin-1"))
    return EMPTY


def _is_minus_one(node: ast.expr | None) -> bool:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return isinstance(node.operand, ast.Constant) and node.operand.value == 1
    return isinstance(node, ast.Constant) and node.value == -1


def _is_text(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str | bytes)
    return isinstance(node, ast.BinOp) and _is_text(node.left) and _is_text(node.right)


def _is_command_base(base: str) -> bool:
    tail = base.rsplit(".", 1)[-1]
    if base.startswith(("setuptools.command", "distutils.command", "setuptools.Command")):
        return True
    from stilton.scanning.apis import SETUP_COMMAND_BASES

    return tail in SETUP_COMMAND_BASES and ("." in base or tail != "build")
