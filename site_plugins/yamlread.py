"""A strict YAML reader on top of PyYAML.

PyYAML implements YAML 1.1, whose implicit typing bites editors: `06236` becomes
3230 (octal), `18:30` becomes 1110 (base 60), `no` becomes False, dates become
date objects, and a repeated key silently keeps the last value. This reader
resolves plain scalars the way YAML 1.2's core schema does, minus its numeric
traps: only `true`/`false`, `null`/`~`/empty, decimal integers without leading
zeros and plain decimals are typed; everything else, dates included, stays the
string the editor wrote, and the schema decides what it must be.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

# libyaml's parser (shipped in PyYAML's wheels) is ten times faster than the pure
# Python one; the resolving and constructing below are ours either way.
from yaml.cyaml import CParser as _Parser

from .particles import quoted
from .values import KEY, Suspect, visible


class _StrictResolver(yaml.resolver.BaseResolver):
    """libyaml calls these three for every node (a million at 30,000 records).

    No path resolvers are registered and the implicit ones are all keyed by first
    character, so PyYAML's generic bookkeeping is skipped.
    """

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in self.yaml_implicit_resolvers.get(value[:1], ()):
                    if regexp.match(value):
                        return tag
            return self.DEFAULT_SCALAR_TAG
        return self.DEFAULT_SEQUENCE_TAG if kind is yaml.SequenceNode else self.DEFAULT_MAPPING_TAG


_StrictResolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_StrictResolver.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789")
)
_StrictResolver.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:0|[1-9][0-9]*)\.[0-9]+(?:[eE][-+]?[0-9]+)?$"),
    list("-+0123456789"),
)
_StrictResolver.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)


@dataclass(frozen=True, slots=True)
class DuplicateKey:
    key: str
    line: int
    first_line: int


class StrictLoader(_Parser, _StrictResolver):  # type: ignore[misc]
    """libyaml composes the node tree; `_Builder` turns nodes into plain values."""

    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        _StrictResolver.__init__(self)


_TAG = "tag:yaml.org,2002:"


class UnknownTag(Exception):
    def __init__(self, tag: str, line: int) -> None:
        super().__init__(tag)
        self.tag, self.line = tag, line


class Reused(Exception):
    """A node reached a second time: through an alias (`*name`), possibly to itself."""

    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


class _Builder:
    """Plain dicts, lists and scalars from a composed node tree.

    Lean on purpose: at 30,000 records PyYAML's generic constructor costs more
    than parsing. A node reached twice (an alias) stops the build at once: ten
    nested aliases of ten would make 10^10 values for the validator to walk.
    Duplicate and non-text keys are recorded rather than silently merged, and any
    explicit tag other than the plain scalar ones is refused.
    """

    def __init__(self) -> None:
        self.seen: set[int] = set()
        self.duplicates: list[DuplicateKey] = []
        self.bad_keys: list[tuple[str, int]] = []
        self.suspects: list[Suspect] = []
        self.path: list[object] = []

    def build(self, node: yaml.Node) -> Any:
        key = id(node)
        if key in self.seen:
            raise Reused(node.start_mark.line + 1)
        self.seen.add(key)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        path = self.path  # where we are, for suspects only: a stack, so no tuple per node
        if isinstance(node, yaml.MappingNode):
            if node.tag != _TAG + "map":
                raise UnknownTag(node.tag, node.start_mark.line + 1)
            value: Any = {}
            lines: dict[str, int] = {}
            for key_node, value_node in node.value:
                line = key_node.start_mark.line + 1
                if isinstance(key_node, yaml.ScalarNode):
                    path.append(KEY)
                    name = self.build(key_node)
                    path.pop()
                else:
                    name = None
                if not isinstance(name, str):
                    self.bad_keys.append((visible(str(name if name is not None else "?")), line))
                    name = str(name)
                if name in lines:
                    self.duplicates.append(DuplicateKey(visible(name), line, lines[name]))
                    continue  # keep the first value; the duplicate fails the file anyway
                lines[name] = line
                path.append(name)
                value[name] = self.build(value_node)
                path.pop()
            return value
        if node.tag != _TAG + "seq":
            raise UnknownTag(node.tag, node.start_mark.line + 1)
        items = []
        for index, item in enumerate(node.value):
            path.append(index)
            items.append(self.build(item))
            path.pop()
        return items

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        tag, text = node.tag, node.value
        if tag == _TAG + "str":
            # isprintable() is False for every character values.py refuses (and for a
            # few it allows, such as the emoji joiner): a fast first sieve
            if "<" in text or not text.isprintable():
                # judged later, by the one boundary that knows which fields may span
                # lines; a key's path ends in KEY (pushed before the key is built)
                line = node.start_mark.line + 1 + (1 if node.style in ("|", ">") else 0)
                self.suspects.append(Suspect(tuple(self.path), text, line))
            return text
        if tag == _TAG + "int":
            return int(text)
        if tag == _TAG + "float":
            return float(text)
        if tag == _TAG + "bool":
            return text in ("true", "True", "TRUE")
        if tag == _TAG + "null":
            return None
        raise UnknownTag(tag, node.start_mark.line + 1)


@dataclass(slots=True)
class YamlDocument:
    """Parsed data plus the node tree, so a field can be traced back to its line."""

    data: Any
    root: yaml.Node | None
    line_offset: int = 0  # lines before the YAML starts (front matter: the opening ---)
    text: str = ""  # the YAML source
    suspects: tuple[Suspect, ...] = ()  # strings for values.check_document

    def text_line(self, path: tuple[object, ...] | list[object]) -> int:
        """Line where the text of a string field starts (after `|` or `>` for block scalars)."""
        node = self._node_at(path)
        if node is None:
            return self.line_of(path)
        block = isinstance(node, yaml.ScalarNode) and node.style in ("|", ">")
        return node.start_mark.line + 1 + (1 if block else 0) + self.line_offset

    def _node_at(self, path: tuple[object, ...] | list[object]) -> yaml.Node | None:
        node = self.root
        for part in path:
            if isinstance(node, yaml.MappingNode):
                node = next((v for k, v in node.value if k.value == part), None)
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
                node = node.value[part]
            else:
                return None
            if node is None:
                return None
        return node

    def line_of(self, path: tuple[object, ...] | list[object]) -> int:
        """Line (1-based) of the deepest node that exists along `path`."""
        node = self.root
        if node is None:
            return 1 + self.line_offset
        line = node.start_mark.line + 1
        for part in path:
            found = None
            if isinstance(node, yaml.MappingNode):
                for key_node, value_node in node.value:
                    if key_node.value == part:
                        found = value_node
                        line = key_node.start_mark.line + 1
                        break
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
                found = node.value[part]
                line = found.start_mark.line + 1
            if found is None:
                break
            node = found
        return line + self.line_offset


@dataclass(frozen=True, slots=True)
class YamlError:
    line: int
    message: str


_TAB_MESSAGE = "들여쓰기에 탭 문자가 있습니다. YAML은 공백(스페이스)으로만 들여 씁니다."


def _describe(exc: yaml.MarkedYAMLError, line_text: str) -> str:
    problem = (exc.problem or "").strip()
    context = (exc.context or "").strip()
    if "scanning a quoted scalar" in context:
        return "YAML 문법 오류: 여기서 연 따옴표가 닫히지 않았습니다. 값 끝에 같은 따옴표(\" 또는 ')를 붙이세요."
    if "flow sequence" in context or "flow mapping" in context:
        return "YAML 문법 오류: 여기서 연 괄호([ 또는 {)가 닫히지 않았습니다. 목록은 [가, 나]처럼 한 줄에 쓰고 괄호를 닫으세요."
    if "found another document" in problem:
        return "YAML 문법 오류: '---' 줄이 있어 파일이 두 문서로 나뉩니다. 한 파일에는 기록 하나만 쓰고 '---' 줄을 지우세요."
    if "\t" in line_text[: len(line_text) - len(line_text.lstrip())] or "found character '\\t'" in problem:
        return _TAB_MESSAGE
    if "could not find expected ':'" in problem or "mapping values are not allowed" in problem:
        return "YAML 문법 오류: 콜론(:)이 예상치 못한 곳에 있습니다. 값에 ': '가 들어가면 값을 큰따옴표로 감싸세요 (예: title: \"안내: 모집\")."
    if "found undefined alias" in problem:
        return "YAML 문법 오류: 정의되지 않은 별칭(*)을 썼습니다. 값이 *로 시작하면 따옴표로 감싸세요."
    if "found character that cannot start any token" in problem:
        return "YAML 문법 오류: 값이 YAML에서 특별한 문자(@, `, %, | 등)로 시작합니다. 값을 따옴표로 감싸세요."
    if "could not determine a constructor" in problem or "could not determine a constructor" in str(exc):
        return "YAML 문법 오류: 허용되지 않는 태그(!!...)를 썼습니다. 태그를 지우세요."
    if "expected <block end>" in problem or "did not find expected" in problem:
        return "YAML 문법 오류: 들여쓰기가 맞지 않거나 따옴표/괄호가 닫히지 않았습니다. 위아래 줄과 들여쓰기를 맞추세요."
    return f"YAML 문법 오류: {problem or exc}. 들여쓰기, 따옴표, 콜론(:)을 확인하세요."


def parse(text: str, *, line_offset: int = 0) -> tuple[YamlDocument | None, list[YamlError]]:
    """Parse one YAML document strictly. Never raises for any input text."""
    loader = StrictLoader(text)
    builder = _Builder()
    try:
        root = loader.get_single_node()
        data = builder.build(root) if root is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and any(word in (exc.context or "") for word in ("quoted scalar", "flow sequence", "flow mapping")):
            mark = exc.context_mark  # where the quote or bracket was opened, not the end of the file
        index = mark.line if mark else 0
        lines = text.split("\n")
        line_text = lines[index] if index < len(lines) else ""
        message = _describe(exc, line_text)
        if message == _TAB_MESSAGE:
            # the scanner stops at the first tab; the editor wants every such line at once
            tabbed = [number for number, line in enumerate(lines) if "\t" in line[: len(line) - len(line.lstrip())]]
            return None, [YamlError(number + 1 + line_offset, message) for number in sorted({index, *tabbed})]
        return None, [YamlError(index + 1 + line_offset, message)]
    except UnknownTag as exc:
        return None, [YamlError(exc.line + line_offset, f"YAML 태그 {quoted(exc.tag, '은/는')} 쓸 수 없습니다. 값 앞의 !나 !!로 시작하는 태그를 지우세요.")]
    except Reused as exc:
        return None, [YamlError(exc.line + line_offset, "YAML 별칭(&이름, *이름)은 쓸 수 없습니다. 같은 값이 또 필요하면 그 값을 다시 쓰세요.")]
    except yaml.YAMLError as exc:
        return None, [YamlError(1 + line_offset, f"YAML을 읽을 수 없습니다: {exc}")]
    except (RecursionError, ValueError, OverflowError) as exc:
        return None, [YamlError(1 + line_offset, f"YAML을 읽을 수 없습니다({type(exc).__name__}). 별칭(*)이 자기 자신을 가리키거나 너무 깊게 중첩되었는지 확인하세요.")]
    finally:
        loader.dispose()
    errors = [
        YamlError(d.line + line_offset, f"'{d.key}' 키가 두 번 나옵니다({d.first_line + line_offset}번째 줄에 이미 있음). 하나만 남기세요.")
        for d in builder.duplicates
    ]
    errors += [
        YamlError(line + line_offset, f"키 {quoted(key, '은/는')} 글자로 된 필드 이름이어야 합니다.")
        for key, line in builder.bad_keys
    ]
    errors += [YamlError(line + line_offset, message) for line, message in _comment_traps(text)]
    return YamlDocument(data, root, line_offset, text, tuple(builder.suspects)), errors


# `name: 카페 #1호점` is "카페" in YAML: everything from " #" on is a comment. A comment
# written as "# 설명" (with a space) is deliberate; "#1" glued to a word is a lost value.
_GLUED_HASH = re.compile(r"""^[^#'"]*?(?::|^\s*-)\s+[^\s#'"|>][^#'"]*\s#[^\s#]""")


def _comment_traps(text: str) -> list[tuple[int, str]]:
    if " #" not in text:
        return []
    return [
        (number, "값 안의 ' #' 뒤는 YAML에서 주석이 되어 사라집니다. 값 전체를 큰따옴표로 감싸세요 (예: name: \"카페 #1호점\").")
        for number, line in enumerate(text.split("\n"), start=1)
        if _GLUED_HASH.match(line)
    ]
