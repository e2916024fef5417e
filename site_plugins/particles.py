"""Korean particles (조사) chosen by the sound the word before them ends with.

`josa("마포구", "을/를")` is "마포구를", `josa("돌봄", "을/를")` "돌봄을",
`josa("서울", "으로/로")` "서울로" (ㄹ takes 로), `josa("'이름'", "이/가")` "'이름'이".
Pages (the `josa` and `particle` Jinja filters in `render.py`) and every `check`
message use this one function, so no page or message writes "을(를)" where the word
is known. No imports: the validator's modules use it too.

What decides the particle, read off the end of the word:

* closing quotes, ellipses, a trailing slash and a bracketed part at the end are
  skipped, as Korean writing reads them: "마감일(2026-05-01)" takes the particle of 마감일, "'name'" of name;
* a Hangul syllable by its final consonant (받침), ㄹ apart for 으로/로; a lone jamo
  by its name (ㄱ 기역, ㅏ 아);
* digits as Korean reads the number: "3" 삼, "10" 십, "1,000" 천, "20000" 이만,
  "2026-05-02" (the last number, 2) 이, "37.5663" (digits after a point one by one) 삼;
* Latin letters as an English word is said in Korean: a word with no vowel letter, or
  up to four capitals, is spelled out ("HTML" 에이치티엠엘 → ㄹ, "csv" 씨에스브이 → vowel,
  "URL" → ㄹ); otherwise -m, -n, -ng, -me, -ne end in a consonant, -l and -le in ㄹ,
  -b, -c, -k, -p, -t after a vowel letter in a consonant ("coop" 쿱, "market" 마켓),
  anything else in a vowel ("mapo", "here", "text", "id"). Romanized ids read the same way
  ("mapo-dolbom" 돌봄 → 이, "hansalim-seoul" → 로);
* anything else (an ideograph, most symbols) gets both forms, "X을(를)".

tossi (PyPI, 0.3.1, 2018) does Hangul and digits as above but writes both forms after
every Latin letter, which is how most ids and field names in `check`'s messages end; so
this module is ours, with no dependency.
"""

from __future__ import annotations

# (after a final consonant, after a vowel); 으로-forms also take the vowel form after ㄹ.
PAIRS: tuple[tuple[str, str], ...] = (
    ("을", "를"), ("이", "가"), ("은", "는"), ("과", "와"), ("으로", "로"), ("으로서", "로서"), ("으로써", "로써"),
    ("이나", "나"), ("이나마", "나마"), ("이든", "든"), ("이라", "라"), ("이라고", "라고"), ("이라는", "라는"), ("이랑", "랑"),
    ("이며", "며"), ("이고", "고"), ("이면", "면"), ("이야", "야"), ("아", "야"), ("이에요", "예요"), ("이었다", "였다"),
)
_BY_FORM: dict[str, tuple[str, str]] = {}
for _pair in PAIRS:
    _BY_FORM.setdefault(_pair[1], _pair)
    _BY_FORM[_pair[0]] = _pair  # "이" is 이/가 (listed before 이야's 야 could claim it)
_BY_FORM["이"] = ("이", "가")

RIEUL = 8  # index of ㄹ among the final consonants of a syllable
_QUOTES = "'\"`’”»›」』〉》】"
_BRACKETS = {")": "(", "]": "[", "}": "{", "）": "（", "〕": "〔"}
_DIGIT_FINAL = (21, RIEUL, 0, 16, 0, 0, 1, RIEUL, RIEUL, 0)  # 영 일 이 삼 사 오 육 칠 팔 구
_PLACE_FINAL = {1: 17, 2: 1, 3: 4}  # 십 (ㅂ), 백 (ㄱ), 천 (ㄴ)
_MYRIAD_FINAL = (0, 4, 1, 0, 21)  # -, 만 (ㄴ), 억 (ㄱ), 조 (a vowel), 경 (ㅇ)
# Jamo by their names: ㄱ 기역, ㄴ 니은, ..., ㄹ 리을; vowels are vowels.
_JAMO_FINAL = {"ㄱ": 1, "ㄲ": 1, "ㄳ": 1, "ㄴ": 4, "ㄵ": 4, "ㄶ": 4, "ㄷ": 7, "ㄸ": 7, "ㄹ": RIEUL, "ㄺ": RIEUL, "ㄻ": RIEUL,
               "ㄼ": RIEUL, "ㄽ": RIEUL, "ㄾ": RIEUL, "ㄿ": RIEUL, "ㅀ": RIEUL, "ㅁ": 16, "ㅂ": 17, "ㅃ": 17, "ㅄ": 17,
               "ㅅ": 19, "ㅆ": 19, "ㅇ": 21, "ㅈ": 22, "ㅉ": 22, "ㅊ": 23, "ㅋ": 24, "ㅌ": 25, "ㅍ": 26, "ㅎ": 27}
# Spelled-out letters: L 엘 and R 알 end in ㄹ, M 엠 and N 엔 in a consonant, the rest in a vowel.
_LETTER_FINAL = {"l": RIEUL, "r": RIEUL, "m": 16, "n": 4}
_VOWELS = set("aeiou")
_SYMBOL_FINAL = {"%": 0, "+": 0, "&": 0, "#": 17, "@": 0, "℃": 0, "°": 0, "㎡": 0, "㎞": 0, "㎏": 0}


