"""`python -m site_plugins <command>`: the editors' and maintainers' command line."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .load import load_site


def _check(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    site, problems = load_site(Path(args.root))
    for problem in problems.sorted():
        print(problem)
    elapsed = time.perf_counter() - started
    if problems:
        print(f"문제 {len(problems.sorted())}건을 찾았습니다. 위 파일과 줄을 고친 뒤 다시 확인하세요.", file=sys.stderr)
        return 1
    counts = (
        f"협동조합 {len(site.coops):,}곳, 상담센터 {len(site.centers)}곳, 교육 {len(site.courses)}개, "
        f"지원사업 {len(site.programs)}개, 필자 {len(site.authors)}명, "
        f"사례 {len(site.articles.get('cases', {}))}편, 칼럼 {len(site.articles.get('columns', {}))}편, "
        f"소식지 {len(site.articles.get('newsletter', {}))}호, "
        f"자료실 {len(site.library)}건, 채용·모집 {len(site.jobs)}건, 행사 {len(site.events)}건"
    )
    print(f"문제 없음: {counts} ({elapsed:.1f}초)", file=sys.stderr)
    return 0


def _new(args: argparse.Namespace) -> int:
    from .scaffold import NEW_KINDS, ScaffoldError, create

    root = Path(args.root)
    try:
        target = create(root, args.kind, args.id)
    except ScaffoldError as exc:
        print(f"만들지 않았습니다: {exc}", file=sys.stderr)
        return 1
    rel = target.relative_to(root).as_posix()
    print(rel)
    print(
        f"{NEW_KINDS[args.kind].label} 파일을 만들었습니다: {rel}\n"
        "파일을 열어 [필수] 항목을 채우고, 필요한 [선택] 항목의 '# '를 지운 뒤 "
        "'make check'(또는 python -m site_plugins check)로 확인하세요.",
        file=sys.stderr,
    )
    return 0


def _synth(args: argparse.Namespace) -> int:
    from .synth import synthesize

    started = time.perf_counter()
    result = synthesize(Path(args.repo), Path(args.out), args.coops, seed=args.seed)
    elapsed = time.perf_counter() - started
    print(f"{result.root}: 협동조합 {result.coops:,}곳 (합성 {result.synthetic:,}곳, {elapsed:.1f}초)", file=sys.stderr)
    return 0


def _bench(args: argparse.Namespace) -> int:
    from .bench import run

    return run(args)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m site_plugins", description="서울 협동조합 포털 도구")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="data/와 content/를 검사합니다(사이트는 만들지 않음)")
    check.add_argument("--root", default=".", help="저장소 최상위 폴더 (기본: 현재 폴더)")
    check.set_defaults(run=_check)
    from .scaffold import NEW_KINDS

    new = commands.add_parser("new", help="새 기록이나 글의 틀(설명 주석 포함)을 만듭니다")
    # no argparse `choices`: a mistyped kind gets the Korean answer from scaffold.create
    new.add_argument("kind", metavar="종류", help=f"만들 종류: {', '.join(NEW_KINDS)}")
    new.add_argument("id", help="파일 이름이자 주소가 될 id (영문 소문자, 숫자, 하이픈: 예 mapo-dolbom)")
    new.add_argument("--root", default=".", help="저장소 최상위 폴더 (기본: 현재 폴더)")
    new.set_defaults(run=_new)
    synth = commands.add_parser("synth", help="성능 측정용 합성 저장소를 만듭니다")
    synth.add_argument("--coops", type=int, default=30000, help="협동조합 수 (저장소의 실제 기록 포함)")
    synth.add_argument("--out", required=True, help="만들 폴더")
    synth.add_argument("--seed", type=int, default=1, help="난수 씨앗: 같은 값이면 같은 결과")
    synth.add_argument("--repo", default=".", help="복사할 저장소 (기본: 현재 폴더)")
    synth.set_defaults(run=_synth)
    from .bench import add_arguments

    bench = commands.add_parser("bench", help="합성 저장소로 빌드 시간과 메모리를 잽니다")
    add_arguments(bench)
    bench.set_defaults(run=_bench)
    args = parser.parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
