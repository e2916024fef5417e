"""Problems found in editors' files, reported together as `path:line: 메시지 (field)`."""

from __future__ import annotations

from dataclasses import dataclass, field

from .values import shown, visible


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    path: str  # repository-relative, forward slashes
    line: int
    message: str  # Korean, says what is wrong and what to do
    field: str = ""  # dotted field path, e.g. "contact.phone" or "sessions[1].end"

    def __str__(self) -> str:
        # visible(): a value quoted in a message can never start a second `path:line:` line
        suffix = f" ({visible(self.field)})" if self.field else ""
        return f"{visible(self.path)}:{self.line}: {visible(self.message)}{suffix}"


@dataclass(slots=True)
class Problems:
    """Collects problems from every stage so that one run reports all of them."""

    items: list[Problem] = field(default_factory=list)

    def add(self, path: str, line: int, message: str, field: str = "") -> None:
        self.items.append(Problem(path, max(int(line or 1), 1), message, field))

    def extend(self, other: Problems | list[Problem]) -> None:
        self.items.extend(other.items if isinstance(other, Problems) else other)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def sorted(self) -> list[Problem]:
        return sorted(set(self.items))

    def report(self) -> str:
        lines = [str(p) for p in self.sorted()]
        lines.append(f"문제 {len(lines)}건을 찾았습니다. 위 파일과 줄을 고친 뒤 다시 확인하세요.")
        return "\n".join(lines)


def field_path(parts: tuple[object, ...] | list[object]) -> str:
    """("sessions", 1, "end") -> "sessions[2].end" (1-based, as editors count)."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            name = shown(part, 40)
            out += f".{name}" if out else name
    return out