def pair_of(particle: str) -> tuple[str, str]:
    """("을", "를") for "을/를", "를/을", "을(를)", "를" or "을"."""
    text = particle.replace("(", "/").replace(")", "").strip()
    forms = [f for f in text.split("/") if f]
    for form in forms:
        pair = _BY_FORM.get(form)
        if pair is not None and all(f in pair for f in forms):
            return pair
    if len(forms) == 2:  # an unlisted pair, taken as written: "<after a consonant>/<after a vowel>"
        return forms[0], forms[1]
    raise ValueError(f"unknown particle: {particle!r}")


def particle(word: str, pair: str) -> str:
    """The particle alone: particle("서울", "으로/로") is "로"."""
    with_final, without = pair_of(pair)
    final = final_sound(word)
    if final is None:
        if with_final.startswith("으") and without == with_final[1:]:
            return f"(으){without}"
        return f"{with_final}({without})"
    if final == 0 or (final == RIEUL and with_final == "으" + without):
        return without
    return with_final


def josa(word: str, pair: str) -> str:
    """`word` followed by the particle that agrees with it: josa("돌봄", "을/를") is "돌봄을"."""
    return f"{word}{particle(word, pair)}"


def quoted(word: object, pair: str) -> str:
    """The word in single quotes, as `check` shows values, with its particle: quoted("이름", "이/가") is "'이름'이"."""
    return f"'{word}'{particle(str(word), pair)}"


def final_sound(word: str) -> int | None:
    """Index of the final consonant the word ends with when read aloud (0: a vowel,
    8: ㄹ, other: another consonant), or None when it cannot be told."""
    text = _significant(str(word))
    if not text:
        return None
    last = text[-1]
    if "가" <= last <= "힣":
        return (ord(last) - 0xAC00) % 28
    if last.isascii() and last.isdigit():
        return _number_final(text)
    if last.isascii() and last.isalpha():
        return _latin_final(text)
    if last in _JAMO_FINAL:
        return _JAMO_FINAL[last]
    if "ㅏ" <= last <= "ㅣ":
        return 0
    return _SYMBOL_FINAL.get(last)


def _significant(text: str) -> str:
    """The text without what a reader skips at its end: spaces, closing quotes,
    ellipses and trailing bracketed parts ("이름(name)" reads as 이름)."""
    while True:
        stripped = text.rstrip().rstrip(_QUOTES).rstrip().rstrip("/")
        if stripped.endswith("…"):
            stripped = stripped.rstrip("…")
        elif stripped.endswith("..."):
            stripped = stripped.rstrip(".")
        if stripped and stripped[-1] in _BRACKETS:
            opening = stripped.rfind(_BRACKETS[stripped[-1]])
            before = stripped[:opening].rstrip() if opening >= 0 else ""
            # "(주)" alone, or an unmatched bracket: read what is inside
            stripped = before if before.rstrip(_QUOTES) else stripped[opening + 1 : -1] if opening >= 0 else stripped[:-1]
        if stripped == text:
            return text
        text = stripped


def _number_final(text: str) -> int:
    end = len(text)
    start = end
    while start > 0 and (text[start - 1].isdigit() and text[start - 1].isascii() or text[start - 1] == ","):
        start -= 1
    digits = text[start:end].replace(",", "")
    if start > 1 and text[start - 1] == "." and text[start - 2].isdigit():
        return _DIGIT_FINAL[int(digits[-1])]  # after a decimal point each digit is read alone
    digits = digits.lstrip("0")
    if not digits:
        return _DIGIT_FINAL[0]  # 영
    zeros = len(digits) - len(digits.rstrip("0"))
    if zeros == 0:
        return _DIGIT_FINAL[int(digits[-1])]
    if zeros % 4:
        return _PLACE_FINAL[zeros % 4]
    myriad = zeros // 4
    return _MYRIAD_FINAL[myriad] if myriad < len(_MYRIAD_FINAL) else 0


def _latin_final(text: str) -> int:
    start = len(text)
    while start > 0 and text[start - 1].isascii() and text[start - 1].isalpha():
        start -= 1
    word = text[start:]
    lower = word.lower()
    if not (_VOWELS & set(lower)) or (word.isupper() and len(word) <= 4):
        return _LETTER_FINAL.get(lower[-1], 0)  # spelled out: the last letter's name
    if lower.endswith("ng"):
        return 21
    last = lower[-1]
    if last in "mn":
        return 16 if last == "m" else 4
    if last == "l" or lower.endswith("le"):
        return RIEUL
    if lower.endswith(("me", "ne")) and len(lower) > 2:  # "name", "time", "phone", "one": the e is silent
        return 16 if lower[-2] == "m" else 4
    before = lower[:-2] if lower.endswith("ck") else lower[:-1]
    if last in "bckpt" and before[-1:] in _VOWELS and before:  # "coop", "chat", "web", "click"
        return 1
    return 0
