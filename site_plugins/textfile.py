"""Reading editors' text files: UTF-8 only, with a clear Korean answer for anything else."""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass

MAX_BYTES = 512 * 1024  # a record or page larger than this is almost certainly a mistake

# C0 controls other than tab/newline/carriage return, DEL and the C1 block: these arrive
# from word processors and PDF copy-paste and are invisible in every editor. Also the
# zero-width space, word joiner and a BOM inside the text (an id with one never matches)
# and the bidirectional controls (they reorder what a reviewer sees). The zero-width
# joiner (U+200D) and non-joiner stay allowed: emoji sequences are made of them.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")


@dataclass(frozen=True, slots=True)
class TextProblem:
    line: int
    message: str


def _too_large(size: int) -> TextProblem:
    return TextProblem(1, f"파일이 너무 큽니다({size:,}바이트, 최대 {MAX_BYTES:,}바이트). 내용을 나누거나 이미지 등은 따로 올리세요.")


def decode(raw: bytes) -> tuple[str | None, list[TextProblem]]:
    """Bytes to NFC text with LF newlines, or None and the reason.

    A UTF-8 BOM and CRLF/CR line ends are accepted (editors on Windows write them);
    every other encoding is rejected rather than guessed, because a wrong guess
    would publish garbled Hangul.
    """
    if len(raw) > MAX_BYTES:
        return None, [_too_large(len(raw))]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [TextProblem(1, "파일이 UTF-16으로 저장되어 있습니다. 편집기에서 인코딩을 'UTF-8'로 바꿔 다시 저장하세요.")]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        hint = ""
        try:
            raw.decode("cp949")
            hint = " CP949(EUC-KR)로 저장된 것 같습니다."
        except UnicodeDecodeError:
            pass
        return None, [TextProblem(line, f"파일이 UTF-8이 아닙니다.{hint} 편집기(메모장, VS Code 등)에서 인코딩을 'UTF-8'로 바꿔 다시 저장하세요.")]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    problems = [
        TextProblem(text.count("\n", 0, m.start()) + 1, f"보이지 않는 제어 문자(U+{ord(m.group()):04X})가 있습니다. 워드프로세서에서 붙여 넣을 때 흔히 들어갑니다. 그 글자를 지우고 다시 입력하세요.")
        for m in _CONTROL.finditer(text)
    ]
    if problems:
        return None, problems
    return unicodedata.normalize("NFC", text), []


def read(path: "os.PathLike[str] | str") -> tuple[str | None, list[TextProblem]]:
    """`decode` of a file's bytes; a file that cannot be opened is a problem, not a crash."""
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_BYTES:  # not read at all: a stray video must not fill the memory
                return None, [_too_large(size)]
            raw = handle.read()
    except OSError as exc:
        return None, [TextProblem(1, f"파일을 읽을 수 없습니다({exc.strerror or type(exc).__name__}). 파일 권한이나 이름을 확인하세요.")]
    return decode(raw)
