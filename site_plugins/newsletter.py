"""The newsletter (소식지): the archive, the issue pages' frame and an e-mail version of each issue.

Issues are editor Markdown (`content/newsletter/<slug>.md`) rendered by MkDocs. The
e-mail version (`/newsletter/<slug>/email.html`) is what an editor pastes into a
mailing tool: one self-contained document with inline styles and a table layout
(mail clients drop <style> and CSS layout), no script, and only absolute links,
since a letter has no page to be relative to.
"""

from __future__ import annotations

import re
from functools import partial

from . import jsonld
from .abslinks import absolutize, plain_text
from .context import BuildContext
from .model import Article
from .output import Decoration, OutputFile, Outputs, Page
from .render import kdate, render, trusted

TITLE = "소식지"
LEAD = "서울 협동조합 포털이 달마다 펴내는 소식지입니다. 교육 일정, 지원사업, 새 사례와 칼럼을 모아 전합니다."
FONT = "'Apple SD Gothic Neo','Malgun Gothic','Noto Sans KR',sans-serif"
# Inline styles per tag: the only styling most mail clients keep.
EMAIL_STYLES = {
    "h1": "margin:28px 0 12px;font-size:22px;line-height:1.4;color:#1b3a2f;",
    "h2": "margin:28px 0 12px;font-size:20px;line-height:1.4;color:#1b3a2f;",
    "h3": "margin:22px 0 10px;font-size:17px;line-height:1.4;color:#1b3a2f;",
    "h4": "margin:18px 0 8px;font-size:15px;color:#1b3a2f;",
    "p": "margin:0 0 14px;font-size:15px;line-height:1.7;color:#222222;",
    "ul": "margin:0 0 14px;padding-left:22px;font-size:15px;line-height:1.7;color:#222222;",
    "ol": "margin:0 0 14px;padding-left:22px;font-size:15px;line-height:1.7;color:#222222;",
    "li": "margin:0 0 6px;",
    "a": "color:#1a6b4f;text-decoration:underline;",
    "table": "border-collapse:collapse;width:100%;margin:0 0 16px;font-size:14px;line-height:1.5;",
    "th": "border:1px solid #cfd8d3;background:#eef4f1;padding:6px 8px;text-align:left;",
    "td": "border:1px solid #cfd8d3;padding:6px 8px;vertical-align:top;",
    "blockquote": "margin:0 0 14px;padding:4px 14px;border-left:4px solid #cfd8d3;color:#444444;",
    "code": "font-family:monospace;font-size:14px;background:#f3f3f3;",
    "pre": "white-space:pre-wrap;background:#f3f3f3;padding:10px;font-size:13px;",
    "hr": "border:0;border-top:1px solid #dddddd;margin:24px 0;",
    "img": "max-width:100%;height:auto;",
}
_OPEN_TAG = re.compile(r"<(" + "|".join(EMAIL_STYLES) + r")(\s[^>]*)?>")
_STYLE_ATTR = re.compile(r'\sstyle="([^"]*)"')


def issue_url(article: Article) -> str:
    return article.url


def email_path(article: Article) -> str:
    return f"{article.url}email.html"


def text_path(article: Article) -> str:
    return f"{article.url}email.txt"


def generate(ctx: BuildContext) -> Outputs:
    out = Outputs()
    out.pages.append(Page(url="newsletter/", title=TITLE, description=LEAD, nav=True, render=partial(_render_archive, ctx)))
    issues = ctx.site.articles_of("newsletter")  # newest first
    for index, issue in enumerate(issues):
        newer = issues[index - 1] if index > 0 else None
        older = issues[index + 1] if index + 1 < len(issues) else None
        out.decorations.append(
            Decoration(
                src_uri=f"newsletter/{issue.slug}.md",
                before=partial(_render_frame, ctx, issue, "before", newer, older),
                after=partial(_render_frame, ctx, issue, "after", newer, older),
                head=partial(jsonld.article_head, ctx, issue),
            )
        )
        out.files.append(OutputFile(email_path(issue), partial(email_html, ctx, issue)))
        out.files.append(OutputFile(text_path(issue), partial(email_text, ctx, issue)))
    return out


def _render_archive(ctx: BuildContext) -> str:
    issues = ctx.site.articles_of("newsletter")
    return render("newsletter_archive.html", "newsletter/", ctx.site, title=TITLE, lead=LEAD, issues=issues, has_feeds=bool(ctx.site_url))


def _render_frame(ctx: BuildContext, issue: Article, part: str, newer: Article | None, older: Article | None) -> str:
    return render("newsletter_frame.html", issue.url, ctx.site, part=part, issue=issue, newer=newer, older=older)


def article_body_html(ctx: BuildContext, article: Article) -> str:
    """An article's Markdown (an issue, a case, a column) as HTML with absolute links, for
    e-mail and feed readers, which have no page to resolve a relative link against."""
    return absolutize(ctx.markdown_html(article.body), f"{article.kind}/{article.slug}.md", ctx.absolute)


def issue_body_html(ctx: BuildContext, issue: Article) -> str:
    """The issue's Markdown as HTML with absolute links (e-mail and feed readers)."""
    return article_body_html(ctx, issue)


def inline_styles(fragment: str) -> str:
    def add(match: re.Match[str]) -> str:
        tag, attrs = match.group(1), match.group(2) or ""
        style = EMAIL_STYLES[tag]
        existing = _STYLE_ATTR.search(attrs)
        if existing:  # tables already say text-align: keep it after ours so it wins
            attrs = _STYLE_ATTR.sub("", attrs)
            style += existing.group(1)
        return f'<{tag} style="{style}"{attrs}>'

    return _OPEN_TAG.sub(add, fragment)


def email_html(ctx: BuildContext, issue: Article) -> bytes:
    body = inline_styles(issue_body_html(ctx, issue))
    page = render(
        "newsletter_email.html",
        email_path(issue),
        ctx.site,
        issue=issue,
        body=trusted(body),
        font=FONT,
        web_url=ctx.absolute(issue.url),
        home_url=ctx.absolute(""),
        archive_url=ctx.absolute("newsletter/"),
        subscribe_url=ctx.absolute("subscribe/"),
        feed_url=ctx.absolute("feed.xml") if ctx.site_url else "",
    )
    return (page.rstrip("\n") + "\n").encode("utf-8")


def email_text(ctx: BuildContext, issue: Article) -> bytes:
    """The plain-text part of the letter (mailing tools send it beside the HTML)."""
    lines = [issue.title, kdate(issue.date)]
    if issue.summary:
        lines += ["", issue.summary]
    lines += ["", f"웹에서 보기: {ctx.absolute(issue.url)}", "", plain_text(issue.body, f"newsletter/{issue.slug}.md", ctx.absolute).strip(), "", "--"]
    lines.append("서울 협동조합 포털 소식지는 달마다 나옵니다.")
    lines.append(f"지난 소식지: {ctx.absolute('newsletter/')}")
    lines.append(f"구독 방법: {ctx.absolute('subscribe/')}")
    if ctx.site_url:
        lines.append(f"RSS: {ctx.absolute('feed.xml')}")
    return ("\n".join(lines) + "\n").encode("utf-8")
